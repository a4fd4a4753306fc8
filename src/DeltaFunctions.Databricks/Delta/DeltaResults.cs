namespace DeltaFunctions.Databricks.Delta;

/// <summary>The outcome of a write, delete or update.</summary>
/// <param name="NumAffectedRows">Rows written, deleted or updated.</param>
/// <param name="NumInsertedRows">Rows inserted (writes).</param>
/// <param name="Staged">Whether the rows went through a staged file rather than a bound parameter.</param>
public sealed record DeltaWriteResult(long NumAffectedRows, long NumInsertedRows, bool Staged = false);

/// <summary>The outcome of OPTIMIZE.</summary>
/// <param name="Path">The table location.</param>
/// <param name="Metrics">The metrics struct (numFilesAdded, numFilesRemoved, …).</param>
public sealed record OptimizeResult(string? Path, IReadOnlyDictionary<string, object?> Metrics)
{
    /// <summary>Gets the number of files written.</summary>
    public long? NumFilesAdded => Metrics.TryGetValue("numFilesAdded", out var v) && v is not null ? Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>Gets the number of files removed.</summary>
    public long? NumFilesRemoved => Metrics.TryGetValue("numFilesRemoved", out var v) && v is not null ? Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) : null;
}

/// <summary>The outcome of VACUUM.</summary>
/// <param name="DryRun">Whether nothing was deleted.</param>
/// <param name="Paths">With a dry run, the files that would be deleted; otherwise what the service returned.</param>
public sealed record VacuumResult(bool DryRun, IReadOnlyList<string> Paths);

/// <summary>The outcome of RESTORE.</summary>
/// <param name="Metrics">The output row: table_size_after_restore, num_restored_files, …</param>
public sealed record RestoreResult(IReadOnlyDictionary<string, object?> Metrics);

/// <summary>One commit of a table's history (<c>DESCRIBE HISTORY</c>, newest first).</summary>
public sealed record HistoryEntry
{
    /// <summary>Gets the version.</summary>
    public long Version { get; init; }

    /// <summary>Gets the commit time.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>Gets the operation (WRITE, MERGE, DELETE, RESTORE, …).</summary>
    public string? Operation { get; init; }

    /// <summary>Gets the operation parameters.</summary>
    public IReadOnlyDictionary<object, object?> OperationParameters { get; init; } = new Dictionary<object, object?>();

    /// <summary>Gets the operation metrics (numOutputRows, numTargetRowsInserted, …).</summary>
    public IReadOnlyDictionary<object, object?> OperationMetrics { get; init; } = new Dictionary<object, object?>();

    /// <summary>Gets the user name.</summary>
    public string? UserName { get; init; }

    /// <summary>Gets the version the commit read.</summary>
    public long? ReadVersion { get; init; }

    /// <summary>Gets a value indicating whether the commit only appended.</summary>
    public bool? IsBlindAppend { get; init; }
}
