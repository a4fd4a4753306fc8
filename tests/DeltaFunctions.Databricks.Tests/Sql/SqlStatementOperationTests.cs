using System.Diagnostics;
using DeltaFunctions.Databricks.Auth;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Databricks.Tests.IntegrationTests;
using DeltaFunctions.Databricks.Tests.Jobs;
using DeltaFunctions.TestUtilities.Emulator;
using DeltaFunctions.TestUtilities.Http;

namespace DeltaFunctions.Databricks.Tests.Sql;

/// <summary>
/// Statement operations against the emulator over loopback: resumed by id from another client (as another process
/// would), progress, value, and the timeout and token cancellation holding with the server-side statement cancelled.
/// </summary>
public sealed class SqlStatementOperationTests(LakehouseEmulator lakehouse) : IClassFixture<LakehouseEmulator>
{
    /// <summary>A query DuckDB needs minutes for, so only an interrupt ends it early.</summary>
    private const string LongQuery = "SELECT sum(hash(i)) AS h FROM range(0, 500000000000) AS t(i)";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DatabricksClient Client => lakehouse.Client;

    [Fact]
    public async Task GetStatementOperationAsync_FromAnotherClient_ResumesAndReadsTheResult()
    {
        var started = await Client.GetSqlClient().StartAsync(SqlStatement.FromText("SELECT 41 + 1 AS answer"), cancellationToken: Ct);
        using var other = TestDatabricksClients.Create(
            lakehouse.Emulator.BaseAddress, DatabricksCredential.FromPersonalAccessToken(lakehouse.Emulator.Token), o => o.WarehouseId = lakehouse.Emulator.WarehouseId);
        var sut = other.GetSqlClient();

        var resumed = await sut.GetStatementOperationAsync(started.StatementId, cancellationToken: Ct);
        var response = await resumed.WaitForCompletionAsync(Ct);
        var rows = await sut.ReadRowsAsync(response, Ct).ToListAsync(Ct);

        Assert.Equal(started.StatementId, resumed.StatementId);
        Assert.True(resumed.HasCompleted);
        Assert.True(resumed.HasValue);
        Assert.Same(response, resumed.Value);
        Assert.Equal(42, Convert.ToInt32(rows.Single()[0], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task GetStatementOperationAsync_UnknownId_ThrowsNotFound()
    {
        var sut = Client.GetSqlClient();

        var error = await Assert.ThrowsAsync<DatabricksException>(() => sut.GetStatementOperationAsync("01f00000-0000-0000-0000-000000000000", cancellationToken: Ct));

        Assert.True(error.IsNotFound);
    }

    [Fact]
    public async Task WaitForCompletionAsync_WithProgress_ReportsEachStatusEndingSucceeded()
    {
        var sut = Client.GetSqlClient();
        var progress = new RecordingProgress<StatementStatus>();
        var operation = await sut.StartAsync(SqlStatement.FromText("SELECT 1 AS one"), cancellationToken: Ct);

        await operation.WaitForCompletionAsync(progress, Ct);

        Assert.NotEmpty(progress.Reports);
        Assert.Equal(StatementState.Succeeded, progress.Reports[^1].State);
    }

    [Fact]
    public async Task Value_WhileRunning_ThrowsInvalidOperationNamingTheWait()
    {
        var sut = Client.GetSqlClient();
        var operation = await sut.StartAsync(SqlStatement.FromText(LongQuery), cancellationToken: Ct);

        var error = Assert.Throws<InvalidOperationException>(() => operation.Value);
        await operation.CancelAsync(Ct);

        Assert.False(operation.HasValue);
        Assert.Contains("WaitForCompletionAsync", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Value_FailedStatement_ThrowsSqlStatementException()
    {
        var sut = Client.GetSqlClient();
        var operation = await sut.StartAsync(SqlStatement.FromText("SELECT * FROM main.default.no_such_table_x"), cancellationToken: Ct);

        await Assert.ThrowsAsync<SqlStatementException>(() => operation.WaitForCompletionAsync(Ct));
        var error = Assert.Throws<SqlStatementException>(() => operation.Value);

        Assert.Equal(StatementState.Failed, error.State);
        Assert.Equal(operation.StatementId, error.StatementId);
    }

    [Fact]
    public async Task ExecuteAsync_TimeoutShorterThanServerWait_HoldsAndCancelsTheRunningQuery()
    {
        var sut = Client.GetSqlClient();
        var options = new SqlExecuteOptions { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<SqlStatementException>(() => sut.ExecuteAsync(SqlStatement.FromText(LongQuery), options, Ct));
        var elapsed = clock.Elapsed;
        var server = await sut.GetStatementAsync(error.StatementId!, Ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"Timeout 2 s: threw after {elapsed.TotalSeconds:0.00} s; server state {server.Status.State}; message: {error.Message}");

        // The default server wait is 10 s: returning before it proves the wait was capped by the timeout.
        Assert.True(elapsed < options.WaitTimeout, $"threw after {elapsed}");
        Assert.Equal("DEADLINE_EXCEEDED", error.ErrorCode.Value);
        Assert.Contains("SqlExecuteOptions.Timeout (2 s", error.Message, StringComparison.Ordinal);
        Assert.Equal(StatementState.Canceled, server.Status.State);
    }

    [Fact]
    public async Task ExecuteAsync_TokenCancelled_ThrowsCanceledExceptionWithIdAfterTheServerCancelled()
    {
        var sut = Client.GetSqlClient();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(500));

        var error = await Assert.ThrowsAsync<SqlStatementCanceledException>(
            () => sut.ExecuteAsync(SqlStatement.FromText(LongQuery), new SqlExecuteOptions { WaitTimeout = TimeSpan.Zero }, cancel.Token));
        var server = await sut.GetStatementAsync(error.StatementId!, Ct);

        Assert.True(error.ServerCancelConfirmed);
        Assert.Equal(cancel.Token, error.CancellationToken);
        Assert.Equal(StatementState.Canceled, server.Status.State);
    }

    [Fact]
    public async Task ExecuteAsync_TokenCancelledDuringServerWait_StillCancelsTheStatement()
    {
        var sut = Client.GetSqlClient();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAsync<SqlStatementCanceledException>(
            () => sut.ExecuteAsync(SqlStatement.FromText(LongQuery), new SqlExecuteOptions { WaitTimeout = TimeSpan.FromSeconds(5) }, cancel.Token));
        var server = await sut.GetStatementAsync(error.StatementId!, Ct);

        Assert.NotNull(error.StatementId);
        Assert.Equal(StatementState.Canceled, server.Status.State);
    }

    [Fact]
    public async Task CancelAsync_RunningQuery_EndsCanceledPromptly()
    {
        var sut = Client.GetSqlClient();
        var operation = await sut.StartAsync(SqlStatement.FromText(LongQuery), cancellationToken: Ct);
        await Poll.UntilAsync(() => operation.UpdateStatusAsync(Ct), s => s.Status.State == StatementState.Running, Ct);
        var clock = Stopwatch.StartNew();

        await operation.CancelAsync(Ct);
        var final = await Poll.UntilAsync(() => operation.UpdateStatusAsync(Ct), s => SqlClient.IsTerminal(s.Status.State), Ct, TimeSpan.FromSeconds(15));
        TestContext.Current.TestOutputHelper?.WriteLine($"Cancel of a running DuckDB query: CANCELED after {clock.Elapsed.TotalSeconds:0.00} s");

        Assert.Equal(StatementState.Canceled, final.Status.State);
    }

    /// <summary>
    /// A cancel can land while the statement is queued, binding, describing its result or running; DuckDB reports an
    /// interrupt that lands before execution as an error of the query (HY008), which once ended the statement FAILED.
    /// Sweeping the delay between submit and cancel puts cancels at every one of those points; each must end CANCELED.
    /// </summary>
    [Fact]
    public async Task CancelAsync_AtEveryPointOfAStatement_EndsCanceledNeverFailed()
    {
        var sut = Client.GetSqlClient();
        var ended = new List<(int DelayMs, StatementStatus Status)>();

        // Most often at no delay (the cancel then meets the statement binding); then across the first 50 ms.
        var delays = Enumerable.Repeat(0, 30).Concat([1, 1, 2, 2, 3, 4, 5, 6, 8, 10, 13, 16, 20, 25, 30, 40, 50]);
        foreach (var delay in delays)
        {
            var operation = await sut.StartAsync(SqlStatement.FromText(LongQuery), cancellationToken: Ct);
            if (delay > 0)
            {
                await Task.Delay(delay, Ct);
            }

            await operation.CancelAsync(Ct);
            var final = await Poll.UntilAsync(() => operation.UpdateStatusAsync(Ct), s => SqlClient.IsTerminal(s.Status.State), Ct, TimeSpan.FromSeconds(15));
            ended.Add((delay, final.Status));
        }

        TestContext.Current.TestOutputHelper?.WriteLine(string.Join(Environment.NewLine, ended.Select(e => $"{e.DelayMs} ms: {e.Status.State} {e.Status.Error?.Message}")));
        Assert.All(ended, e => Assert.Equal((e.DelayMs, StatementState.Canceled, (string?)null), (e.DelayMs, e.Status.State, e.Status.Error?.Message)));
    }

    /// <summary>
    /// Writes cancelled at every point (queued, computing, writing Parquet, committing) end CANCELED with nothing of
    /// theirs in the table, or SUCCEEDED with all of it: the table always equals a reference table to which exactly the
    /// statements that succeeded were applied, and has as many versions (a write that changes nothing commits none).
    /// </summary>
    [Fact]
    public async Task CancelAsync_DuringWrites_EachWriteLandsWhollyOrNotAtAll()
    {
        var sut = Client.GetSqlClient();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (source, table, reference) = ($"main.default.cw_src_{suffix}", $"main.default.cw_t_{suffix}", $"main.default.cw_ref_{suffix}");
        await sut.ExecuteAsync(SqlStatement.FromText($"CREATE TABLE {source} AS SELECT id, id * 2 AS v FROM range(50000) AS r(id)"), cancellationToken: Ct);
        foreach (var name in new[] { table, reference })
        {
            await sut.ExecuteAsync(SqlStatement.FromText($"CREATE TABLE {name} (id BIGINT, v BIGINT)"), cancellationToken: Ct);
        }

        string[] writes =
        [
            "INSERT INTO {0} SELECT * FROM " + source,
            "MERGE INTO {0} AS t USING " + source + " AS s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = t.v + 1 WHEN NOT MATCHED THEN INSERT *",
            "UPDATE {0} SET v = v + 3 WHERE id % 2 = 0",
            "DELETE FROM {0} WHERE id % 5 = 0",
        ];
        var ended = new List<string>();
        var delays = new[] { 0, 3, 10, 20, 35, 50, 70, 90, 120, 150, 200, 250, 0, 15, 40, 80, 130, 300 };
        for (var i = 0; i < delays.Length; i++)
        {
            var write = string.Format(System.Globalization.CultureInfo.InvariantCulture, writes[i % writes.Length], table);
            var operation = await sut.StartAsync(SqlStatement.FromText(write), cancellationToken: Ct);
            await Task.Delay(delays[i], Ct);
            await operation.CancelAsync(Ct);
            var final = await Poll.UntilAsync(() => operation.UpdateStatusAsync(Ct), s => SqlClient.IsTerminal(s.Status.State), Ct, TimeSpan.FromSeconds(30));
            ended.Add($"{delays[i]} ms {write[..6]}: {final.Status.State} {final.Status.Error?.Message}");
            Assert.True(
                final.Status.State == StatementState.Canceled || final.Status.State == StatementState.Succeeded,
                $"A cancelled write ended {final.Status.State}: {final.Status.Error?.Message}");

            if (final.Status.State == StatementState.Succeeded)
            {
                await sut.ExecuteAsync(SqlStatement.FromText(string.Format(System.Globalization.CultureInfo.InvariantCulture, writes[i % writes.Length], reference)), cancellationToken: Ct);
            }

            Assert.Equal(await HistoryLengthAsync(reference), await HistoryLengthAsync(table));
            Assert.Equal(0L, await CountAsync($"SELECT count(*) FROM ((SELECT * FROM {table} EXCEPT ALL SELECT * FROM {reference}) UNION ALL (SELECT * FROM {reference} EXCEPT ALL SELECT * FROM {table}))"));
        }

        TestContext.Current.TestOutputHelper?.WriteLine(string.Join(Environment.NewLine, ended));
        Assert.Contains(ended, e => e.Contains(": CANCELED", StringComparison.Ordinal));

        async Task<long> HistoryLengthAsync(string name) => await sut.QueryAsync(SqlStatement.FromText($"DESCRIBE HISTORY {name}"), cancellationToken: Ct).CountAsync(Ct);

        async Task<long> CountAsync(string query) =>
            (await sut.QueryAsync(SqlStatement.FromText(query), cancellationToken: Ct).SingleAsync(Ct)).Get<long>(0);
    }
}
