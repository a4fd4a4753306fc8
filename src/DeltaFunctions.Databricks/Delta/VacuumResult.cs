namespace DeltaFunctions.Databricks.Delta;

/// <summary>The outcome of VACUUM.</summary>
/// <param name="DryRun">Whether nothing was deleted.</param>
/// <param name="Paths">With a dry run, the files that would be deleted; otherwise what the service returned.</param>
public sealed partial record VacuumResult(bool DryRun, IReadOnlyList<string> Paths);
