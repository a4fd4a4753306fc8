using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks.Tests.Sql;

/// <summary>
/// The hand-written statement response reader (<see cref="StatementJsonReader.Response"/>,
/// <see cref="StatementJsonReader.Chunk"/>) against the source-generated metadata it replaced
/// (<see cref="StatementWireOracleContext"/>): for every body, both read the same value (compared field by field by
/// writing both with the generated writer) or both refuse it with a <see cref="JsonException"/>.
/// </summary>
public sealed class StatementResponseReaderTests
{
    /// <summary>The response of reference §4.2.</summary>
    internal const string Reference = """
        {"statement_id": "01ef-1", "status": {"state": "SUCCEEDED"},
         "manifest": {"format": "JSON_ARRAY", "total_chunk_count": 1, "total_row_count": 2, "truncated": false,
           "chunks": [{"chunk_index": 0, "row_offset": 0, "row_count": 2}],
           "schema": {"column_count": 2, "columns": [
             {"name": "id", "position": 0, "type_name": "LONG", "type_text": "BIGINT"},
             {"name": "amt", "position": 1, "type_name": "DECIMAL", "type_text": "DECIMAL(10,2)", "type_precision": 10, "type_scale": 2}]}},
         "result": {"chunk_index": 0, "row_offset": 0, "row_count": 2, "data_array": [["1", "10.50"], ["2", null]]}}
        """;

    private const string EveryField = """
        {"statement_id": "s", "status": {"state": "FAILED", "sql_state": "2D521",
           "error": {"error_code": "ABORTED", "message": "[DELTA_CONCURRENT_APPEND] x SQLSTATE: 2D521"}},
         "manifest": {"format": "ARROW_STREAM", "total_chunk_count": 2, "total_row_count": 9000000000, "total_byte_count": 123456789012,
           "truncated": true, "result_compression": "LZ4_FRAME",
           "chunks": [{"chunk_index": 0, "row_offset": 0, "row_count": 5, "byte_count": 100}, {"chunk_index": 1, "row_offset": 5, "row_count": 4, "byte_count": 90}],
           "schema": {"column_count": 1, "columns": [{"name": "i", "position": 0, "type_name": "INTERVAL", "type_text": "INTERVAL DAY",
             "type_interval_type": "DAY"}]}},
         "result": {"chunk_index": 0, "row_offset": 0, "row_count": 5, "byte_count": 100, "attachment": "QUJD",
           "next_chunk_index": 1, "next_chunk_internal_link": "/api/2.0/sql/statements/s/result/chunks/1",
           "external_links": [{"chunk_index": 0, "row_offset": 0, "row_count": 5, "byte_count": 100,
             "external_link": "https://storage/secret-sig", "expiration": "2024-06-10T08:15:00.123+02:00",
             "http_headers": {"x-ms-blob-type": "BlockBlob", "x-empty": "", "x-null": null}, "next_chunk_index": 1,
             "next_chunk_internal_link": "/api/2.0/sql/statements/s/result/chunks/1"}]}}
        """;

