namespace DeltaFunctions.Databricks.Delta;

/// <summary>The outcome of RESTORE.</summary>
/// <param name="Metrics">The output row: table_size_after_restore, num_restored_files, …</param>
public sealed partial record RestoreResult(IReadOnlyDictionary<string, object?> Metrics);
