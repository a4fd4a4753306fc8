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

    /// <summary>Gets the operation parameters by name (<c>mode</c>, <c>predicate</c>, …), values as Delta writes them.</summary>
    public IReadOnlyDictionary<string, string> OperationParameters { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets the operation metrics, typed (numOutputRows, numTargetRowsInserted, …; every metric in <see cref="DeltaOperationMetrics.Values"/>).</summary>
    public DeltaOperationMetrics OperationMetrics { get; init; } = DeltaOperationMetrics.Empty;

    /// <summary>Gets the user name.</summary>
    public string? UserName { get; init; }

    /// <summary>Gets the version the commit read.</summary>
    public long? ReadVersion { get; init; }

    /// <summary>Gets a value indicating whether the commit only appended.</summary>
    public bool? IsBlindAppend { get; init; }
}