    public static TheoryData<string> Responses() =>
    [
        Reference,
        EveryField,

        // PENDING / RUNNING: only id and status.
        """{"statement_id": "s", "status": {"state": "PENDING"}}""",

        // Unknown fields of every shape at every level are skipped.
        """
        {"x": {"a": [1, {"b": null}]}, "statement_id": "s", "y": [[]], "status": {"state": "SUCCEEDED", "z": {"q": 1}, "w": "v"},
         "manifest": {"new": [1, 2], "format": "CSV", "schema": {"extra": true, "columns": [{"name": "c", "future": {"k": "v"}}]},
           "chunks": [{"chunk_index": 3, "more": "x"}]},
         "result": {"unknown": {"data_array": 1}, "chunk_index": 1, "data_array": [], "external_links": [{"external_link": "u", "n": [null]}]}}
        """,

        // Unknown values of the extensible enums are kept.
        """
        {"statement_id": "s", "status": {"state": "QUEUED_SOMEWHERE"}, "manifest": {"format": "PARQUET_SOMEDAY",
          "schema": {"columns": [{"name": "g", "type_name": "GEOGRAPHY"}]}}}
        """,

        // JSON null for every nullable or reference-typed field, required ones included.
        """
        {"statement_id": null, "status": null, "manifest": null, "result": null}
        """,
        """
        {"statement_id": "s", "status": {"state": "FAILED", "error": null, "sql_state": null},
         "manifest": {"format": "JSON_ARRAY", "schema": null, "chunks": null, "total_byte_count": null, "result_compression": null},
         "result": {"byte_count": null, "data_array": null, "external_links": null, "next_chunk_index": null,
           "next_chunk_internal_link": null, "attachment": null}}
        """,
        """
        {"statement_id": "s", "status": {"state": "FAILED", "error": {"error_code": null, "message": null}},
         "manifest": {"schema": {"columns": null}, "chunks": [null]},
         "result": {"data_array": [null, [null, null], []], "external_links": [null,
           {"external_link": null, "expiration": null, "http_headers": null, "byte_count": null, "next_chunk_index": null}]}}
        """,
        """
        {"statement_id": "s", "status": {"state": "SUCCEEDED"},
         "manifest": {"schema": {"columns": [null, {"name": null, "type_text": null, "type_precision": null, "type_scale": null, "type_interval_type": null}]}}}
        """,

        // Missing fields keep their defaults (for a schema without columns see Read_SchemaWithoutColumns_HasNoColumns).
        """{"statement_id": "s", "status": {}, "manifest": {"schema": {"column_count": 0, "columns": []}}, "result": {}}""",
        """{"statement_id": "s", "status": {}, "manifest": {}, "result": {}}""",

        // Numbers as JSON strings (AllowReadingFromString), escaped or signed, at their limits.
        """
        {"statement_id": "s", "status": {"state": "SUCCEEDED"},
         "manifest": {"total_chunk_count": "2", "total_row_count": "-9223372036854775808", "total_byte_count": "9223372036854775807",
           "chunks": [{"chunk_index": "\u0031", "row_offset": "+5", "row_count": "007", "byte_count": "1"}],
           "schema": {"column_count": "2147483647", "columns": [{"name": "a", "position": "-2147483648", "type_precision": "38", "type_scale": "0"}]}},
         "result": {"chunk_index": "1", "row_offset": "2", "row_count": "3", "byte_count": "4", "next_chunk_index": "5",
           "external_links": [{"external_link": "u", "chunk_index": "1", "row_offset": "2", "row_count": "3", "byte_count": "4", "next_chunk_index": "5"}]}}
        """,

        // Comments, trailing commas, escaped names and values, duplicate fields (the last one wins), no whitespace.
        """
        {/* c */ "statement\u005fid": "a\"b\u00e9", "statement_id": "final", // c
         "status": {"state": "RUNNING", "state": "SUCCEEDED",}, "manifest": {"truncated": true, "truncated": false,},
         "result": {"data_array": [["\u0041", "\ud83d\ude00"],],},}
        """,
        """{"statement_id":"s","status":{"state":"SUCCEEDED"},"result":{"data_array":[["1"]],"next_chunk_index":2}}""",

        // Case differs: not the field (matching is exact), so skipped.
        """{"statement_id": "s", "Status": {"state": "X"}, "status": {"State": "Y"}}""",

        // Refused by both: wrong tokens.
        """{"statement_id": 1, "status": {}}""",
        """{"statement_id": "s", "status": "SUCCEEDED"}""",
        """{"statement_id": "s", "status": []}""",
        """{"statement_id": "s", "status": {"state": null}}""",
        """{"statement_id": "s", "status": {"state": 1}}""",
        """{"statement_id": "s", "status": {"error": "x"}}""",
        """{"statement_id": "s", "status": {}, "manifest": {"format": null}}""",
        """{"statement_id": "s", "status": {}, "manifest": {"truncated": "true"}}""",
        """{"statement_id": "s", "status": {}, "manifest": {"truncated": null}}""",
        """{"statement_id": "s", "status": {}, "manifest": {"total_row_count": null}}""",
        """{"statement_id": "s", "status": {}, "manifest": {"total_row_count": 1.5}}""",
        """{"statement_id": "s", "status": {}, "manifest": {"total_row_count": 1e3}}""",
        """{"statement_id": "s", "status": {}, "manifest": {"total_row_count": "9223372036854775808"}}""",
        """{"statement_id": "s", "status": {}, "manifest": {"total_chunk_count": 2147483648}}""",
        """{"statement_id": "s", "status": {}, "manifest": {"total_chunk_count": "2147483648"}}""",
        """{"statement_id": "s", "status": {}, "manifest": {"total_chunk_count": " 1"}}""",
        """{"statement_id": "s", "status": {}, "manifest": {"total_chunk_count": "1 "}}""",
        """{"statement_id": "s", "status": {}, "manifest": {"total_chunk_count": ""}}""",
        """{"statement_id": "s", "status": {}, "manifest": {"total_chunk_count": "0x1"}}""",
        """{"statement_id": "s", "status": {}, "manifest": {"total_chunk_count": true}}""",
        """{"statement_id": "s", "status": {}, "manifest": {"chunks": {}}}""",
        """{"statement_id": "s", "status": {}, "manifest": {"chunks": [1]}}""",
        """{"statement_id": "s", "status": {}, "manifest": {"schema": {"columns": [{"name": "a", "type_name": null}]}}}""",
        """{"statement_id": "s", "status": {}, "manifest": {"schema": {"columns": [{"name": "a", "type_precision": "x"}]}}}""",
        """{"statement_id": "s", "status": {}, "manifest": {"schema": {"columns": [{"name": "a", "position": null}]}}}""",
        """{"statement_id": "s", "status": {}, "result": {"data_array": [[1]]}}""",
        """{"statement_id": "s", "status": {}, "result": {"data_array": [["1", ["2"]]]}}""",
        """{"statement_id": "s", "status": {}, "result": {"data_array": ["1"]}}""",
        """{"statement_id": "s", "status": {}, "result": {"data_array": {}}}""",
        """{"statement_id": "s", "status": {}, "result": {"external_links": [{"external_link": "u", "expiration": "yesterday"}]}}""",
        """{"statement_id": "s", "status": {}, "result": {"external_links": [{"external_link": "u", "expiration": 1718000000}]}}""",
        """{"statement_id": "s", "status": {}, "result": {"external_links": [{"external_link": "u", "http_headers": {"a": 1}}]}}""",
        """{"statement_id": "s", "status": {}, "result": {"external_links": [{"external_link": "u", "http_headers": []}]}}""",
        """{"statement_id": "s", "status": {}, "result": {"next_chunk_index": "next"}}""",

        // Refused by both: required fields missing.
        """{"status": {"state": "SUCCEEDED"}}""",
        """{"statement_id": "s"}""",
        """{}""",
        """{"statement_id": "s", "status": {}, "manifest": {"schema": {"columns": [{"position": 0}]}}}""",
        """{"statement_id": "s", "status": {}, "result": {"external_links": [{"chunk_index": 0}]}}""",

        // Refused by both: not a statement response at all, or not JSON.
        """[]""",
        "\"s\"",
        "42",
        """{"statement_id": "s", "status": {"state": "SUCCEEDED"}""",
        """{"statement_id": "s", "status": {"state": "SUCCEEDED"}} {}""",
        """{"statement_id": 's'}""",
        """{"statement_id": "s", "status": {"state": "SUCCEEDED"}, "result": {"data_array": [["1"]""",
        "",
    ];

