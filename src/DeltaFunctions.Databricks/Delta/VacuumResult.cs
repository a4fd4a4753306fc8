namespace DeltaFunctions.Databricks.Delta;

/// <summary>The outcome of VACUUM (reference §6.6).</summary>
public sealed record VacuumResult : DeltaOperationResult
{
    /// <summary>Gets a value indicating whether nothing was deleted (<c>DRY RUN</c>).</summary>
    public bool DryRun { get; init; }

    /// <summary>Gets, with a dry run, the files that would be deleted; otherwise what the service returned.</summary>
    public IReadOnlyList<string> Paths { get; init; } = [];
}
