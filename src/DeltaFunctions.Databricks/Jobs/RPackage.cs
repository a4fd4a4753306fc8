namespace DeltaFunctions.Databricks.Jobs;

/// <summary>A CRAN package of a library (<c>cran</c>).</summary>
public sealed record RPackage
{
    /// <summary>Gets the package name.</summary>
    public required string Package { get; init; }

    /// <summary>Gets the repository when not CRAN.</summary>
    public string? Repo { get; init; }
}
