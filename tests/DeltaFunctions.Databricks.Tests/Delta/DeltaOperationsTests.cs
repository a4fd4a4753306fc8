using DeltaFunctions.Databricks.Delta;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Databricks.Tests.IntegrationTests;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace DeltaFunctions.Databricks.Tests.Delta;

/// <summary>
/// The Delta maintenance and history operations over the emulator (reference §6): DELETE, UPDATE, OPTIMIZE with a
/// partition predicate and Z-order, VACUUM (dry run by default, the 7-day guard and its override), DESCRIBE HISTORY,
/// RESTORE by version and by timestamp, and the <c>databricks_delta_operations_total</c> counter. Tables are created
/// and filled with plain SQL so these tests depend on no write path of <see cref="DeltaClient"/>.
/// </summary>
public sealed class DeltaOperationsTests(LakehouseEmulator lakehouse) : IClassFixture<LakehouseEmulator>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DeltaClient Sut => lakehouse.Client.GetDeltaClient("main", "default");

    private SqlClient Sql => lakehouse.Client.GetSqlClient();

    [Fact]
    public async Task DeleteAsync_NoPredicate_DeletesEveryRowAndCountsOperation()
    {
        var table = await CreateAsync("(1, 'a', 'd1'), (2, 'b', 'd1'), (3, 'c', 'd2')");
        using var collector = new MetricCollector<long>(lakehouse.Client.Meter, SqlTelemetry.DeltaOperations);

        var deleted = await Sut.DeleteAsync(table, null, Ct);

        Assert.Equal(3, deleted);
        Assert.Empty(await IdsAsync(table));
        Assert.Single(collector.GetMeasurementSnapshot(), m => Tag(m, "operation") == "delete" && Tag(m, "outcome") == "succeeded");
    }

    [Fact]
    public async Task UpdateAsync_HostileValueAndPredicate_UpdatesOnlyMatchingRowsWithBoundValue()
    {
        var table = await CreateAsync("(1, 'a', 'd1'), (2, 'b', 'd1'), (3, 'c', 'd2')");
        const string hostile = "'); DELETE FROM t; --";

        var updated = await Sut.UpdateAsync(table, [MergeAssignment.Value("note", hostile)], SqlFilter.In("id", [1L, 3L]), Ct);
        var notes = await Sql.QueryAsync(SqlStatement.FromText($"SELECT id, note FROM {Name(table)} ORDER BY id"), cancellationToken: Ct)
            .Select(r => ((long)r[0]!, (string?)r[1])).ToListAsync(Ct);

        Assert.Equal(2, updated);
        Assert.Equal([(1L, hostile), (2L, "b"), (3L, hostile)], notes);
    }

    [Fact]
    public async Task UpdateAsync_NoAssignmentOrSourceColumn_ThrowsBeforeRunning()
    {
        var table = await CreateAsync("(1, 'a', 'd1')");
        using var collector = new MetricCollector<long>(lakehouse.Client.Meter, SqlTelemetry.DeltaOperations);

        await Assert.ThrowsAsync<ArgumentException>(() => Sut.UpdateAsync(table, [], null, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Sut.UpdateAsync(table, [MergeAssignment.FromSource("note")], null, Ct));

        Assert.Empty(collector.GetMeasurementSnapshot());
        Assert.Equal(["a"], await Sql.QueryAsync(SqlStatement.FromText($"SELECT note FROM {Name(table)}"), cancellationToken: Ct).Select(r => (string?)r[0]).ToListAsync(Ct));
    }

    [Fact]
    public async Task DeleteAsync_MissingTable_FailsOnceAsNonConflictAndCountsFailure()
    {
        using var collector = new MetricCollector<long>(lakehouse.Client.Meter, SqlTelemetry.DeltaOperations);

        var error = await Assert.ThrowsAsync<SqlStatementException>(() => Sut.DeleteAsync("no_such_table_" + Guid.NewGuid().ToString("N")[..6], null, Ct));

        Assert.False(error.IsConcurrencyConflict);
        Assert.False(error.IsTransient);
        var measurement = Assert.Single(collector.GetMeasurementSnapshot());
        Assert.Equal(("delete", "failed"), (Tag(measurement, "operation"), Tag(measurement, "outcome")));
    }

    [Fact]
    public async Task OptimizeAsync_PartitionPredicateAndZOrder_CompactsThatPartitionOnly()
    {
        var table = await CreateAsync("(1, 'a', 'd1')", partitioned: true);
        foreach (var values in new[] { "(2, 'b', 'd1')", "(3, 'c', 'd1')", "(4, 'd', 'd2')", "(5, 'e', 'd2')" })
        {
            await Sql.ExecuteAsync(SqlStatement.FromText($"INSERT INTO {Name(table)} VALUES {values}"), cancellationToken: Ct);
        }

        using var collector = new MetricCollector<long>(lakehouse.Client.Meter, SqlTelemetry.DeltaOperations);

        var result = await Sut.OptimizeAsync(table, SqlFilter.Equal("day", "d1"), ["id"], Ct);
        var history = await Sut.DescribeHistoryAsync(table, limit: 1, Ct);

        Assert.Equal(3, result.NumFilesRemoved);
        Assert.Equal(1, result.NumFilesAdded);
        Assert.Equal("OPTIMIZE", Assert.Single(history).Operation);
        Assert.Equal([1L, 2L, 3L, 4L, 5L], await IdsAsync(table));
        Assert.Single(collector.GetMeasurementSnapshot(), m => Tag(m, "operation") == "optimize" && Tag(m, "outcome") == "succeeded");
    }

    [Fact]
    public async Task VacuumAsync_DefaultAndRealRun_KeepsFilesYoungerThanSevenDays()
    {
        var table = await CreateAsync("(1, 'a', 'd1')");
        await Sql.ExecuteAsync(SqlStatement.FromText($"INSERT OVERWRITE {Name(table)} VALUES (2, 'b', 'd1')"), cancellationToken: Ct);
        using var collector = new MetricCollector<long>(lakehouse.Client.Meter, SqlTelemetry.DeltaOperations);

        var dryRun = await Sut.VacuumAsync(table, cancellationToken: Ct);
        var vacuum = await Sut.VacuumAsync(table, new VacuumOptions { DryRun = false, RetentionHours = 168 }, Ct);
        var oldVersion = await Sql.ReadAsync<long>(SqlStatement.FromText($"SELECT id FROM {Name(table)} VERSION AS OF 1"), cancellationToken: Ct).ToListAsync(Ct);

        Assert.True(dryRun.DryRun);
        Assert.Empty(dryRun.Paths);
        Assert.False(vacuum.DryRun);
        Assert.Equal([1L], oldVersion);
        Assert.Equal([2L], await IdsAsync(table));
        Assert.Equal(
            ["vacuum_dry_run", "vacuum"],
            collector.GetMeasurementSnapshot().Where(m => Tag(m, "outcome") == "succeeded").Select(m => Tag(m, "operation")));
    }

    [Fact]
    public async Task VacuumAsync_ShortRetentionOverridden_SentToServerWhichAppliesItsOwnCheck()
    {
        var table = await CreateAsync("(1, 'a', 'd1')");

        // The override only lifts the client's guard; a SQL warehouse still refuses RETAIN under 168 hours unless
        // spark.databricks.delta.retentionDurationCheck.enabled is false, which warehouses do not let a session set
        // (reference §6.6). The refusal comes back typed and is not retried.
        var error = await Assert.ThrowsAsync<SqlStatementException>(() =>
            Sut.VacuumAsync(table, new VacuumOptions { RetentionHours = 0, AllowRetentionUnderSevenDays = true }, Ct));

        Assert.Equal("DELTA_VACUUM_RETENTION_PERIOD_TOO_SHORT", error.ErrorClass);
        Assert.Contains("spark.databricks.delta.retentionDurationCheck.enabled is false", error.Message, StringComparison.Ordinal);
        Assert.Contains("delta.deletedFileRetentionDuration", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsConcurrencyConflict);
        Assert.Equal([1L], await IdsAsync(table));
    }

    [Theory]
    [InlineData(167.9, false)]
    [InlineData(-1, true)]
    [InlineData(double.NaN, true)]
    [InlineData(double.PositiveInfinity, true)]
    public async Task VacuumAsync_BadOrShortRetention_RefusedBeforeRunning(double hours, bool allowShort)
    {
        using var collector = new MetricCollector<long>(lakehouse.Client.Meter, SqlTelemetry.DeltaOperations);

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            Sut.VacuumAsync("any_table", new VacuumOptions { RetentionHours = hours, AllowRetentionUnderSevenDays = allowShort, DryRun = false }, Ct));

        Assert.Equal("options", error.ParamName);
        Assert.Empty(collector.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task VacuumAsync_SevenDaysExactly_RunsWithoutOverride()
    {
        var table = await CreateAsync("(1, 'a', 'd1')");

        var result = await Sut.VacuumAsync(table, new VacuumOptions { RetentionHours = 168 }, Ct);

        Assert.True(result.DryRun);
        Assert.Empty(result.Paths);
    }

    [Fact]
    public async Task DescribeHistoryAsync_SeveralCommits_NewestFirstWithOperationsAndLimit()
    {
        var table = await CreateAsync("(1, 'a', 'd1')");
        await Sut.DeleteAsync(table, SqlFilter.Equal("id", 1L), Ct);
        using var collector = new MetricCollector<long>(lakehouse.Client.Meter, SqlTelemetry.DeltaOperations);

        var all = await Sut.DescribeHistoryAsync(table, cancellationToken: Ct);
        var latest = await Sut.DescribeHistoryAsync(table, limit: 1, Ct);

        Assert.Equal([2L, 1L, 0L], all.Select(h => h.Version));
        Assert.Equal("DELETE", all[0].Operation);
        Assert.Equal("WRITE", all[1].Operation, ignoreCase: true);
        Assert.All(all, h => Assert.NotNull(h.Timestamp));
        Assert.Equal(2L, Assert.Single(latest).Version);
        Assert.Equal(2, collector.GetMeasurementSnapshot().Count(m => Tag(m, "operation") == "history"));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Sut.DescribeHistoryAsync(table, limit: 0, Ct));
    }

    [Fact]
    public async Task RestoreAsync_ToVersionZero_EmptiesTableAndNegativeVersionRefused()
    {
        var table = await CreateAsync("(1, 'a', 'd1')");

        await Sut.RestoreAsync(table, 0, Ct);

        Assert.Empty(await IdsAsync(table));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Sut.RestoreAsync(table, -1, Ct));
    }

    [Fact]
    public async Task RestoreAsync_ToCommitTimestamp_RestoresThatVersionsRows()
    {
        var table = await CreateAsync("(1, 'a', 'd1')");
        var first = (await Sut.DescribeHistoryAsync(table, cancellationToken: Ct))[0];
        await Sql.ExecuteAsync(SqlStatement.FromText($"INSERT INTO {Name(table)} VALUES (2, 'b', 'd2')"), cancellationToken: Ct);

        await Sut.RestoreAsync(table, first.Timestamp!.Value, Ct);

        Assert.Equal([1L], await IdsAsync(table));
        Assert.Equal("RESTORE", (await Sut.DescribeHistoryAsync(table, limit: 1, Ct))[0].Operation);
    }

    [Fact]
    public async Task ReadTableAsync_TimeTravel_CountsReadAndReadsEachVersion()
    {
        var table = await CreateAsync("(1, 'a', 'd1')");
        await Sql.ExecuteAsync(SqlStatement.FromText($"INSERT INTO {Name(table)} VALUES (2, 'b', 'd2')"), cancellationToken: Ct);
        using var collector = new MetricCollector<long>(lakehouse.Client.Meter, SqlTelemetry.DeltaOperations);

        var v1 = await Sut.ReadTableAsync<long>(table, new ReadTableOptions { Columns = ["id"], Version = 1 }, Ct).ToListAsync(Ct);
        var v2 = await Sut.ReadTableAsync<long>(table, new ReadTableOptions { Columns = ["id"], Version = 2 }, Ct).ToListAsync(Ct);
        var missing = await Assert.ThrowsAsync<SqlStatementException>(() =>
            Sut.ReadTableAsync<long>(table, new ReadTableOptions { Version = 99 }, Ct).ToListAsync(Ct).AsTask());

        Assert.Equal([1L], v1);
        Assert.Equal([1L, 2L], v2.Order());
        Assert.False(missing.IsConcurrencyConflict);
        Assert.Equal(
            ["succeeded", "succeeded", "failed"],
            collector.GetMeasurementSnapshot().Where(m => Tag(m, "operation") == "read").Select(m => Tag(m, "outcome")));
    }

    [Fact]
    public async Task ReadTableAsync_StoppedEarly_CountedAbandoned()
    {
        var table = await CreateAsync("(1, 'a', 'd1'), (2, 'b', 'd1')");
        using var collector = new MetricCollector<long>(lakehouse.Client.Meter, SqlTelemetry.DeltaOperations);

        var first = await Sut.ReadTableAsync<long>(table, new ReadTableOptions { Columns = ["id"] }, Ct).FirstAsync(Ct);

        Assert.True(first is 1 or 2);
        Assert.Equal("abandoned", Tag(Assert.Single(collector.GetMeasurementSnapshot()), "outcome"));
    }

    private static string? Tag(CollectedMeasurement<long> measurement, string name) => (string?)measurement.Tags[name];

    private string Name(string table) => Sut.Table(table).ToSql();

    private async Task<List<long>> IdsAsync(string table) =>
        await Sql.ReadAsync<long>(SqlStatement.FromText($"SELECT id FROM {Name(table)} ORDER BY id"), cancellationToken: Ct).ToListAsync(Ct);

    private async Task<string> CreateAsync(string values, bool partitioned = false)
    {
        var table = LakehouseEmulator.NewTable("ops");
        await Sql.ExecuteAsync(
            SqlStatement.FromText($"CREATE TABLE {Name(table)} (id BIGINT, note STRING, day STRING) USING DELTA" + (partitioned ? " PARTITIONED BY (day)" : string.Empty)),
            cancellationToken: Ct);
        await Sql.ExecuteAsync(SqlStatement.FromText($"INSERT INTO {Name(table)} VALUES {values}"), cancellationToken: Ct);
        return table;
    }
}
