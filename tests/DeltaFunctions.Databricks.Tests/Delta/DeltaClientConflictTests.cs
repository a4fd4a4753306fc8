using DeltaFunctions.Databricks.Auth;
using DeltaFunctions.Databricks.Delta;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.TestUtilities.Http;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace DeltaFunctions.Databricks.Tests.Delta;

/// <summary>
/// Delta concurrency conflicts need two writers racing on the same files at the same moment, which the emulator
/// cannot be made to do on demand; these tests script the exact Statement API answer (reference §6.9).
/// </summary>
public sealed class DeltaClientConflictTests : IAsyncLifetime
{
    private const string Conflict = """
        {"statement_id":"s1","status":{"state":"FAILED","sql_state":"2D521","error":{"error_code":"ABORTED",
         "message":"[DELTA_CONCURRENT_APPEND.ROW_LEVEL_CHANGES] Transaction conflict detected. A concurrent MERGE added data to table main.default.t committed at version 3. SQLSTATE: 2D521"}}}
        """;

    private const string Deleted = """
        {"statement_id":"s2","status":{"state":"SUCCEEDED"},
         "manifest":{"format":"JSON_ARRAY","total_chunk_count":1,"total_row_count":1,"schema":{"column_count":1,"columns":[{"name":"num_affected_rows","position":0,"type_name":"LONG","type_text":"BIGINT"}]}},
         "result":{"chunk_index":0,"row_offset":0,"row_count":1,"data_array":[["4"]]}}
        """;

    private ScriptedHttpServer _server = null!;
    private DatabricksClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await ScriptedHttpServer.StartAsync(Ct);
        _client = TestDatabricksClients.Create(_server.BaseAddress, DatabricksCredential.FromPersonalAccessToken("dapi-test"), o => o.WarehouseId = "wh");
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task DeleteAsync_ConcurrencyConflictThenSuccess_RetriesWholeStatement()
    {
        _server.Enqueue(ScriptedResponse.Json(200, Conflict), ScriptedResponse.Json(200, Conflict), ScriptedResponse.Json(200, Deleted));
        using var collector = new MetricCollector<long>(_client.Meter, SqlTelemetry.DeltaOperations);

        var deleted = await _client.GetDeltaClient("main", "default").DeleteAsync("t", SqlFilter.Equal("id", 1L), Ct);

        Assert.Equal(4, deleted);
        Assert.Equal(3, _server.RequestsTo("/api/2.0/sql/statements").Count);
        Assert.Equal(2, collector.GetMeasurementSnapshot().Count(m => (string?)m.Tags["outcome"] == "conflict_retried"));
        Assert.Single(collector.GetMeasurementSnapshot(), m => (string?)m.Tags["operation"] == "delete" && (string?)m.Tags["outcome"] == "succeeded");
    }

    [Fact]
    public async Task DeleteAsync_ConflictEveryTime_GivesUpAfterBoundedRetries()
    {
        _server.Fallback = _ => ScriptedResponse.Json(200, Conflict);

        var error = await Assert.ThrowsAsync<SqlStatementException>(() => _client.GetDeltaClient("main", "default").DeleteAsync("t", null, Ct));

        Assert.True(error.IsConcurrencyConflict);
        Assert.Equal("DELTA_CONCURRENT_APPEND.ROW_LEVEL_CHANGES", error.ErrorClass);
        Assert.Equal(DeltaClient.MaxConflictRetries + 1, _server.RequestsTo("/api/2.0/sql/statements").Count);
    }

    [Fact]
    public async Task VacuumAsync_Conflict_IsNotRetried()
    {
        _server.Fallback = _ => ScriptedResponse.Json(200, Conflict);

        await Assert.ThrowsAsync<SqlStatementException>(() => _client.GetDeltaClient("main", "default").VacuumAsync("t", cancellationToken: Ct));

        Assert.Single(_server.RequestsTo("/api/2.0/sql/statements"));
    }

    [Fact]
    public async Task ReadAsync_ExternalLinkDropsConnection_ResumesWithoutSendingToken()
    {
        var link = new Uri(_server.BaseAddress, "/storage/chunk0?sig=secret").ToString();
        _server.Map("/api/2.0/sql/statements", _ => ScriptedResponse.Json(200, $$$"""
            {"statement_id":"s3","status":{"state":"SUCCEEDED"},
             "manifest":{"format":"JSON_ARRAY","total_chunk_count":1,"total_row_count":2,"schema":{"column_count":1,"columns":[{"name":"id","position":0,"type_name":"LONG","type_text":"BIGINT"}]}},
             "result":{"chunk_index":0,"external_links":[{"chunk_index":0,"row_offset":0,"row_count":2,"external_link":"{{{link}}}","http_headers":{"x-ms-test":"yes"}}]}}
            """));
        var attempts = 0;
        _server.Map("/storage/chunk0", _ => Interlocked.Increment(ref attempts) == 1 ? ScriptedResponse.Drop() : ScriptedResponse.Json(200, """[["1"],["2"]]"""));

        var ids = await _client.GetSqlClient().ReadAsync<long>(
            SqlStatement.FromText("SELECT id FROM t"), new SqlExecuteOptions { Format = ResultFormat.JsonArray, Disposition = ResultDisposition.ExternalLinks }, Ct).ToListAsync(Ct);

        var downloads = _server.RequestsTo("/storage/chunk0");
        Assert.Equal([1L, 2L], ids);
        Assert.Equal(2, downloads.Count);
        Assert.All(downloads, d => Assert.Null(d.Header("Authorization")));
        Assert.All(downloads, d => Assert.Equal("yes", d.Header("x-ms-test")));
        Assert.NotNull(_server.RequestsTo("/api/2.0/sql/statements")[0].Header("Authorization"));
    }
}
