namespace DeltaFunctions.Databricks.Jobs;

/// <summary>A PyPI package of a library (<c>pypi</c>).</summary>
public sealed record PythonPackage
{
    /// <summary>Gets the requirement, for example <c>requests==2.32.3</c>.</summary>
    public required string Package { get; init; }

    /// <summary>Gets the index URL when not PyPI.</summary>
    public string? Repo { get; init; }
}
