using System.Text.Json;
using DeltaFunctions.Databricks.Auth;
using DeltaFunctions.Databricks.Delta;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.TestUtilities.Http;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace DeltaFunctions.Databricks.Tests.Delta;

/// <summary>
/// Delta concurrency conflicts need two writers racing on the same files at the same moment, which the emulator
/// cannot be made to do on demand; these tests script the exact Statement API answer (reference §6.9). So do the
/// tests of what <see cref="DeltaClientOptions"/> changes on the wire (warehouse, statement timeout, conflict
/// re-runs) and of the requests of the start-and-poll calls.
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

    [Fact]
    public async Task DeleteAsync_WarehouseInOptions_RunsThereInsteadOfTheClientDefault()
    {
        _server.Enqueue(ScriptedResponse.Json(200, Deleted));

        await _client.GetDeltaClient("main", "default", new DeltaClientOptions { WarehouseId = "wh-delta" }).DeleteAsync("t", null, Ct);

        Assert.Equal("wh-delta", Body(Assert.Single(_server.RequestsTo("/api/2.0/sql/statements"))).GetProperty("warehouse_id").GetString());
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(5, 6)]
    public async Task DeleteAsync_ConflictEveryTime_RunsAsOftenAsTheOptionSays(int retries, int statements)
    {
        _server.Fallback = _ => ScriptedResponse.Json(200, Conflict);

        var error = await Assert.ThrowsAsync<SqlStatementException>(
            () => _client.GetDeltaClient("main", "default", new DeltaClientOptions { MaxConflictRetries = retries }).DeleteAsync("t", null, Ct));

        Assert.True(error.IsConcurrencyConflict);
        Assert.Equal(statements, _server.RequestsTo("/api/2.0/sql/statements").Count);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(DeltaClient.MaxConflictRetriesLimit + 1)]
    public void Delta_ConflictRetriesOutOfRange_RefusedNamingTheOption(int retries)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _client.GetDeltaClient("main", "default", new DeltaClientOptions { MaxConflictRetries = retries }));

        Assert.Contains("MaxConflictRetries", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteAsync_StatementOutlivesTimeout_CancelledAndDeadlineExceeded()
    {
        _server.Map("/api/2.0/sql/statements", _ => ScriptedResponse.Json(200, """{"statement_id":"slow","status":{"state":"RUNNING"}}"""));
        _server.Map("/api/2.0/sql/statements/slow", _ => ScriptedResponse.Json(200, """{"statement_id":"slow","status":{"state":"RUNNING"}}"""));
        _server.Map("/api/2.0/sql/statements/slow/cancel", _ => ScriptedResponse.Json(200, "{}"));

        var error = await Assert.ThrowsAsync<SqlStatementException>(
            () => _client.GetDeltaClient("main", "default", new DeltaClientOptions { StatementTimeout = TimeSpan.FromMilliseconds(300) }).DeleteAsync("t", null, Ct));

        Assert.Equal("DEADLINE_EXCEEDED", error.ErrorCode.Value);
        Assert.Single(_server.RequestsTo("/api/2.0/sql/statements/slow/cancel"));
    }

    [Fact]
    public async Task StartOptimizeAsync_SubmitsWithoutWaitingAndCountsStarted()
    {
        _server.Enqueue(ScriptedResponse.Json(200, """{"statement_id":"opt-1","status":{"state":"PENDING"}}"""));
        using var collector = new MetricCollector<long>(_client.Meter, SqlTelemetry.DeltaOperations);

        var started = await _client.GetDeltaClient("main", "default", new DeltaClientOptions { WarehouseId = "wh-maint", StatementTimeout = TimeSpan.FromMinutes(1) })
            .StartOptimizeAsync("orders", SqlFilter.Equal("day", new DateOnly(2024, 6, 1)), ["customer id"], Ct);

        var body = Body(Assert.Single(_server.RequestsTo("/api/2.0/sql/statements")));
        Assert.Equal("opt-1", started.StatementId);
        Assert.Equal("OPTIMIZE `main`.`default`.`orders` WHERE `day` = :p0 ZORDER BY (`customer id`)", body.GetProperty("statement").GetString());
        Assert.Equal("0s", body.GetProperty("wait_timeout").GetString());
        Assert.Equal("wh-maint", body.GetProperty("warehouse_id").GetString());
        Assert.Equal("started", (string?)Assert.Single(collector.GetMeasurementSnapshot()).Tags["outcome"]);
    }

    [Fact]
    public async Task GetOptimizeResultAsync_StillRunning_NullAndStatementNotCancelled()
    {
        _server.Map("/api/2.0/sql/statements/opt-2", _ => ScriptedResponse.Json(200, """{"statement_id":"opt-2","status":{"state":"PENDING"}}"""));

        var result = await _client.GetDeltaClient("main", "default").GetOptimizeResultAsync("opt-2", Ct);

        Assert.Null(result);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task GetVacuumResultAsync_Conflict_ThrownAsConflictNotRetried()
    {
        _server.Map("/api/2.0/sql/statements/vac-1", _ => ScriptedResponse.Json(200, Conflict.Replace("\"s1\"", "\"vac-1\"", StringComparison.Ordinal)));

        var error = await Assert.ThrowsAsync<SqlStatementException>(() => _client.GetDeltaClient("main", "default").GetVacuumResultAsync("vac-1", dryRun: false, Ct));

        Assert.True(error.IsConcurrencyConflict);
        Assert.Single(_server.Requests);
    }

    private static JsonElement Body(RecordedRequest request) => JsonDocument.Parse(request.Body).RootElement.Clone();
}
