namespace DeltaFunctions.Lakehouse.Tests.Engine;

public sealed partial class LakehouseEngineTests
{
    [Fact]
    public async Task ExecuteAsync_Optimize_ReducesFileCountWithIdenticalContents()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE t (id INT, s STRING)");
        for (var i = 0; i < 4; i++)
        {
            await sut.Sql($"INSERT INTO t SELECT id, 'v' || id AS s FROM range({i * 10}, {(i + 1) * 10})");
        }

        var before = await sut.Rows("SELECT * FROM t ORDER BY id");
        var filesBefore = (long)(await sut.Rows("DESCRIBE DETAIL t"))[0][9]!;

        var result = await sut.Sql("OPTIMIZE t");

        var filesAfter = (long)(await sut.Rows("DESCRIBE DETAIL t"))[0][9]!;
        Assert.Equal(4L, filesBefore);
        Assert.Equal(1L, filesAfter);
        Assert.Equal(before, await sut.Rows("SELECT * FROM t ORDER BY id"));
        var metrics = (IReadOnlyDictionary<string, object?>)result.Rows.Single()[1]!;
        Assert.Equal(4L, metrics["numFilesRemoved"]);
        Assert.Equal(1L, metrics["numFilesAdded"]);
        Assert.Equal("OPTIMIZE", (await sut.Rows("DESCRIBE HISTORY t LIMIT 1"))[0][4]);
    }

    [Fact]
    public async Task ExecuteAsync_OptimizeWhereOnPartition_CompactsOnlyThatPartition()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE t (p STRING, v INT) PARTITIONED BY (p)");
        await sut.Sql("INSERT INTO t VALUES ('a', 1), ('b', 1)");
        await sut.Sql("INSERT INTO t VALUES ('a', 2), ('b', 2)");

        await sut.Sql("OPTIMIZE t WHERE p = 'a'");
        var nonPartition = await sut.Fails("OPTIMIZE t WHERE v = 1");

        Assert.Equal(3L, (await sut.Rows("DESCRIBE DETAIL t"))[0][9]);
        Assert.Equal(4L, await sut.Scalar("SELECT count(*) FROM t"));
        Assert.Equal("DELTA_NON_PARTITION_COLUMN_REFERENCE", nonPartition.ErrorClass);
    }

    [Fact]
    public async Task ExecuteAsync_OptimizeZOrder_ClustersRowsSoFilesCoverNarrowRanges()
    {
        using var sut = new EngineScope(targetRowsPerFile: 256);

        // Rows arrive in an order uncorrelated with (x, y): every file spans the whole domain.
        await sut.Sql("CREATE TABLE t (x INT, y INT)");
        await sut.Sql("INSERT INTO t SELECT CAST((id * 7919) % 32 AS INT) AS x, CAST((id * 104729) % 32 AS INT) AS y FROM range(1024)");
        var spreadBefore = await FileRangeSpreadAsync(sut);

        await sut.Sql("OPTIMIZE t ZORDER BY (x, y)");

        var spreadAfter = await FileRangeSpreadAsync(sut);
        Assert.Equal(1024L, await sut.Scalar("SELECT count(*) FROM t"));
        Assert.True(spreadAfter < spreadBefore / 2, $"z-order should narrow per-file ranges: before {spreadBefore}, after {spreadAfter}");
    }

    /// <summary>Sums, over the live data files, the width of the x range plus the width of the y range.</summary>
    private static async Task<long> FileRangeSpreadAsync(EngineScope sut)
    {
        var table = sut.Engine.GetTable("main", "default", "t")!;
        var snapshot = Lakehouse.Log.DeltaLog.ForTable(table.StorageLocation, TimeProvider.System).GetSnapshot();
        long spread = 0;
        foreach (var file in snapshot.Files)
        {
            var path = Path.Combine(table.StorageLocation, Uri.UnescapeDataString(file.Path));
            var range = await sut.Rows($"SELECT max(x) - min(x) + max(y) - min(y) FROM parquet.`{path}`");
            spread += Convert.ToInt64(range[0][0], System.Globalization.CultureInfo.InvariantCulture);
        }

        return spread;
    }

    [Fact]
    public async Task ExecuteAsync_VacuumDefaultRetention_KeepsTimeTravelInsideRetention()
    {
        using var sut = new EngineScope(fakeClock: true);
        await sut.Sql("CREATE TABLE t (id INT)");
        await sut.Sql("INSERT INTO t VALUES (1)");
        await sut.Sql("INSERT OVERWRITE t VALUES (2)");
        sut.Clock!.Advance(TimeSpan.FromDays(1));

        var dryRun = await sut.Rows("VACUUM t DRY RUN");
        await sut.Sql("VACUUM t");

        Assert.Empty(dryRun);
        Assert.Equal([1], (await sut.Rows("SELECT id FROM t VERSION AS OF 1")).Select(r => r[0]));
        Assert.Equal(["VACUUM END", "VACUUM START"], (await sut.Rows("DESCRIBE HISTORY t LIMIT 2")).Select(r => r[4]));
    }

    [Fact]
    public async Task ExecuteAsync_VacuumShortRetention_RefusedUnlessCheckDisabled()
    {
        using var sut = new EngineScope(fakeClock: true);
        await sut.Sql("CREATE TABLE t (id INT)");
        await sut.Sql("INSERT INTO t VALUES (1)");
        await sut.Sql("INSERT OVERWRITE t VALUES (2)");
        sut.Clock!.Advance(TimeSpan.FromHours(2));

        var refused = await sut.Fails("VACUUM t RETAIN 1 HOURS");

        // The setting is the session's: it lasts for the rest of the script that sets it.
        var script = await sut.Engine.ExecuteScriptAsync(
            "SET spark.databricks.delta.retentionDurationCheck.enabled = false; VACUUM t RETAIN 1 HOURS DRY RUN; VACUUM t RETAIN 1 HOURS",
            cancellationToken: TestContext.Current.CancellationToken);
        var dryRun = script[1].Rows;

        Assert.Equal("DELTA_VACUUM_RETENTION_PERIOD_TOO_SHORT", refused.ErrorClass);
        Assert.Equal("22003", refused.SqlState);
        Assert.Single(dryRun);
        Assert.Equal(1, sut.DataFileCount("t"));
        Assert.Equal(2, await sut.Scalar("SELECT id FROM t"));
        var gone = await sut.Fails("SELECT * FROM t VERSION AS OF 1");
        Assert.StartsWith("DELTA_", gone.ErrorClass, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_RestoreThenHistory_RestoresRowsAndRecordsRestore()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE t (id INT)");
        await sut.Sql("INSERT INTO t VALUES (1), (2)");
        await sut.Sql("DELETE FROM t WHERE id = 1");
        await sut.Sql("INSERT INTO t VALUES (3)");

        var result = await sut.Sql("RESTORE TABLE t TO VERSION AS OF 1");
        var history = await sut.Rows("DESCRIBE HISTORY t");
        var bad = await sut.Fails("RESTORE t TO VERSION AS OF 42");

        Assert.Equal(["table_size_after_restore", "num_of_files_after_restore", "num_removed_files", "num_restored_files", "removed_files_size", "restored_files_size"], result.Columns.Select(c => c.Name));
        Assert.Equal([1, 2], (await sut.Rows("SELECT id FROM t ORDER BY id")).Select(r => r[0]));
        Assert.Equal(["RESTORE", "WRITE", "DELETE", "WRITE", "CREATE TABLE"], history.Select(r => r[4]));
        Assert.Equal([4L, 3L, 2L, 1L, 0L], history.Select(r => r[0]));
        Assert.Equal("1", ((IReadOnlyDictionary<object, object?>)history[0][5]!)["version"]);
        Assert.Equal("DELTA_CANNOT_RESTORE_TABLE_VERSION", bad.ErrorClass);
    }

    [Fact]
    public async Task ExecuteAsync_DescribeHistory_HasTheDatabricksColumns()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE t (id INT)");
        await sut.Sql("INSERT INTO t VALUES (1)");

        var result = await sut.Sql("DESCRIBE HISTORY t LIMIT 1");

        string[] expected = ["version", "timestamp", "userId", "userName", "operation", "operationParameters", "job", "notebook", "clusterId", "readVersion", "isolationLevel", "isBlindAppend", "operationMetrics", "userMetadata", "engineInfo"];
        Assert.Equal(expected, result.Columns.Select(c => c.Name));
        var row = result.Rows.Single();
        Assert.Equal(1L, row[0]);
        Assert.Equal("WRITE", row[4]);
        Assert.Equal("Append", ((IReadOnlyDictionary<object, object?>)row[5]!)["mode"]);
        Assert.Equal(true, row[11]);
        Assert.Equal("1", ((IReadOnlyDictionary<object, object?>)row[12]!)["numOutputRows"]);
    }

    [Fact]
    public async Task ExecuteAsync_SettingFromAnEarlierStatementOrScript_DoesNotReachTheNext()
    {
        // SET is a session's (Spark's): a statement run on its own, as the Statement Execution API runs each, starts
        // without what another statement or script set, so no client can switch a check off for the others.
        using var sut = new EngineScope(fakeClock: true);
        await sut.Sql("CREATE TABLE t (id INT)");
        await sut.Sql("INSERT INTO t VALUES (1)");
        await sut.Sql("INSERT OVERWRITE t VALUES (2)");
        sut.Clock!.Advance(TimeSpan.FromHours(2));
        var ct = TestContext.Current.CancellationToken;

        var set = await sut.Rows("SET spark.databricks.delta.retentionDurationCheck.enabled = false");
        var afterStatement = await sut.Fails("VACUUM t RETAIN 1 HOURS");
        var script = await sut.Engine.ExecuteScriptAsync("SET spark.databricks.delta.retentionDurationCheck.enabled = FALSE; SET spark.databricks.delta.retentionDurationCheck.enabled", cancellationToken: ct);
        var afterScript = await sut.Fails("VACUUM t RETAIN 1 HOURS");
        var shown = await sut.Rows("SET spark.databricks.delta.retentionDurationCheck.enabled");

        Assert.Equal(["spark.databricks.delta.retentionDurationCheck.enabled", "false"], set.Single());
        Assert.Equal(["spark.databricks.delta.retentionDurationCheck.enabled", "FALSE"], script[1].Rows.Single());
        Assert.Equal("DELTA_VACUUM_RETENTION_PERIOD_TOO_SHORT", afterStatement.ErrorClass);
        Assert.Equal("DELTA_VACUUM_RETENTION_PERIOD_TOO_SHORT", afterScript.ErrorClass);
        Assert.Equal(["spark.databricks.delta.retentionDurationCheck.enabled", "<undefined>"], shown.Single());
        Assert.Equal(2, sut.DataFileCount("t"));
    }

    [Fact]
    public async Task ExecuteScriptAsync_UseAfterSet_KeepsTheSetting()
    {
        using var sut = new EngineScope();
        var ct = TestContext.Current.CancellationToken;

        var results = await sut.Engine.ExecuteScriptAsync("SET spark.databricks.delta.schema.autoMerge.enabled = true; CREATE SCHEMA s1; USE SCHEMA s1; SET spark.databricks.delta.schema.autoMerge.enabled", cancellationToken: ct);

        Assert.Equal(["spark.databricks.delta.schema.autoMerge.enabled", "true"], results[^1].Rows.Single());
    }
}
