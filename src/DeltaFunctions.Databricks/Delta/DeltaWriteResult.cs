namespace DeltaFunctions.Databricks.Delta;

/// <summary>The outcome of a write, delete or update.</summary>
/// <param name="NumAffectedRows">Rows written, deleted or updated.</param>
/// <param name="NumInsertedRows">Rows inserted (writes).</param>
/// <param name="Staged">Whether the rows went through a staged file rather than a bound parameter.</param>
public sealed partial record DeltaWriteResult(long NumAffectedRows, long NumInsertedRows, bool Staged = false);
