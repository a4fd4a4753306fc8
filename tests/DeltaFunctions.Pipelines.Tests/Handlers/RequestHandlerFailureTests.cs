using System.Text;
using System.Text.Json;
using DeltaFunctions.Databricks;
using DeltaFunctions.Databricks.Auth;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Pipelines.Handlers;
using DeltaFunctions.TestUtilities.Http;
using Moq;

namespace DeltaFunctions.Pipelines.Tests.Handlers;

/// <summary>
/// Failure shapes the emulator cannot produce on demand: the merge handler over a real client against scripted
/// Databricks answers over loopback (Unity Catalog for the target's columns, the Statement Execution API for the
/// MERGE); the SQL handler with its SQL client substituted through Moq.
/// </summary>
public sealed class RequestHandlerFailureTests : IAsyncLifetime
{
    private const string UpsertBody = """{"targetTable":"main.default.t","keys":["id"],"rows":[{"id":1,"name":"a"}]}""";
    private const string StatementsPath = "/api/2.0/sql/statements";

    private const string Conflict = """
        {"statement_id":"st-c","status":{"state":"FAILED","sql_state":"2D521","error":{"error_code":"ABORTED",
         "message":"[DELTA_CONCURRENT_APPEND.WITHOUT_HINT] Files were added by a concurrent update. SQLSTATE: 2D521"}}}
        """;

    private ScriptedHttpServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await ScriptedHttpServer.StartAsync(Ct);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task MergeHandleAsync_503WithRetryAfter_TransientWithThatHint()
    {
        using var client = Client(withTable: true);
        _server.Enqueue(ScriptedResponse.Error(503, "TEMPORARILY_UNAVAILABLE", "warehouse unavailable", ("Retry-After", "7")));
        var sut = new MergeRequestHandler(client);

        var outcome = await sut.HandleAsync(Body(UpsertBody), "m-503", Ct);

        var transient = Assert.IsType<HandlerOutcome<MergeRequestResult>.Transient>(outcome);
        Assert.Equal(TimeSpan.FromSeconds(7), transient.RetryAfter);
        Assert.Equal(HandlerReasons.DatabricksUnavailable, transient.Reason);
    }

    [Fact]
    public async Task MergeHandleAsync_429WithoutRetryAfter_TransientWithDefaultHint()
    {
        using var client = Client(withTable: true);
        _server.Enqueue(ScriptedResponse.Error(429, "REQUEST_LIMIT_EXCEEDED", "slow down"));
        var sut = new MergeRequestHandler(client, new RequestHandlerOptions { DefaultRetryAfter = TimeSpan.FromSeconds(11) });

        var outcome = await sut.HandleAsync(Body(UpsertBody), "m-429", Ct);

        Assert.Equal(TimeSpan.FromSeconds(11), Assert.IsType<HandlerOutcome<MergeRequestResult>.Transient>(outcome).RetryAfter);
    }

    [Fact]
    public async Task MergeHandleAsync_ConflictEveryTime_TransientAfterTheClientsBoundedRetries()
    {
        using var client = Client(withTable: true);
        _server.Fallback = _ => ScriptedResponse.Json(200, Conflict);
        var sut = new MergeRequestHandler(client, new RequestHandlerOptions { MaxConflictRetries = 2, ConflictRetryAfter = TimeSpan.FromSeconds(3) });

        var outcome = await sut.HandleAsync(Body(UpsertBody), "m-conflict", Ct);

        var transient = Assert.IsType<HandlerOutcome<MergeRequestResult>.Transient>(outcome);
        Assert.Equal(HandlerReasons.ConcurrencyConflict, transient.Reason);
        Assert.Equal(TimeSpan.FromSeconds(3), transient.RetryAfter);
        Assert.Equal(3, MergeStatements().Count);
    }

    [Fact]
    public async Task MergeHandleAsync_ConflictOnce_DoneOnTheRerun()
    {
        using var client = Client(withTable: true);
        _server.Enqueue(ScriptedResponse.Json(200, Conflict), ScriptedResponse.Json(200, MergeMetrics(inserted: 1)));
        var sut = new MergeRequestHandler(client);

        var outcome = await sut.HandleAsync(Body(UpsertBody), "m-conflict-once", Ct);

        Assert.Equal(1, OutcomeAssert.Done(outcome).Result.RowsInserted);
        Assert.Equal(2, MergeStatements().Count);
    }

    [Fact]
    public async Task MergeHandleAsync_StatementTimedOut_Transient()
    {
        using var client = Client(withTable: true);
        _server.Enqueue(ScriptedResponse.Json(200, """
            {"statement_id":"st-9","status":{"state":"CANCELED","error":{"error_code":"DEADLINE_EXCEEDED","message":"The statement did not finish within 00:05:00 and was cancelled."}}}
            """));
        var sut = new MergeRequestHandler(client);

        var outcome = await sut.HandleAsync(Body(UpsertBody), "m-timeout", Ct);

        Assert.Equal(HandlerReasons.DatabricksUnavailable, Assert.IsType<HandlerOutcome<MergeRequestResult>.Transient>(outcome).Reason);
    }