    [Theory]
    [MemberData(nameof(Responses))]
    public void Read_StatementResponse_SameAsGeneratedMetadata(string json) =>
        AssertSameAsOracle(json, StatementJsonReader.Response, StatementWireOracleContext.Instance.StatementResponse);

    [Theory]
    [MemberData(nameof(Chunks))]
    public void Read_ResultChunk_SameAsGeneratedMetadata(string json) =>
        AssertSameAsOracle(json, StatementJsonReader.Chunk, StatementWireOracleContext.Instance.ResultChunk);

    public static TheoryData<string> Chunks()
    {
        var chunks = new TheoryData<string>();
        foreach (var json in new[] { Reference, EveryField })
        {
            using var document = JsonDocument.Parse(json);
            chunks.Add(document.RootElement.GetProperty("result").GetRawText());
        }

        chunks.Add("""{"chunk_index": 2, "row_offset": 10, "row_count": 1, "data_array": [["x", null]], "unknown": {}}""");
        chunks.Add("""{"chunk_index": "2", "external_links": [{"external_link": "u", "expiration": "2024-06-10T08:15:00Z"}]}""");
        chunks.Add("""{"external_links": [{"expiration": "2024-06-10T08:15:00Z"}]}""");
        chunks.Add("""{"chunk_index": null}""");
        chunks.Add("""{}""");
        chunks.Add("""[]""");
        chunks.Add("""{"data_array": [[true]]}""");
        return chunks;
    }

    /// <summary>
    /// The one deliberate difference: the generated metadata set init-only properties through a constructor path that
    /// passed null for a missing <c>columns</c>, overriding <see cref="ResultSchema.Columns"/>' declared empty default, so
    /// a schema without columns (a DDL statement's) had null <c>Columns</c> although the property is not nullable.
    /// </summary>
    [Fact]
    public void Read_SchemaWithoutColumns_HasNoColumnsWhereGeneratedMetadataGaveNull()
    {
        const string json = """{"statement_id": "s", "status": {"state": "SUCCEEDED"}, "manifest": {"schema": {"column_count": 0}}}""";

        var sut = JsonSerializer.Deserialize(json, StatementJsonReader.Response)!;
        var before = JsonSerializer.Deserialize(json, StatementWireOracleContext.Instance.StatementResponse)!;

        Assert.Empty(sut.Manifest!.Schema!.Columns);
        Assert.Null(before.Manifest!.Schema!.Columns);
    }

