using System.Text.Json;
using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks.Tests.Sql;

public sealed class StatementWireTests
{
    [Fact]
    public void Deserialize_ReferenceResponse_ReadsManifestAndInlineRows()
    {
        var json = StatementResponseReaderTests.Reference;

        var response = JsonSerializer.Deserialize(json, StatementJsonReader.Response)!;

        Assert.Equal(StatementState.Succeeded, response.Status.State);
        Assert.Equal(ResultFormat.JsonArray, response.Manifest!.Format);
        Assert.Equal(SqlType.Decimal(10, 2), new SqlResultSchema(response.Manifest.Schema!.Columns).Types[1]);
        Assert.Equal([["1", "10.50"], ["2", null]], response.Result!.DataArray!.Select(r => r.ToArray()));
    }

    [Fact]
    public void Deserialize_UnknownStateAndLinks_RoundTripsAndHidesUrl()
    {
        const string json = """
            {"statement_id": "s", "status": {"state": "QUEUED_SOMEWHERE", "sql_state": "2D521",
              "error": {"error_code": "NEW_CODE", "message": "[DELTA_CONCURRENT_APPEND] x"}},
             "result": {"chunk_index": 0, "external_links": [{"chunk_index": 0, "row_offset": 0, "row_count": 5,
               "external_link": "https://storage/secret-sig", "expiration": "2024-06-10T08:15:00Z",
               "http_headers": {"x-ms-blob-type": "BlockBlob"}, "next_chunk_index": 1,
               "next_chunk_internal_link": "/api/2.0/sql/statements/s/result/chunks/1"}]}}
            """;

        var response = JsonSerializer.Deserialize(json, StatementJsonReader.Response)!;
        var back = JsonSerializer.Serialize(response, StatementWireOracleContext.Instance.StatementResponse);

        var link = Assert.Single(response.Result!.ExternalLinks!);
        Assert.Equal("QUEUED_SOMEWHERE", response.Status.State.Value);
        Assert.Contains("\"state\":\"QUEUED_SOMEWHERE\"", back, StringComparison.Ordinal);
        Assert.Equal("https://storage/secret-sig", link.Url);
        Assert.Equal(new DateTimeOffset(2024, 6, 10, 8, 15, 0, TimeSpan.Zero), link.Expiration);
        Assert.DoesNotContain("secret-sig", link.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_Request_UsesSnakeCaseAndOmitsNulls()
    {
        var request = new ExecuteStatementRequest
        {
            Statement = "SELECT :p0",
            WarehouseId = "wh",
            Parameters = [new StatementParameter { Name = "p0", Value = "1", Type = "INT" }],
            WaitTimeout = "10s",
            Disposition = ResultDisposition.ExternalLinks,
            Format = ResultFormat.ArrowStream,
        };

        var json = JsonSerializer.Serialize(request, DatabricksSqlJsonContext.Default.ExecuteStatementRequest);

        Assert.Equal(
            """{"statement":"SELECT :p0","warehouse_id":"wh","parameters":[{"name":"p0","value":"1","type":"INT"}],"wait_timeout":"10s","disposition":"EXTERNAL_LINKS","format":"ARROW_STREAM"}""",
            json);
    }
    [Fact]
    public void Serialize_RequestWithEveryField_WritesEachInDeclarationOrder()
    {
        var request = new ExecuteStatementRequest
        {
            Statement = "SELECT 1",
            WarehouseId = "wh",
            Catalog = "main",
            Schema = "sales",
            Parameters = [new StatementParameter { Name = "p0" }],
            WaitTimeout = "0s",
            OnWaitTimeout = WaitTimeoutAction.Cancel,
            Disposition = ResultDisposition.Inline,
            Format = ResultFormat.JsonArray,
            RowLimit = 10,
            ByteLimit = 4096,
            ResultCompression = ResultCompression.Lz4Frame,
            QueryTags = [new StatementQueryTag("team", "data"), new StatementQueryTag("flag", null)],
        };

        var json = JsonSerializer.Serialize(request, DatabricksSqlJsonContext.Default.ExecuteStatementRequest);

        Assert.Equal(
            """{"statement":"SELECT 1","warehouse_id":"wh","catalog":"main","schema":"sales","parameters":[{"name":"p0"}],"wait_timeout":"0s","on_wait_timeout":"CANCEL","disposition":"INLINE","format":"JSON_ARRAY","row_limit":10,"byte_limit":4096,"result_compression":"LZ4_FRAME","query_tags":[{"key":"team","value":"data"},{"key":"flag"}]}""",
            json);
    }

    [Fact]
    public void Deserialize_Request_IsNotSupported() =>
        Assert.Throws<NotSupportedException>(() => JsonSerializer.Deserialize("{}", DatabricksSqlJsonContext.Default.ExecuteStatementRequest));
}
