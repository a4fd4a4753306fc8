namespace DeltaFunctions.Databricks.Sql;

/// <summary>The position and size of one result chunk.</summary>
public sealed record ChunkInfo
{
    /// <summary>Gets the chunk index.</summary>
    public int ChunkIndex { get; init; }

    /// <summary>Gets the offset of the chunk's first row.</summary>
    public long RowOffset { get; init; }

    /// <summary>Gets the number of rows.</summary>
    public long RowCount { get; init; }

    /// <summary>Gets the byte size (not reported for INLINE results).</summary>
    public long? ByteCount { get; init; }
}
