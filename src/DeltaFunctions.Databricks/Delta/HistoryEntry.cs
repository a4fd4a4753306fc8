namespace DeltaFunctions.Databricks.Delta;

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