    [Fact]
    public void Read_NullBody_IsNullAsBefore()
    {
        Assert.Null(JsonSerializer.Deserialize("null", StatementJsonReader.Response));
        Assert.Null(JsonSerializer.Deserialize("null", StatementJsonReader.Chunk));
    }

    [Fact]
    public void Read_Reference_ReadsEveryValue()
    {
        var sut = JsonSerializer.Deserialize(Reference, StatementJsonReader.Response)!;

        Assert.Equal("01ef-1", sut.StatementId);
        Assert.Equal(StatementState.Succeeded, sut.Status.State);
        Assert.Equal(ResultFormat.JsonArray, sut.Manifest!.Format);
        Assert.Equal((1, 2L, false), (sut.Manifest.TotalChunkCount, sut.Manifest.TotalRowCount, sut.Manifest.Truncated));
        Assert.Equal(new ChunkInfo { ChunkIndex = 0, RowOffset = 0, RowCount = 2 }, Assert.Single(sut.Manifest.Chunks!));
        Assert.Equal(
            new ResultColumn { Name = "amt", Position = 1, TypeName = SqlTypeName.Decimal, TypeText = "DECIMAL(10,2)", TypePrecision = 10, TypeScale = 2 },
            sut.Manifest.Schema!.Columns[1]);
        Assert.Equal([["1", "10.50"], ["2", null]], sut.Result!.DataArray!.Select(r => r.ToArray()));
        Assert.Null(sut.Result.NextChunkIndex);
    }

    [Fact]
    public void Read_Links_ReadsExpirationHeadersAndHidesUrl()
    {
        var sut = JsonSerializer.Deserialize(EveryField, StatementJsonReader.Response)!;

        var link = Assert.Single(sut.Result!.ExternalLinks!);
        Assert.Equal(new DateTimeOffset(2024, 6, 10, 8, 15, 0, 123, TimeSpan.FromHours(2)), link.Expiration);
        Assert.Equal("BlockBlob", link.HttpHeaders!["x-ms-blob-type"]);
        Assert.Equal("https://storage/secret-sig", link.Url);
        Assert.Equal(9_000_000_000L, sut.Manifest!.TotalRowCount);
        Assert.Equal("2D521", sut.Status.SqlState);
        Assert.Equal("ABORTED", sut.Status.Error!.ErrorCode);
        Assert.DoesNotContain("secret-sig", link.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_IsNotSupported()
    {
        var response = new StatementResponse { StatementId = "s", Status = new StatementStatus { State = StatementState.Succeeded } };

        Assert.Throws<NotSupportedException>(() => JsonSerializer.Serialize(response, StatementJsonReader.Response));
        Assert.Throws<NotSupportedException>(() => JsonSerializer.Serialize(new ResultChunk(), StatementJsonReader.Chunk));
    }

    private static void AssertSameAsOracle<T>(string json, JsonTypeInfo<T> sut, JsonTypeInfo<T> oracle)
        where T : class
    {
        var expected = Read(json, oracle);
        var actual = Read(json, sut);

        Assert.Equal(expected.Refused, actual.Refused);
        Assert.Equal(expected.Written, actual.Written);
        if (actual.Value is { } value)
        {
            // The generated writer compares every field; the types of the lists must also be the ones read before.
            Assert.Equal(Shape(expected.Value!), Shape(value));
        }

        (bool Refused, string? Written, T? Value) Read(string body, JsonTypeInfo<T> info)
        {
            try
            {
                var read = JsonSerializer.Deserialize(body, info);
                return (false, read is null ? null : JsonSerializer.Serialize(read, oracle), read);
            }
            catch (JsonException)
            {
                return (true, null, null);
            }
        }
    }

    private static string Shape(object value) => value switch
    {
        StatementResponse r => $"{r.Status?.GetType().Name}|{Shape(r.Manifest)}|{Shape(r.Result)}",
        ResultChunk c => Shape(c),
        _ => string.Empty,
    };

    private static string Shape(ResultManifest? manifest) =>
        manifest is null ? "-" : $"{manifest.Chunks?.GetType().Name}|{manifest.Schema?.Columns?.GetType().Name}";

    private static string Shape(ResultChunk? chunk) =>
        chunk is null ? "-" : $"{chunk.DataArray?.GetType().Name}|{chunk.ExternalLinks?.GetType().Name}|{chunk.ExternalLinks?.FirstOrDefault()?.HttpHeaders?.GetType().Name}";
}
