using System.Text.Json.Serialization;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>The body of <c>POST /api/2.0/sql/statements</c> (reference §4.1).</summary>
internal sealed record ExecuteStatementRequest
{
    public required string Statement { get; init; }

    public required string WarehouseId { get; init; }

    public string? Catalog { get; init; }

    public string? Schema { get; init; }

    public IReadOnlyList<StatementParameter>? Parameters { get; init; }

    public string? WaitTimeout { get; init; }

    public WaitTimeoutAction? OnWaitTimeout { get; init; }

    public ResultDisposition? Disposition { get; init; }

    public ResultFormat? Format { get; init; }

    public long? RowLimit { get; init; }

    public long? ByteLimit { get; init; }
}

/// <summary>A statement's state and, when it failed, why (reference §4.2).</summary>
public sealed record StatementStatus
{
    /// <summary>Gets the state.</summary>
    public StatementState State { get; init; }

    /// <summary>Gets the error when the state is FAILED.</summary>
    public StatementError? Error { get; init; }

    /// <summary>Gets the SQLSTATE of a failed statement (for example <c>2D521</c> for a Delta conflict).</summary>
    public string? SqlState { get; init; }
}

/// <summary>The error of a failed statement.</summary>
public sealed record StatementError
{
    /// <summary>Gets the service's error code (for example <c>BAD_REQUEST</c>); open-ended.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Gets the message, usually <c>[ERROR_CLASS.SUBCLASS] text … SQLSTATE: xxxxx</c>.</summary>
    public string? Message { get; init; }
}

/// <summary>The response of the execute and get calls: id, status, and when succeeded, manifest and first chunk.</summary>
public sealed record StatementResponse
{
    /// <summary>Gets the statement id.</summary>
    public required string StatementId { get; init; }

    /// <summary>Gets the status.</summary>
    public required StatementStatus Status { get; init; }

    /// <summary>Gets the result manifest (schema, chunks) once the statement succeeded.</summary>
    public ResultManifest? Manifest { get; init; }

    /// <summary>Gets the first chunk of the result, when the statement succeeded.</summary>
    public ResultChunk? Result { get; init; }
}

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

/// <summary>The columns of a result.</summary>
public sealed record ResultSchema
{
    /// <summary>Gets the number of columns.</summary>
    public int ColumnCount { get; init; }

    /// <summary>Gets the columns in position order.</summary>
    public IReadOnlyList<ResultColumn> Columns { get; init; } = [];
}

/// <summary>One result column as the manifest describes it.</summary>
public sealed record ResultColumn
{
    /// <summary>Gets the column name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the 0-based position.</summary>
    public int Position { get; init; }

    /// <summary>Gets the type name (for example <c>DECIMAL</c>).</summary>
    public SqlTypeName TypeName { get; init; }

    /// <summary>Gets the full type text (for example <c>DECIMAL(10,2)</c>, <c>ARRAY&lt;INT&gt;</c>).</summary>
    public string? TypeText { get; init; }

    /// <summary>Gets the decimal precision.</summary>
    public int? TypePrecision { get; init; }

    /// <summary>Gets the decimal scale.</summary>
    public int? TypeScale { get; init; }

    /// <summary>Gets the interval qualifier for INTERVAL columns.</summary>
    public string? TypeIntervalType { get; init; }
}

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

/// <summary>
/// A pre-signed link to one chunk. Fetched with a plain GET that never carries the Databricks token, sending only
/// <see cref="HttpHeaders"/>. The URL and headers are secrets: they never reach logs or exception messages.
/// </summary>
public sealed record ExternalLink
{
    /// <summary>Gets the chunk index.</summary>
    public int ChunkIndex { get; init; }

    /// <summary>Gets the offset of the chunk's first row.</summary>
    public long RowOffset { get; init; }

    /// <summary>Gets the number of rows.</summary>
    public long RowCount { get; init; }

    /// <summary>Gets the byte size.</summary>
    public long? ByteCount { get; init; }

    /// <summary>Gets the pre-signed URL.</summary>
    [JsonPropertyName("external_link")]
    public required string Url { get; init; }

    /// <summary>Gets when the link expires (at most 15 minutes after it was issued).</summary>
    public DateTimeOffset? Expiration { get; init; }

    /// <summary>Gets the headers the download must send.</summary>
    public IReadOnlyDictionary<string, string>? HttpHeaders { get; init; }

    /// <summary>Gets the index of the next chunk.</summary>
    public int? NextChunkIndex { get; init; }

    /// <summary>Gets the host-relative path of the next chunk.</summary>
    public string? NextChunkInternalLink { get; init; }

    /// <inheritdoc/>
    public override string ToString() => $"ExternalLink {{ ChunkIndex = {ChunkIndex}, RowCount = {RowCount}, Url = *** }}";
}
