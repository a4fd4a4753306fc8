using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// Reads the statement response family (<see cref="StatementResponse"/>, <see cref="StatementStatus"/>,
/// <see cref="StatementError"/>, <see cref="ResultManifest"/>, <see cref="ResultSchema"/>, <see cref="ResultColumn"/>,
/// <see cref="ChunkInfo"/>, <see cref="ResultChunk"/>, <see cref="ExternalLink"/>; reference §4.2) field by field, as the
/// source-generated metadata did with <see cref="DatabricksSqlJsonContext"/>'s options: snake_case names matched exactly,
/// unknown fields skipped, the last of duplicate fields kept, numbers also accepted as JSON strings
/// (<c>AllowReadingFromString</c>), JSON null giving null for nullable fields and reference-typed fields (required ones
/// included), and a <see cref="JsonException"/> for a wrong token, a null where a value type is expected, or a missing
/// required field. Unknown <see cref="StatementState"/>, <see cref="ResultFormat"/> and <see cref="SqlTypeName"/> values are
/// kept as they are. Cold start (#17): the generated metadata built a <c>JsonPropertyInfo&lt;T&gt;</c> and converter per
/// value-type property type, generic code of System.Text.Json that ReadyToRun cannot precompile into this library, so the
/// first query JIT-compiled about 430 methods; this reader is precompiled. The equivalence with the generated metadata is
/// proven in <c>StatementResponseReaderTests</c>, with one deliberate difference: a schema without <c>columns</c> has an
/// empty <see cref="ResultSchema.Columns"/> (its declared default), where the generated metadata gave null.
/// </summary>
internal static class StatementJsonReader
{
    /// <summary>Reads one value of <typeparamref name="T"/>; the reader is on its first token.</summary>
    /// <typeparam name="T">The type read.</typeparam>
    /// <param name="reader">The reader.</param>
    /// <returns>The value, or null for JSON null.</returns>
    public delegate T? Reader<T>(ref Utf8JsonReader reader)
        where T : class;

    /// <summary>Gets the metadata the client deserializes statement responses with (the Sql context's options, this reader).</summary>
    public static JsonTypeInfo<StatementResponse> Response { get; } = StatementJsonConverter<StatementResponse>.CreateTypeInfo(ReadResponse);

    /// <summary>Gets the metadata the client deserializes result chunks with (the Sql context's options, this reader).</summary>
    public static JsonTypeInfo<ResultChunk> Chunk { get; } = StatementJsonConverter<ResultChunk>.CreateTypeInfo(ReadChunk);

