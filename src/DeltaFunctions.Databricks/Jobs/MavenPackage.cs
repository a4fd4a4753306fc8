namespace DeltaFunctions.Databricks.Jobs;

/// <summary>A Maven package of a library (<c>maven</c>).</summary>
public sealed record MavenPackage
{
    /// <summary>Gets the coordinates <c>group:artifact:version</c>.</summary>
    public required string Coordinates { get; init; }

    /// <summary>Gets the repository when not Maven Central.</summary>
    public string? Repo { get; init; }

    /// <summary>Gets the dependencies to exclude.</summary>
    public IReadOnlyList<string>? Exclusions { get; init; }
}
