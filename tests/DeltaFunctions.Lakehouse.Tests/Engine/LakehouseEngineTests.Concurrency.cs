namespace DeltaFunctions.Lakehouse.Tests.Engine;

public sealed partial class LakehouseEngineTests
{
    [Fact]
    public async Task ExecuteAsync_ConcurrentAppends_BothLand()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE t (id INT)");

        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => sut.Sql($"INSERT INTO t VALUES ({i})")));

        Assert.Equal(6L, await sut.Scalar("SELECT count(*) FROM t"));
        Assert.Equal(6L, sut.Engine.GetTable("main", "default", "t")!.Version);
    }

    [Fact]
    public async Task ExecuteAsync_ThirtyTwoConcurrentInserts_AllLandWithContiguousVersions()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE t (id INT)");
        const int Writers = 32;
        const int Rounds = 3;

        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var r = 0; r < Rounds; r++)
            {
                try
                {
                    await sut.Sql($"INSERT INTO t VALUES ({(w * Rounds) + r})");
                }
                catch (LakehouseException e)
                {
                    failures.Add(e.ErrorClass);
                }
            }
        })));

        Assert.Empty(failures);
        Assert.Equal((long)Writers * Rounds, await sut.Scalar("SELECT count(DISTINCT id) FROM t"));
        Assert.Equal((long)Writers * Rounds, sut.Engine.GetTable("main", "default", "t")!.Version);
    }

    [Fact]
    public async Task ExecuteAsync_ConflictingRewrites_LoserFailsWithConcurrencyErrorAndNothingHalfWritten()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE t (id INT, v INT)");
        await sut.Sql("INSERT INTO t SELECT id, 0 FROM range(100)");

        // A second engine over the same folder plays a second cluster; it commits while the first is about to.
        using var other = new LakehouseEngine(new LakehouseOptions { DataDirectory = sut.DataDirectory });
        var raced = false;
        sut.Engine.BeforeCommit = _ =>
        {
            if (!raced)
            {
                raced = true;
                other.ExecuteAsync("DELETE FROM t WHERE id >= 90", cancellationToken: TestContext.Current.CancellationToken).GetAwaiter().GetResult();
            }
        };

        var e = await sut.Fails("UPDATE t SET v = 1 WHERE id < 50");

        Assert.Equal("2D521", e.SqlState);
        Assert.StartsWith("DELTA_CONCURRENT", e.ErrorClass, StringComparison.Ordinal);
        Assert.Equal(90L, await sut.Scalar("SELECT count(*) FROM t"));
        Assert.Equal(0L, await sut.Scalar("SELECT count(*) FROM t WHERE v = 1"));
        Assert.Equal(["DELETE", "WRITE", "CREATE TABLE"], (await sut.Rows("DESCRIBE HISTORY t")).Select(r => r[4]));
    }

    [Fact]
    public async Task ExecuteAsync_AppendRacingAnAppend_BothCommit()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE t (id INT)");
        using var other = new LakehouseEngine(new LakehouseOptions { DataDirectory = sut.DataDirectory });
        var raced = false;
        sut.Engine.BeforeCommit = _ =>
        {
            if (!raced)
            {
                raced = true;
                other.ExecuteAsync("INSERT INTO t VALUES (2)", cancellationToken: TestContext.Current.CancellationToken).GetAwaiter().GetResult();
            }
        };

        await sut.Sql("INSERT INTO t VALUES (1)");

        Assert.Equal([1, 2], (await sut.Rows("SELECT id FROM t ORDER BY id")).Select(r => r[0]));
        Assert.Equal(2L, sut.Engine.GetTable("main", "default", "t")!.Version);
    }

    [Fact]
    public async Task ExecuteAsync_CancelledBeforeStart_CommitsNothing()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE t (id INT)");
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sut.Engine.ExecuteAsync("INSERT INTO t VALUES (1)", cancellationToken: cts.Token));

        Assert.Equal(0L, sut.Engine.GetTable("main", "default", "t")!.Version);
    }

    [Fact]
    public async Task ExecuteAsync_CancelledWhileRunning_LeavesTheNextStatementsUntouched()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE t (id BIGINT) PARTITIONED BY (id)");
        await sut.Sql("INSERT INTO t VALUES (1), (2)");
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var running = sut.Engine.ExecuteAsync("SELECT count(*) FROM range(100000000000) WHERE id % 7 = 3", cancellationToken: cts.Token);
        await Task.Delay(300, TestContext.Current.CancellationToken);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => sut.Scalar("SELECT sum(id) FROM t")));
        Assert.All(results, r => Assert.Equal(3L, r));
        Assert.Equal(1, await sut.Scalar("SELECT 1"));
    }

    [Fact]
    public async Task ExecuteAsync_CancelledJustBeforeDuckDbBeginsTheQuery_StillStops()
    {
        // DuckDB clears a connection's interrupt when a query begins, so a cancel that landed after the statement
        // checked its token and before DuckDB began the query was lost, and the query ran to its end (minutes here).
        using var sut = new EngineScope();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var commands = new List<string>();
        sut.Engine.BeforeCommand = sql =>
        {
            commands.Add(sql);
            if (!sql.StartsWith("DESCRIBE ", StringComparison.Ordinal))
            {
                cts.Cancel();
            }
        };

        var running = sut.Engine.ExecuteAsync("SELECT sum(hash(id)) FROM range(50000000000) AS r(id)", cancellationToken: cts.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken));
        Assert.Contains(commands, c => c.Contains("range(50000000000)", StringComparison.Ordinal) && !c.StartsWith("DESCRIBE ", StringComparison.Ordinal));
        sut.Engine.BeforeCommand = null;
        Assert.Equal(1, await sut.Scalar("SELECT 1"));
    }

    [Fact]
    public async Task ExecuteAsync_CancelledAfterItsFirstCommit_RunsToItsEndAndReportsItsResult()
    {
        // Once a statement committed a version, what it wrote is in the table: a cancel that arrives later (here between
        // VACUUM's START and END commits) must not leave it half done, nor make it report a cancel.
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE t (id INT)");
        await sut.Sql("INSERT INTO t VALUES (1)");
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        sut.Engine.BeforeCommit = operation =>
        {
            if (operation == "VACUUM END")
            {
                cts.Cancel();
            }
        };

        var vacuum = await sut.Engine.ExecuteAsync("VACUUM t", cancellationToken: cts.Token);
        sut.Engine.BeforeCommit = null;

        Assert.True(cts.IsCancellationRequested);
        Assert.NotNull(vacuum);
        Assert.Equal(["VACUUM END", "VACUUM START", "WRITE", "CREATE TABLE"], (await sut.Rows("DESCRIBE HISTORY t")).Select(r => r[4]));
    }
}
