namespace DeltaFunctions.Databricks.Delta;

/// <summary>
/// The outcome of OPTIMIZE: the table location and the <c>metrics</c> struct (reference §6.6), its well-known counts
/// typed. A count is null when the runtime did not report it.
/// </summary>
public sealed record OptimizeResult : DeltaOperationResult
{
    /// <summary>Gets the table location (<c>path</c>).</summary>
    public string? Path { get; init; }

    /// <summary>Gets the number of files written (<c>numFilesAdded</c>).</summary>
    public long? NumFilesAdded { get; init; }

    /// <summary>Gets the number of files removed (<c>numFilesRemoved</c>).</summary>
    public long? NumFilesRemoved { get; init; }

    /// <summary>Gets the number of partitions compacted (<c>partitionsOptimized</c>).</summary>
    public long? PartitionsOptimized { get; init; }

    /// <summary>Gets the number of batches the compaction ran in (<c>numBatches</c>).</summary>
    public long? NumBatches { get; init; }

    /// <summary>Gets the number of files considered (<c>totalConsideredFiles</c>).</summary>
    public long? TotalConsideredFiles { get; init; }

    /// <summary>Gets the number of files left as they were (<c>totalFilesSkipped</c>).</summary>
    public long? TotalFilesSkipped { get; init; }

    /// <summary>
    /// Gets the whole <c>metrics</c> struct as decoded, by field name, including the fields not typed above (nested
    /// structs such as <c>filesAdded</c> stay dictionaries).
    /// </summary>
    public IReadOnlyDictionary<string, object?> Metrics { get; init; } = new Dictionary<string, object?>();
}
