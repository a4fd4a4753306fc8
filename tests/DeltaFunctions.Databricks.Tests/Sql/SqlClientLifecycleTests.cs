using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Databricks.Tests.IntegrationTests;
using DeltaFunctions.TestUtilities.Emulator;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace DeltaFunctions.Databricks.Tests.Sql;

/// <summary>An emulator whose statements wait in the queue, whose links expire fast and whose INLINE limit is tiny.</summary>
public sealed class SlowLakehouseEmulator : IAsyncLifetime
{
    private EmulatorFixture _emulator = null!;

    public DatabricksClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        (_emulator, Client) = await LakehouseEmulator.StartAsync(
            o => o with { StatementQueueDelay = TimeSpan.FromMilliseconds(700), ExternalLinkLifetime = TimeSpan.FromMilliseconds(1500), InlineResultByteLimit = 2000 },
            TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _emulator.DisposeAsync();
    }
}

/// <summary>Statement lifecycle: timeouts, cancellation, the INLINE limit, link expiry, the duration histogram.</summary>
public sealed class SqlClientLifecycleTests(SlowLakehouseEmulator lakehouse) : IClassFixture<SlowLakehouseEmulator>
{
    private DatabricksClient Client => lakehouse.Client;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExecuteAsync_TimeoutBeforeFinish_CancelsStatement()
    {
        var sut = Client.GetSqlClient();

        var error = await Assert.ThrowsAsync<SqlStatementException>(() => sut.ExecuteAsync(
            SqlStatement.FromText("SELECT 1"), new SqlExecuteOptions { WaitTimeout = TimeSpan.Zero, Timeout = TimeSpan.FromMilliseconds(150) }, Ct));
        var status = await Poll.UntilAsync(() => sut.GetStatementAsync(error.StatementId!, Ct), s => SqlClient.IsTerminal(s.Status.State), Ct, TimeSpan.FromSeconds(10));

        Assert.Equal(StatementState.Canceled, error.State);
        Assert.Equal(StatementState.Canceled, status.Status.State);
    }

    [Fact]
    public async Task ExecuteAsync_TokenCancelled_CancelsStatementOnServer()
    {
        var sut = Client.GetSqlClient();
        var operation = await sut.StartAsync(SqlStatement.FromText("SELECT 1"), cancellationToken: Ct);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => operation.WaitForCompletionAsync(cancel.Token));
        var status = await Poll.UntilAsync(() => operation.UpdateStatusAsync(Ct), s => SqlClient.IsTerminal(s.Status.State), Ct, TimeSpan.FromSeconds(10));

        Assert.Equal(StatementState.Canceled, status.Status.State);
    }

    [Fact]
    public async Task CancelAsync_PendingStatement_EndsCanceled()
    {
        var sut = Client.GetSqlClient();
        var operation = await sut.StartAsync(SqlStatement.FromText("SELECT 1"), cancellationToken: Ct);

        await operation.CancelAsync(Ct);
        var error = await Assert.ThrowsAsync<SqlStatementException>(() => operation.WaitForCompletionAsync(Ct));

        Assert.Equal(StatementState.Canceled, error.State);
    }

    [Fact]
    public async Task ExecuteAsync_InlineLimitExceeded_RetriesWithExternalLinks()
    {
        var sut = Client.GetSqlClient();

        var ids = await sut.ReadAsync<long>(
            SqlStatement.FromText("SELECT id FROM range(0, 2000) AS r(id) ORDER BY id"), new SqlExecuteOptions { Format = ResultFormat.JsonArray }, Ct).ToListAsync(Ct);

        Assert.Equal(2000, ids.Count);
    }

    [Fact]
    public async Task ReadChunks_LinksExpiredBeforeReading_RefreshesThem()
    {
        var sut = Client.GetSqlClient();
        var response = await sut.ExecuteAsync(
            SqlStatement.FromText("SELECT id FROM range(0, 300) AS r(id) ORDER BY id"), new SqlExecuteOptions { Format = ResultFormat.ArrowStream }, Ct);
        await Task.Delay(TimeSpan.FromMilliseconds(1700), Ct);
        using var plain = new HttpClient();
        using var stale = await plain.GetAsync(response.Result!.ExternalLinks![0].Url, Ct);
        var schema = new SqlResultSchema(response.Manifest!.Schema!.Columns);

        var ids = new List<long>();
        await foreach (var chunk in sut.ReadChunksAsync(response, ManagedArrowAllocator.Recycled, Ct))
        {
            ids.AddRange(chunk.ToRows(schema).Select(r => (long)r[0]!));
        }

        Assert.False(stale.IsSuccessStatusCode);
        Assert.Equal(Enumerable.Range(0, 300).Select(i => (long)i), ids);
    }

    [Fact]
    public async Task ExecuteAsync_Finished_RecordsDurationHistogram()
    {
        using var collector = new MetricCollector<double>(Client.Meter, SqlTelemetry.QueryDuration);
        var sut = Client.GetSqlClient();

        await sut.ExecuteAsync(SqlStatement.FromText("SELECT 1"), cancellationToken: Ct);

        Assert.Contains(collector.GetMeasurementSnapshot(), m => (string?)m.Tags["state"] == "SUCCEEDED" && m.Value > 0);
    }
}
