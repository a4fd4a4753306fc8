namespace DeltaFunctions.Databricks.Sql;

/// <summary>The description of a statement's result: format, schema and chunks.</summary>
public sealed record ResultManifest
{
    /// <summary>Gets the result format.</summary>
    public ResultFormat Format { get; init; }

    /// <summary>Gets the result schema.</summary>
    public ResultSchema? Schema { get; init; }

    /// <summary>Gets the number of chunks.</summary>
    public int TotalChunkCount { get; init; }

    /// <summary>Gets the chunk descriptions.</summary>
    public IReadOnlyList<ChunkInfo>? Chunks { get; init; }

    /// <summary>Gets the total number of rows.</summary>
    public long TotalRowCount { get; init; }

    /// <summary>Gets the total byte count (not reported for INLINE results).</summary>
    public long? TotalByteCount { get; init; }

    /// <summary>Gets a value indicating whether the result was cut by <c>row_limit</c> or <c>byte_limit</c>.</summary>
    public bool Truncated { get; init; }

    /// <summary>Gets the compression codec of Arrow chunks (for example <c>LZ4_FRAME</c>), when any.</summary>
    public string? ResultCompression { get; init; }
}