    [Fact]
    public async Task MergeHandleAsync_400InvalidParameter_InvalidPermanent()
    {
        using var client = Client(withTable: true);
        _server.Enqueue(ScriptedResponse.Error(400, "INVALID_PARAMETER_VALUE", "bad warehouse id"));
        var sut = new MergeRequestHandler(client);

        var outcome = await sut.HandleAsync(Body(UpsertBody), "m-400", Ct);

        var invalid = Assert.IsType<HandlerOutcome<MergeRequestResult>.Invalid>(outcome);
        Assert.Equal(HandlerReasons.RejectedByDatabricks, invalid.Reason);
        Assert.Contains("400", invalid.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MergeHandleAsync_UnexpectedException_TransientUnexpectedError()
    {
        using var client = Client(withTable: true, warehouse: null);
        var sut = new MergeRequestHandler(client);

        var outcome = await sut.HandleAsync(Body(UpsertBody), "m-no-warehouse", Ct);

        var transient = Assert.IsType<HandlerOutcome<MergeRequestResult>.Transient>(outcome);
        Assert.Equal(HandlerReasons.UnexpectedError, transient.Reason);
        Assert.Contains("InvalidOperationException", transient.Description, StringComparison.Ordinal);
        Assert.Contains("Databricks:WarehouseId", transient.Description, StringComparison.Ordinal);
        Assert.Empty(MergeStatements());
    }

    [Fact]
    public async Task MergeHandleAsync_CallerCancels_CancellationPropagates()
    {
        using var cancel = new CancellationTokenSource();
        using var client = Client(withTable: true);
        _server.MapAsync(StatementsPath, async _ =>
        {
            await cancel.CancelAsync();
            await Task.Delay(TimeSpan.FromSeconds(2), Ct);
            return ScriptedResponse.Json(200, MergeMetrics(0));
        });
        var sut = new MergeRequestHandler(client);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sut.HandleAsync(Body(UpsertBody), "m-cancel", cancel.Token));
    }

    [Fact]
    public async Task MergeHandleAsync_HttpClientTimeoutNotCallerCancel_Transient()
    {
        using var client = Client(withTable: true, configure: o => o.TimeoutSeconds = 1);
        _server.Enqueue(ScriptedResponse.Json(200, MergeMetrics(0)) with { Delay = TimeSpan.FromSeconds(3) });
        var sut = new MergeRequestHandler(client);

        var outcome = await sut.HandleAsync(Body(UpsertBody), "m-http-timeout", Ct);

        Assert.IsType<HandlerOutcome<MergeRequestResult>.Transient>(outcome);
    }

    [Fact]
    public async Task MergeHandleAsync_InvalidBody_NoDatabricksCall()
    {
        using var client = Client(withTable: true);
        var sut = new MergeRequestHandler(client);

        var outcome = await sut.HandleAsync(Body("[1,2]"), "m-array", Ct);

        Assert.Equal(HandlerReasons.InvalidRequest, Assert.IsType<HandlerOutcome<MergeRequestResult>.Invalid>(outcome).Reason);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task SqlHandleAsync_TransportFailure_Transient()
    {
        var sql = new Mock<SqlClient>(MockBehavior.Strict);
        sql.Setup(s => s.ExecuteAsync(It.IsAny<SqlStatement>(), It.IsAny<SqlExecuteOptions>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new HttpRequestException("connection reset"));
        var sut = new SqlRequestHandler(sql.Object);

        var outcome = await sut.HandleAsync(Body("""{"statement":"SELECT 1"}"""), "s-reset", Ct);

        Assert.Equal(HandlerReasons.DatabricksUnavailable, Assert.IsType<HandlerOutcome<SqlRequestResult>.Transient>(outcome).Reason);
    }

    [Fact]
    public async Task SqlHandleAsync_ExternalLinksResult_ReferencedEvenWhenFewRows()
    {
        var sql = new Mock<SqlClient>(MockBehavior.Strict);
        sql.Setup(s => s.ExecuteAsync(It.IsAny<SqlStatement>(), It.IsAny<SqlExecuteOptions>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new StatementResponse
            {
                StatementId = "st-big",
                Status = new StatementStatus { State = StatementState.Succeeded },
                Manifest = new ResultManifest { TotalRowCount = 3, TotalByteCount = 50_000_000, TotalChunkCount = 1, Schema = new ResultSchema { Columns = [new ResultColumn { Name = "blob" }] } },
                Result = new ResultChunk { ExternalLinks = [new ExternalLink { Url = "https://storage.example/x" }] },
            });
        var sut = new SqlRequestHandler(sql.Object);

        var outcome = await sut.HandleAsync(Body("""{"statement":"SELECT blob FROM t","replyTo":"replies"}"""), "s-big", Ct);

        var done = OutcomeAssert.Done(outcome);
        Assert.Null(done.Result.Rows);
        Assert.Equal(50_000_000, done.Result.Reference!.TotalByteCount);
        Assert.Equal("replies", done.Result.ReplyTo);
    }

    [Fact]
    public async Task SqlHandleAsync_CallerCancels_CancellationPropagates()
    {
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();
        var sql = new Mock<SqlClient>(MockBehavior.Strict);
        sql.Setup(s => s.ExecuteAsync(It.IsAny<SqlStatement>(), It.IsAny<SqlExecuteOptions>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new OperationCanceledException(cancel.Token));
        var sut = new SqlRequestHandler(sql.Object);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sut.HandleAsync(Body("""{"statement":"SELECT 1"}"""), "s-cancel", cancel.Token));
    }

    [Fact]
    public async Task MergeHandleAsync_StagedAppend_ReadsFilesWithBoundPathAndBatchId()
    {
        using var client = Client(withTable: true, withBatchColumn: true);
        _server.Enqueue(ScriptedResponse.Json(200, MergeMetrics(inserted: 0)));
        var sut = new MergeRequestHandler(client);

        var outcome = await sut.HandleAsync(
            Body("""{"targetTable":"main.default.t","mode":"Append","sourcePath":"/Volumes/main/default/staging/b-1.json","sourceFormat":"Json"}"""), "m-staged", Ct);

        var done = OutcomeAssert.Done(outcome);
        Assert.True(done.Result.AlreadyApplied);
        Assert.Equal("m-staged", done.Result.BatchId);
        using var sent = JsonDocument.Parse(Assert.Single(MergeStatements()).Body);
        var text = sent.RootElement.GetProperty("statement").GetString()!;
        var values = sent.RootElement.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("value").GetString()).ToList();
        Assert.Contains("read_files(:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("b-1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("m-staged", text, StringComparison.Ordinal);
        Assert.Contains("ON `t`.`_batch_id` = `s`.`_batch_id` WHEN NOT MATCHED THEN INSERT *", text, StringComparison.Ordinal);
        Assert.Equal(["m-staged", "/Volumes/main/default/staging/b-1.json", "json"], values);
    }

    private DatabricksClient Client(bool withTable, bool withBatchColumn = false, string? warehouse = "wh", Action<DatabricksClientOptions>? configure = null)
    {
        if (withTable)
        {
            var batch = withBatchColumn ? """,{"name":"_batch_id","type_name":"STRING","type_text":"string","position":2,"nullable":true}""" : string.Empty;
            _server.Map("/api/2.1/unity-catalog/tables/main.default.t", _ => ScriptedResponse.Json(200, $$"""
                {"name":"t","catalog_name":"main","schema_name":"default","full_name":"main.default.t","table_type":"MANAGED","data_source_format":"DELTA",
                 "columns":[{"name":"id","type_name":"LONG","type_text":"bigint","position":0,"nullable":true},
                            {"name":"name","type_name":"STRING","type_text":"string","position":1,"nullable":true}{{batch}}]}
                """));
        }

        return TestDatabricksClients.Create(_server.BaseAddress, DatabricksCredential.FromPersonalAccessToken("dapi-test"), o =>
        {
            o.WarehouseId = warehouse;
            o.MaxRetries = 0;
            configure?.Invoke(o);
        });
    }

    private IReadOnlyList<RecordedRequest> MergeStatements() =>
        [.. _server.RequestsTo(StatementsPath).Where(r => r.Body.Contains("MERGE", StringComparison.Ordinal))];

    private static string MergeMetrics(long inserted) => """
        {"statement_id":"merge","status":{"state":"SUCCEEDED"},
         "manifest":{"format":"JSON_ARRAY","total_chunk_count":1,"total_row_count":1,"schema":{"column_count":4,"columns":[
           {"name":"num_affected_rows","position":0,"type_name":"LONG","type_text":"BIGINT"},{"name":"num_updated_rows","position":1,"type_name":"LONG","type_text":"BIGINT"},
           {"name":"num_deleted_rows","position":2,"type_name":"LONG","type_text":"BIGINT"},{"name":"num_inserted_rows","position":3,"type_name":"LONG","type_text":"BIGINT"}]}},
         "result":{"chunk_index":0,"row_offset":0,"row_count":1,"data_array":[["N","0","0","N"]]}}
        """.Replace("\"N\"", "\"" + inserted.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\"", StringComparison.Ordinal);

    private static ReadOnlyMemory<byte> Body(string json) => Encoding.UTF8.GetBytes(json);
}
