namespace DeltaFunctions.Databricks.Sql;

/// <summary>One chunk of a result: inline rows or external links, and where the next chunk is.</summary>
public sealed record ResultChunk
{
    /// <summary>Gets the chunk index.</summary>
    public int ChunkIndex { get; init; }

    /// <summary>Gets the offset of the chunk's first row.</summary>
    public long RowOffset { get; init; }

    /// <summary>Gets the number of rows.</summary>
    public long RowCount { get; init; }

    /// <summary>Gets the byte size (not reported for INLINE results).</summary>
    public long? ByteCount { get; init; }

    /// <summary>Gets the inline rows (JSON_ARRAY): each non-null cell is a JSON string, NULL is JSON null.</summary>
    public IReadOnlyList<IReadOnlyList<string?>>? DataArray { get; init; }

    /// <summary>Gets the external links (EXTERNAL_LINKS disposition).</summary>
    public IReadOnlyList<ExternalLink>? ExternalLinks { get; init; }

    /// <summary>Gets the index of the next chunk; absent on the last chunk.</summary>
    public int? NextChunkIndex { get; init; }

    /// <summary>Gets the host-relative path of the next chunk; absent on the last chunk.</summary>
    public string? NextChunkInternalLink { get; init; }

    /// <summary>Gets a base64 Arrow attachment (hybrid disposition), when present.</summary>
    public string? Attachment { get; init; }
}
