namespace DeltaFunctions.Pipelines.Handlers;

/// <summary>
/// Where a result too large to inline can be read: the statement id (results stay available for 1 hour after
/// success, reference §4.3) and the manifest's summary. <c>GET /api/sql/{statementId}</c> pages it through
/// <see cref="SqlRequestHandler.GetResultPageAsync"/>.
/// </summary>
public sealed record SqlResultReference
{
    /// <summary>The statement id.</summary>
    public required string StatementId { get; init; }

    /// <summary>Rows in the whole result (<c>manifest.total_row_count</c>).</summary>
    public long TotalRowCount { get; init; }

    /// <summary>Bytes in the whole result when Databricks reports it (<c>manifest.total_byte_count</c>).</summary>
    public long? TotalByteCount { get; init; }

    /// <summary>Chunks (pages) in the result (<c>manifest.total_chunk_count</c>).</summary>
    public int TotalChunkCount { get; init; }

    /// <summary>Whether the row limit cut the result short (<c>manifest.truncated</c>).</summary>
    public bool Truncated { get; init; }
}
