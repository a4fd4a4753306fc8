using System.Text.Json;
using DeltaFunctions.Databricks.Auth;
using DeltaFunctions.Databricks.Delta;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.TestUtilities.Http;
using DeltaFunctions.TestUtilities.Logging;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace DeltaFunctions.Databricks.Tests.Delta;

/// <summary>
/// Delta operations whose exact statement, failure or log the emulator cannot show (reference §6.6, §6.9): RESTORE to
/// a timestamp bound as a TIMESTAMP parameter, which operations run again after a concurrency conflict and which do
/// not, and the warning for a batch over the statement limit sent without a staging volume.
/// </summary>
public sealed class DeltaOperationsWireTests : IAsyncLifetime
{
    public sealed record Note(long Id, string Text);

    private const string Conflict = """
        {"statement_id":"c1","status":{"state":"FAILED","sql_state":"2D521","error":{"error_code":"ABORTED",
         "message":"[DELTA_CONCURRENT_DELETE_READ] Transaction conflict detected. SQLSTATE: 2D521"}}}
        """;

    private const string OtherFailure = """
        {"statement_id":"f1","status":{"state":"FAILED","error":{"error_code":"BAD_REQUEST",
         "message":"[DELTA_CANNOT_RESTORE_TABLE_VERSION] Cannot restore table to version 9. SQLSTATE: 22003"}}}
        """;

    private const string Affected = """
        {"statement_id":"ok","status":{"state":"SUCCEEDED"},
         "manifest":{"format":"JSON_ARRAY","total_chunk_count":1,"total_row_count":1,"schema":{"column_count":1,"columns":[{"name":"num_affected_rows","position":0,"type_name":"LONG","type_text":"BIGINT"}]}},
         "result":{"chunk_index":0,"row_offset":0,"row_count":1,"data_array":[["2"]]}}
        """;

    private readonly TestLogs _logs = new();
    private ScriptedHttpServer _server = null!;
    private DatabricksClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DeltaClient Sut => _client.GetDeltaClient("main", "default");

    public async ValueTask InitializeAsync()
    {
        _server = await ScriptedHttpServer.StartAsync(Ct);
        _client = TestDatabricksClients.Create(_server.BaseAddress, DatabricksCredential.FromPersonalAccessToken("dapi-test"), o => o.WarehouseId = "wh", loggerFactory: _logs.Factory);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        _logs.Dispose();
    }

    [Fact]
    public async Task WriteTableAsync_OverStatementLimitWithoutVolume_SendsAndWarnsWithoutValues()
    {
        const int DeltaLargeBatchNotStaged = 1504;
        _server.Enqueue(ScriptedResponse.Json(200, Affected));
        _server.Enqueue(ScriptedResponse.Json(200, Affected));
        var secret = "row-value-" + new string('x', 200);
        var large = Enumerable.Range(0, 90_000).Select(i => new Note(i, secret)).ToList();

        await Sut.WriteTableAsync("notes", large.Take(10), cancellationToken: Ct);
        var quietBefore = _logs.WithEvent(DeltaLargeBatchNotStaged).Count;
        await Sut.WriteTableAsync("notes", large, cancellationToken: Ct);

        Assert.Equal(2, _server.Requests.Count);
        Assert.Equal(0, quietBefore);
        var warning = Assert.Single(_logs.WithEvent(DeltaLargeBatchNotStaged));
        Assert.Contains("90000 rows", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, string.Join("\n", _logs.AllText()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RestoreAsync_Timestamp_BindsInstantAsTimestampParameter()
    {
        _server.Enqueue(ScriptedResponse.Json(200, Affected));

        await Sut.RestoreAsync("t`x", new DateTimeOffset(2024, 6, 10, 10, 0, 0, TimeSpan.FromHours(2)), Ct);

        using var body = JsonDocument.Parse(Assert.Single(_server.Requests).Body);
        var parameter = Assert.Single(body.RootElement.GetProperty("parameters").EnumerateArray().ToList());
        Assert.Equal("RESTORE TABLE `main`.`default`.`t``x` TO TIMESTAMP AS OF :p0", body.RootElement.GetProperty("statement").GetString());
        Assert.Equal("2024-06-10T08:00:00.000000Z", parameter.GetProperty("value").GetString());
        Assert.Equal("TIMESTAMP", parameter.GetProperty("type").GetString());
        Assert.Equal("main", body.RootElement.GetProperty("catalog").GetString());
    }

    [Theory]
    [InlineData("update")]
    [InlineData("optimize")]
    [InlineData("restore")]
    public async Task Operation_ConflictThenSuccess_RunsStatementAgain(string operation)
    {
        _server.Enqueue(ScriptedResponse.Json(200, Conflict), ScriptedResponse.Json(200, Affected));
        using var collector = new MetricCollector<long>(_client.Meter, SqlTelemetry.DeltaOperations);

        await RunAsync(operation);

        var statements = _server.RequestsTo("/api/2.0/sql/statements");
        Assert.Equal(2, statements.Count);
        Assert.Equal(statements[0].Body, statements[1].Body);
        Assert.Equal(
            ["conflict_retried", "succeeded"],
            collector.GetMeasurementSnapshot().Where(m => (string?)m.Tags["operation"] == operation).Select(m => (string?)m.Tags["outcome"]));
    }

    [Fact]
    public async Task DescribeHistoryAsync_Conflict_IsNotRetried()
    {
        _server.Fallback = _ => ScriptedResponse.Json(200, Conflict);

        var error = await Assert.ThrowsAsync<SqlStatementException>(() => Sut.DescribeHistoryAsync("t", cancellationToken: Ct));

        Assert.True(error.IsConcurrencyConflict);
        Assert.Single(_server.RequestsTo("/api/2.0/sql/statements"));
    }

    [Theory]
    [InlineData("update")]
    [InlineData("optimize")]
    [InlineData("restore")]
    public async Task Operation_NonConflictFailure_FailsAtOnceWithErrorClass(string operation)
    {
        _server.Fallback = _ => ScriptedResponse.Json(200, OtherFailure);
        using var collector = new MetricCollector<long>(_client.Meter, SqlTelemetry.DeltaOperations);

        var error = await Assert.ThrowsAsync<SqlStatementException>(() => RunAsync(operation));

        Assert.False(error.IsConcurrencyConflict);
        Assert.Equal("DELTA_CANNOT_RESTORE_TABLE_VERSION", error.ErrorClass);
        Assert.Equal("22003", error.SqlState);
        Assert.Single(_server.RequestsTo("/api/2.0/sql/statements"));
        Assert.Equal("failed", (string?)Assert.Single(collector.GetMeasurementSnapshot()).Tags["outcome"]);
    }

    private Task RunAsync(string operation) => operation switch
    {
        "update" => Sut.UpdateAsync("t", [MergeAssignment.Value("note", "x")], SqlFilter.Equal("id", 1L), Ct),
        "optimize" => Sut.OptimizeAsync("t", zOrderBy: ["id"], cancellationToken: Ct),
        _ => Sut.RestoreAsync("t", 9, Ct),
    };
}
