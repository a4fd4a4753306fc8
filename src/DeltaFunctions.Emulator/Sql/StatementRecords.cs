namespace DeltaFunctions.Emulator.Sql;

/// <summary>The body of <c>POST /api/2.0/sql/statements</c> (reference §4.1).</summary>
internal sealed record ExecuteStatementRequest
{
    public string? Statement { get; init; }

    public string? WarehouseId { get; init; }

    public string? Catalog { get; init; }

    public string? Schema { get; init; }

    public IReadOnlyList<StatementParameter>? Parameters { get; init; }

    public string? WaitTimeout { get; init; }

    public string? OnWaitTimeout { get; init; }

    public string? Disposition { get; init; }

    public string? Format { get; init; }

    public long? RowLimit { get; init; }

    public long? ByteLimit { get; init; }

    /// <summary>Gets the requested compression of Arrow results: <c>LZ4_FRAME</c> or <c>NONE</c>.</summary>
    public string? ResultCompression { get; init; }

    /// <summary>Gets the statement's query tags: <c>[{"key": "team", "value": "eng"}]</c>, value optional.</summary>
    public IReadOnlyList<QueryTag>? QueryTags { get; init; }
}

/// <summary>One query tag: a key and an optional value.</summary>
internal sealed record QueryTag
{
    public string? Key { get; init; }

    public string? Value { get; init; }
}

/// <summary>A named parameter: <c>{"name": "d", "value": "2020-01-01", "type": "DATE"}</c>.</summary>
internal sealed record StatementParameter
{
    public string? Name { get; init; }

    public string? Value { get; init; }

    public string? Type { get; init; }
}

/// <summary>The answer of submit and get (reference §4.2).</summary>
internal sealed record StatementResponse(string StatementId, StatementStatus Status)
{
    public ResultManifest? Manifest { get; init; }

    public ResultData? Result { get; init; }
}

/// <summary>The statement's state, with the error and SQLSTATE when it FAILED.</summary>
internal sealed record StatementStatus(string State)
{
    public ServiceError? Error { get; init; }

    public string? SqlState { get; init; }
}

/// <summary>A statement failure.</summary>
internal sealed record ServiceError(string ErrorCode, string Message);

/// <summary>The shape of the result: format, schema and chunks.</summary>
internal sealed record ResultManifest
{
    public required string Format { get; init; }

    public required ResultSchema Schema { get; init; }

    public required int TotalChunkCount { get; init; }

    public IReadOnlyList<ChunkInfo>? Chunks { get; init; }

    public required long TotalRowCount { get; init; }

    public long? TotalByteCount { get; init; }

    public required bool Truncated { get; init; }

    /// <summary>Gets the codec Arrow chunks are compressed with (<c>LZ4_FRAME</c>); absent when uncompressed.</summary>
    public string? ResultCompression { get; init; }
}

/// <summary>The result columns.</summary>
internal sealed record ResultSchema(int ColumnCount, IReadOnlyList<ColumnInfo> Columns);

/// <summary>One result column.</summary>
internal sealed record ColumnInfo(string Name, int Position, string TypeName, string TypeText)
{
    public int? TypePrecision { get; init; }

    public int? TypeScale { get; init; }

    public string? TypeIntervalType { get; init; }
}

/// <summary>One chunk's place in the result.</summary>
internal sealed record ChunkInfo(int ChunkIndex, long RowOffset, long RowCount)
{
    public long? ByteCount { get; init; }
}

/// <summary>One chunk of data: inline rows or external links.</summary>
internal sealed record ResultData(int ChunkIndex, long RowOffset, long RowCount)
{
    public long? ByteCount { get; init; }

    public IReadOnlyList<IReadOnlyList<string?>>? DataArray { get; init; }

    public IReadOnlyList<ExternalLink>? ExternalLinks { get; init; }

    /// <summary>Gets the chunk's Arrow IPC stream, base64 (and LZ4 framed when the manifest says so).</summary>
    public string? Attachment { get; init; }

    public int? NextChunkIndex { get; init; }

    public string? NextChunkInternalLink { get; init; }
}

/// <summary>A presigned-style link to one chunk.</summary>
internal sealed record ExternalLink
{
    public required int ChunkIndex { get; init; }

    public required long RowOffset { get; init; }

    public required long RowCount { get; init; }

    public required long ByteCount { get; init; }

    [System.Text.Json.Serialization.JsonPropertyName("external_link")]
    public required string ExternalLinkUrl { get; init; }

    public required string Expiration { get; init; }

    public IReadOnlyDictionary<string, string> HttpHeaders { get; init; } = new Dictionary<string, string>();

    public int? NextChunkIndex { get; init; }

    public string? NextChunkInternalLink { get; init; }
}