    /// <summary>Reads a statement response; the reader is on its first token.</summary>
    public static StatementResponse? ReadResponse(ref Utf8JsonReader reader)
    {
        if (!StartObject(ref reader, nameof(StatementResponse)))
        {
            return null;
        }

        string? statementId = null;
        StatementStatus? status = null;
        ResultManifest? manifest = null;
        ResultChunk? result = null;
        bool hasStatementId = false, hasStatus = false;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("statement_id"u8))
            {
                statementId = ReadString(ref reader);
                hasStatementId = true;
            }
            else if (reader.ValueTextEquals("status"u8))
            {
                Advance(ref reader);
                status = ReadStatus(ref reader);
                hasStatus = true;
            }
            else if (reader.ValueTextEquals("manifest"u8))
            {
                Advance(ref reader);
                manifest = ReadManifest(ref reader);
            }
            else if (reader.ValueTextEquals("result"u8))
            {
                Advance(ref reader);
                result = ReadChunk(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        if (!hasStatementId || !hasStatus)
        {
            throw MissingRequired(nameof(StatementResponse), hasStatementId ? "status" : "statement_id");
        }

        return new StatementResponse { StatementId = statementId!, Status = status!, Manifest = manifest, Result = result };
    }

    /// <summary>Reads one result chunk (the <c>result</c> field, or the body of a chunk fetch); the reader is on its first token.</summary>
    public static ResultChunk? ReadChunk(ref Utf8JsonReader reader)
    {
        if (!StartObject(ref reader, nameof(ResultChunk)))
        {
            return null;
        }

        var position = default(ChunkPosition);
        List<IReadOnlyList<string?>>? dataArray = null;
        List<ExternalLink?>? externalLinks = null;
        int? nextChunkIndex = null;
        string? nextChunkInternalLink = null, attachment = null;
        while (NextProperty(ref reader))
        {
            if (TryReadPosition(ref reader, ref position))
            {
                continue;
            }

            if (reader.ValueTextEquals("data_array"u8))
            {
                dataArray = ReadDataArray(ref reader);
            }
            else if (reader.ValueTextEquals("external_links"u8))
            {
                externalLinks = ReadList<ExternalLink>(ref reader, "external_links", ReadExternalLink);
            }
            else if (reader.ValueTextEquals("next_chunk_index"u8))
            {
                nextChunkIndex = ReadNullableInt32(ref reader);
            }
            else if (reader.ValueTextEquals("next_chunk_internal_link"u8))
            {
                nextChunkInternalLink = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("attachment"u8))
            {
                attachment = ReadString(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return new ResultChunk
        {
            ChunkIndex = position.ChunkIndex,
            RowOffset = position.RowOffset,
            RowCount = position.RowCount,
            ByteCount = position.ByteCount,
            DataArray = dataArray,
            ExternalLinks = externalLinks!,
            NextChunkIndex = nextChunkIndex,
            NextChunkInternalLink = nextChunkInternalLink,
            Attachment = attachment,
        };
    }

    private static StatementStatus? ReadStatus(ref Utf8JsonReader reader)
    {
        if (!StartObject(ref reader, nameof(StatementStatus)))
        {
            return null;
        }

        StatementState state = default;
        StatementError? error = null;
        string? sqlState = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("state"u8))
            {
                Advance(ref reader);
                state = StringValueJsonConverter<StatementState>.ReadValue(ref reader);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                Advance(ref reader);
                error = ReadError(ref reader);
            }
            else if (reader.ValueTextEquals("sql_state"u8))
            {
                sqlState = ReadString(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return new StatementStatus { State = state, Error = error, SqlState = sqlState };
    }

    private static StatementError? ReadError(ref Utf8JsonReader reader)
    {
        if (!StartObject(ref reader, nameof(StatementError)))
        {
            return null;
        }

        string? errorCode = null, message = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("error_code"u8))
            {
                errorCode = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                message = ReadString(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return new StatementError { ErrorCode = errorCode, Message = message };
    }

    private static ResultManifest? ReadManifest(ref Utf8JsonReader reader)
    {
        if (!StartObject(ref reader, nameof(ResultManifest)))
        {
            return null;
        }

        ResultFormat format = default;
        ResultSchema? schema = null;
        int totalChunkCount = 0;
        List<ChunkInfo?>? chunks = null;
        long totalRowCount = 0;
        long? totalByteCount = null;
        var truncated = false;
        string? resultCompression = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("format"u8))
            {
                Advance(ref reader);
                format = StringValueJsonConverter<ResultFormat>.ReadValue(ref reader);
            }
            else if (reader.ValueTextEquals("schema"u8))
            {
                Advance(ref reader);
                schema = ReadSchema(ref reader);
            }
            else if (reader.ValueTextEquals("total_chunk_count"u8))
            {
                totalChunkCount = ReadInt32(ref reader);
            }
            else if (reader.ValueTextEquals("chunks"u8))
            {
                chunks = ReadList<ChunkInfo>(ref reader, "chunks", ReadChunkInfo);
            }
            else if (reader.ValueTextEquals("total_row_count"u8))
            {
                totalRowCount = ReadInt64(ref reader);
            }
            else if (reader.ValueTextEquals("total_byte_count"u8))
            {
                totalByteCount = ReadNullableInt64(ref reader);
            }
            else if (reader.ValueTextEquals("truncated"u8))
            {
                truncated = ReadBoolean(ref reader);
            }
            else if (reader.ValueTextEquals("result_compression"u8))
            {
                resultCompression = ReadString(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return new ResultManifest
        {
            Format = format,
            Schema = schema,
            TotalChunkCount = totalChunkCount,
            Chunks = chunks!,
            TotalRowCount = totalRowCount,
            TotalByteCount = totalByteCount,
            Truncated = truncated,
            ResultCompression = resultCompression,
        };
    }

    private static ResultSchema? ReadSchema(ref Utf8JsonReader reader)
    {
        if (!StartObject(ref reader, nameof(ResultSchema)))
        {
            return null;
        }

        var columnCount = 0;
        IReadOnlyList<ResultColumn?>? columns = null;
        var hasColumns = false;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("column_count"u8))
            {
                columnCount = ReadInt32(ref reader);
            }
            else if (reader.ValueTextEquals("columns"u8))
            {
                columns = ReadList<ResultColumn>(ref reader, "columns", ReadColumn);
                hasColumns = true;
            }
            else
            {
                reader.Skip();
            }
        }

        // A schema without "columns" keeps the property's declared default (empty; the generated metadata gave null, which
        // the property's type does not allow); an explicit null stays null, as before.
        return hasColumns
            ? new ResultSchema { ColumnCount = columnCount, Columns = columns! }
            : new ResultSchema { ColumnCount = columnCount };
    }

    private static ResultColumn? ReadColumn(ref Utf8JsonReader reader)
    {
        if (!StartObject(ref reader, nameof(ResultColumn)))
        {
            return null;
        }

        string? name = null, typeText = null, typeIntervalType = null;
        var hasName = false;
        var position = 0;
        SqlTypeName typeName = default;
        int? typePrecision = null, typeScale = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("name"u8))
            {
                name = ReadString(ref reader);
                hasName = true;
            }
            else if (reader.ValueTextEquals("position"u8))
            {
                position = ReadInt32(ref reader);
            }
            else if (reader.ValueTextEquals("type_name"u8))
            {
                Advance(ref reader);
                typeName = StringValueJsonConverter<SqlTypeName>.ReadValue(ref reader);
            }
            else if (reader.ValueTextEquals("type_text"u8))
            {
                typeText = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("type_precision"u8))
            {
                typePrecision = ReadNullableInt32(ref reader);
            }
            else if (reader.ValueTextEquals("type_scale"u8))
            {
                typeScale = ReadNullableInt32(ref reader);
            }
            else if (reader.ValueTextEquals("type_interval_type"u8))
            {
                typeIntervalType = ReadString(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return hasName
            ? new ResultColumn
            {
                Name = name!,
                Position = position,
                TypeName = typeName,
                TypeText = typeText,
                TypePrecision = typePrecision,
                TypeScale = typeScale,
                TypeIntervalType = typeIntervalType,
            }
            : throw MissingRequired(nameof(ResultColumn), "name");
    }

    private static ChunkInfo? ReadChunkInfo(ref Utf8JsonReader reader)
    {
        if (!StartObject(ref reader, nameof(ChunkInfo)))
        {
            return null;
        }

        var position = default(ChunkPosition);
        while (NextProperty(ref reader))
        {
            if (!TryReadPosition(ref reader, ref position))
            {
                reader.Skip();
            }
        }

        return new ChunkInfo { ChunkIndex = position.ChunkIndex, RowOffset = position.RowOffset, RowCount = position.RowCount, ByteCount = position.ByteCount };
    }

    /// <summary>Reads the value of the property the reader is on as null or an array of <paramref name="element"/>s (null elements kept).</summary>
    private static List<T?>? ReadList<T>(ref Utf8JsonReader reader, string field, Reader<T> element)
        where T : class
    {
        Advance(ref reader);
        if (!StartArray(ref reader, field))
        {
            return null;
        }

        var list = new List<T?>();
        while (NextElement(ref reader))
        {
            list.Add(element(ref reader));
        }

        return list;
    }

    private static List<IReadOnlyList<string?>>? ReadDataArray(ref Utf8JsonReader reader)
    {
        Advance(ref reader);
        if (!StartArray(ref reader, "data_array"))
        {
            return null;
        }

        var rows = new List<IReadOnlyList<string?>>();
        while (NextElement(ref reader))
        {
            if (!StartArray(ref reader, "data_array row"))
            {
                rows.Add(null!);
                continue;
            }

            var row = new List<string?>();
            while (NextElement(ref reader))
            {
                row.Add(StringValue(ref reader));
            }

            rows.Add(row);
        }

        return rows;
    }

    private static ExternalLink? ReadExternalLink(ref Utf8JsonReader reader)
    {
        if (!StartObject(ref reader, nameof(ExternalLink)))
        {
            return null;
        }

        var position = default(ChunkPosition);
        string? url = null, nextChunkInternalLink = null;
        var hasUrl = false;
        DateTimeOffset? expiration = null;
        Dictionary<string, string?>? httpHeaders = null;
        int? nextChunkIndex = null;
        while (NextProperty(ref reader))
        {
            if (TryReadPosition(ref reader, ref position))
            {
                continue;
            }

            if (reader.ValueTextEquals("external_link"u8))
            {
                url = ReadString(ref reader);
                hasUrl = true;
            }
            else if (reader.ValueTextEquals("expiration"u8))
            {
                expiration = ReadNullableDateTimeOffset(ref reader);
            }
            else if (reader.ValueTextEquals("http_headers"u8))
            {
                httpHeaders = ReadStringMap(ref reader);
            }
            else if (reader.ValueTextEquals("next_chunk_index"u8))
            {
                nextChunkIndex = ReadNullableInt32(ref reader);
            }
            else if (reader.ValueTextEquals("next_chunk_internal_link"u8))
            {
                nextChunkInternalLink = ReadString(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return hasUrl
            ? new ExternalLink
            {
                ChunkIndex = position.ChunkIndex,
                RowOffset = position.RowOffset,
                RowCount = position.RowCount,
                ByteCount = position.ByteCount,
                Url = url!,
                Expiration = expiration,
                HttpHeaders = httpHeaders!,
                NextChunkIndex = nextChunkIndex,
                NextChunkInternalLink = nextChunkInternalLink,
            }
            : throw MissingRequired(nameof(ExternalLink), "external_link");
    }

    private static Dictionary<string, string?>? ReadStringMap(ref Utf8JsonReader reader)
    {
        Advance(ref reader);
        if (!StartObject(ref reader, "http_headers"))
        {
            return null;
        }

        var map = new Dictionary<string, string?>(StringComparer.Ordinal);
        while (NextProperty(ref reader))
        {
            var key = reader.GetString()!;
            map[key] = ReadString(ref reader);
        }

        return map;
    }

    /// <summary>The position fields every chunk description shares (chunk_index, row_offset, row_count, byte_count).</summary>
    private struct ChunkPosition
    {
        public int ChunkIndex;
        public long RowOffset;
        public long RowCount;
        public long? ByteCount;
    }

    /// <summary>Reads the property the reader is on when it is one of <see cref="ChunkPosition"/>'s; false otherwise.</summary>
    private static bool TryReadPosition(ref Utf8JsonReader reader, ref ChunkPosition position)
    {
        if (reader.ValueTextEquals("chunk_index"u8))
        {
            position.ChunkIndex = ReadInt32(ref reader);
        }
        else if (reader.ValueTextEquals("row_offset"u8))
        {
            position.RowOffset = ReadInt64(ref reader);
        }
        else if (reader.ValueTextEquals("row_count"u8))
        {
            position.RowCount = ReadInt64(ref reader);
        }
        else if (reader.ValueTextEquals("byte_count"u8))
        {
            position.ByteCount = ReadNullableInt64(ref reader);
        }
        else
        {
            return false;
        }

        return true;
    }

    /// <summary>Moves to the value of the property the reader is on.</summary>
    private static void Advance(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("The statement response ends inside a value.");
        }
    }

    /// <summary>True on an object's start, false on null; throws on any other token.</summary>
    private static bool StartObject(ref Utf8JsonReader reader, string type) => reader.TokenType switch
    {
        JsonTokenType.StartObject => true,
        JsonTokenType.Null => false,
        _ => throw new JsonException($"Expected a JSON object or null for {type}, found {reader.TokenType}."),
    };

    /// <summary>True on an array's start, false on null; throws on any other token.</summary>
    private static bool StartArray(ref Utf8JsonReader reader, string field) => reader.TokenType switch
    {
        JsonTokenType.StartArray => true,
        JsonTokenType.Null => false,
        _ => throw new JsonException($"Expected a JSON array or null for {field}, found {reader.TokenType}."),
    };

    /// <summary>Moves to the next property name of the current object; false at its end.</summary>
    private static bool NextProperty(ref Utf8JsonReader reader)
    {
        Advance(ref reader);
        return reader.TokenType != JsonTokenType.EndObject;
    }

    /// <summary>Moves to the next element of the current array; false at its end.</summary>
    private static bool NextElement(ref Utf8JsonReader reader)
    {
        Advance(ref reader);
        return reader.TokenType != JsonTokenType.EndArray;
    }

    /// <summary>Reads the value of the property the reader is on as a string or null.</summary>
    private static string? ReadString(ref Utf8JsonReader reader)
    {
        Advance(ref reader);
        return StringValue(ref reader);
    }

    private static string? StringValue(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null => null,
        _ => throw new JsonException($"Expected a JSON string or null, found {reader.TokenType}."),
    };

    private static bool ReadBoolean(ref Utf8JsonReader reader)
    {
        Advance(ref reader);
        return reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => throw new JsonException($"Expected true or false, found {reader.TokenType}."),
        };
    }

    private static int ReadInt32(ref Utf8JsonReader reader)
    {
        Advance(ref reader);
        return Int32Value(ref reader);
    }

    private static int? ReadNullableInt32(ref Utf8JsonReader reader)
    {
        Advance(ref reader);
        return reader.TokenType == JsonTokenType.Null ? null : Int32Value(ref reader);
    }

    private static long ReadInt64(ref Utf8JsonReader reader)
    {
        Advance(ref reader);
        return Int64Value(ref reader);
    }

    private static long? ReadNullableInt64(ref Utf8JsonReader reader)
    {
        Advance(ref reader);
        return reader.TokenType == JsonTokenType.Null ? null : Int64Value(ref reader);
    }

    /// <summary>A JSON number, or a JSON string holding exactly one (the options' <c>AllowReadingFromString</c>).</summary>
    private static int Int32Value(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var number))
        {
            return number;
        }

        return reader.TokenType == JsonTokenType.String && TryParseQuoted(ref reader, out var quoted) && quoted is >= int.MinValue and <= int.MaxValue
            ? (int)quoted
            : throw new JsonException($"Expected a 32-bit integer, found {reader.TokenType}.");
    }

    private static long Int64Value(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var number))
        {
            return number;
        }

        return reader.TokenType == JsonTokenType.String && TryParseQuoted(ref reader, out var quoted)
            ? quoted
            : throw new JsonException($"Expected a 64-bit integer, found {reader.TokenType}.");
    }

    /// <summary>Parses a string token that is exactly an integer (an optional sign and digits), as System.Text.Json does.</summary>
    private static bool TryParseQuoted(ref Utf8JsonReader reader, out long value)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            var text = reader.ValueSpan;
            return Utf8Parser.TryParse(text, out value, out var used) && used == text.Length;
        }

        return long.TryParse(reader.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    private static DateTimeOffset? ReadNullableDateTimeOffset(ref Utf8JsonReader reader)
    {
        Advance(ref reader);
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        return reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var value)
            ? value
            : throw new JsonException($"Expected an ISO 8601 date and time, found {reader.TokenType}.");
    }

    private static JsonException MissingRequired(string type, string field) =>
        new($"JSON deserialization for type '{type}' was missing required properties including: '{field}'.");
}
