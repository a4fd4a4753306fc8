using DeltaFunctions.Databricks.Delta;
using DeltaFunctions.Databricks.Schema;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Databricks.Tests.IntegrationTests;

namespace DeltaFunctions.Databricks.Tests.Delta;

public sealed class DeltaClientTests(LakehouseEmulator lakehouse) : IClassFixture<LakehouseEmulator>
{
    private static readonly IReadOnlyList<SchemaColumn> OrderColumns =
        [SchemaColumn.Of("id", "BIGINT"), SchemaColumn.Of("amt", "DECIMAL(10,2)"), SchemaColumn.Of("note", "STRING")];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // The Lakehouse emulator has no from_json/inline yet, so rows travel as a VALUES table of typed parameters here;
    // the one-JSON-parameter default is covered by MergeBuilderTests and the Databricks reference.
    private DeltaClient Sut => lakehouse.Client.GetDeltaClient("main", "default", new DeltaClientOptions { RowEncoding = SourceRowEncoding.ValuesParameters });

    [Fact]
    public async Task WriteTableAsync_AppendThenRead_RoundTripsTypedRows()
    {
        var table = await CreateOrdersAsync();

        var written = await Sut.WriteTableAsync(table, [new Order(1, 10.50m, "a"), new Order(2, 3m, null)], WriteMode.Append, new WriteTableOptions { Columns = OrderColumns }, Ct);
        var rows = await Sut.ReadTableAsync<Order>(table, new ReadTableOptions { Filter = SqlFilter.GreaterThan("amt", 5m) }, Ct).ToListAsync(Ct);

        Assert.Equal(2, written.NumInsertedRows);
        Assert.False(written.Staged);
        Assert.Equal([new Order(1, 10.50m, "a")], rows);
    }

    [Fact]
    public async Task WriteTableAsync_Overwrite_ReplacesRows()
    {
        var table = await CreateOrdersAsync((1, 1m), (2, 2m));

        await Sut.WriteTableAsync(table, [new Order(9, 9m, "new")], WriteMode.Overwrite, new WriteTableOptions { Columns = OrderColumns }, Ct);
        var rows = await Sut.ReadTableAsync<Order>(table, cancellationToken: Ct).ToListAsync(Ct);

        Assert.Equal([new Order(9, 9m, "new")], rows);
    }

    [Fact]
    public async Task WriteTableAsync_ReplaceWhere_ReplacesOnlyMatchingRows()
    {
        var table = await CreateOrdersAsync((1, 1m), (2, 2m), (3, 3m));

        await Sut.WriteTableAsync(
            table,
            [new Order(2, 20m, "replaced")],
            WriteMode.ReplaceWhere,
            new WriteTableOptions { Columns = OrderColumns, ReplaceWhere = SqlFilter.Equal("id", 2L) },
            Ct);
        var rows = await Sut.ReadTableAsync<Order>(table, cancellationToken: Ct).ToListAsync(Ct);

        Assert.Equal([1m, 20m, 3m], rows.OrderBy(r => r.Id).Select(r => r.Amt));
    }

    [Fact]
    public async Task Merge_UpsertAndDelete_ReturnsMetrics()
    {
        var table = await CreateOrdersAsync((1, 1m), (2, 2m), (3, 3m));

        var result = await Sut.Merge(table)
            .UsingRows([new Order(1, 100m, "upd"), new Order(3, 0m, "D"), new Order(4, 4m, "ins")], OrderColumns)
            .On("id")
            .WhenMatchedDelete(SqlFilter.Equal(ColumnRef.Source("note"), "D"))
            .WhenMatchedUpdateAll()
            .WhenNotMatchedInsertAll()
            .ExecuteAsync(Ct);
        var rows = await Sut.ReadTableAsync<Order>(table, cancellationToken: Ct).ToListAsync(Ct);

        Assert.Equal((1L, 1L, 1L), (result.NumUpdatedRows, result.NumDeletedRows, result.NumInsertedRows));
        Assert.Equal([new Order(1, 100m, "upd"), new Order(2, 2m, null), new Order(4, 4m, "ins")], rows.OrderBy(r => r.Id));
    }

    [Fact]
    public async Task Merge_DuplicateSourceKeys_PreflightReportsKeysAndChangesNothing()
    {
        var table = await CreateOrdersAsync((1, 1m));

        var error = await Assert.ThrowsAsync<DuplicateSourceKeysException>(() => Sut.Merge(table)
            .UsingRows([new Order(1, 5m, null), new Order(1, 6m, null), new Order(2, 1m, null)], OrderColumns)
            .On("id")
            .WhenMatchedUpdateAll()
            .ExecuteAsync(Ct));
        var rows = await Sut.ReadTableAsync<Order>(table, cancellationToken: Ct).ToListAsync(Ct);

        var key = Assert.Single(error.Keys);
        Assert.Equal(1L, key.Key["id"]);
        Assert.Equal(2, key.Count);
        Assert.Equal([new Order(1, 1m, null)], rows);
    }

    [Fact]
    public async Task Merge_DuplicateKeysInQuerySource_PreflightQueriesAndReports()
    {
        var table = await CreateOrdersAsync((1, 1m));
        var source = await CreateOrdersAsync((1, 5m), (1, 6m), (7, 7m));

        var error = await Assert.ThrowsAsync<DuplicateSourceKeysException>(() => Sut.Merge(table)
            .UsingTable(Sut.Table(source))
            .On("id")
            .WhenMatchedUpdateAll()
            .ExecuteAsync(Ct));

        var key = Assert.Single(error.Keys);
        Assert.Equal(1L, Convert.ToInt64(key.Key["id"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(2, key.Count);
    }

    [Fact]
    public async Task DeleteAndUpdate_BoundPredicates_ChangeMatchingRows()
    {
        var table = await CreateOrdersAsync((1, 1m), (2, 2m), (3, 3m));

        var deleted = await Sut.DeleteAsync(table, SqlFilter.Equal("id", 2L), Ct);
        var updated = await Sut.UpdateAsync(table, [MergeAssignment.Value("note", "x'; DROP TABLE t; --")], SqlFilter.GreaterThan("id", 2L), Ct);
        var rows = await Sut.ReadTableAsync<Order>(table, cancellationToken: Ct).ToListAsync(Ct);

        Assert.Equal(1, deleted);
        Assert.Equal(1, updated);
        Assert.Equal([new Order(1, 1m, null), new Order(3, 3m, "x'; DROP TABLE t; --")], rows.OrderBy(r => r.Id));
    }

    [Fact]
    public async Task ReadTableAsync_TimeTravel_ReadsOldVersionAndTimestamp()
    {
        var table = await CreateOrdersAsync((1, 1m));
        var history = await Sut.DescribeHistoryAsync(table, cancellationToken: Ct);
        var afterFirstWrite = history[0];
        await Sut.DeleteAsync(table, null, Ct);

        var byVersion = await Sut.ReadTableAsync<Order>(table, new ReadTableOptions { Version = afterFirstWrite.Version }, Ct).ToListAsync(Ct);
        var byTimestamp = await Sut.ReadTableAsync<Order>(table, new ReadTableOptions { Timestamp = afterFirstWrite.Timestamp }, Ct).ToListAsync(Ct);
        var now = await Sut.ReadTableAsync<Order>(table, cancellationToken: Ct).ToListAsync(Ct);

        Assert.Equal([new Order(1, 1m, null)], byVersion);
        Assert.Equal([new Order(1, 1m, null)], byTimestamp);
        Assert.Empty(now);
    }

    [Fact]
    public async Task HistoryAndRestore_RestoreToVersion_BringsRowsBack()
    {
        var table = await CreateOrdersAsync((1, 1m), (2, 2m));
        var before = (await Sut.DescribeHistoryAsync(table, limit: 1, Ct))[0].Version;
        await Sut.DeleteAsync(table, null, Ct);

        var restore = await Sut.RestoreAsync(table, before, Ct);
        var history = await Sut.DescribeHistoryAsync(table, cancellationToken: Ct);
        var rows = await Sut.ReadTableAsync<Order>(table, cancellationToken: Ct).ToListAsync(Ct);

        Assert.NotNull(restore.Metrics);
        Assert.Equal(2, rows.Count);
        Assert.Equal("RESTORE", history[0].Operation);
        Assert.Contains(history, h => h.Operation == "DELETE");
        Assert.True(history.Select(h => h.Version).SequenceEqual(history.Select(h => h.Version).OrderDescending()));
    }

    [Fact]
    public async Task OptimizeAsync_ManySmallFiles_CompactsWithSameRows()
    {
        var table = await CreateOrdersAsync((1, 1m));
        for (var i = 2; i <= 4; i++)
        {
            await Sut.WriteTableAsync(table, [new Order(i, i, null)], WriteMode.Append, new WriteTableOptions { Columns = OrderColumns }, Ct);
        }

        var result = await Sut.OptimizeAsync(table, zOrderBy: ["amt"], cancellationToken: Ct);
        var rows = await Sut.ReadTableAsync<Order>(table, cancellationToken: Ct).ToListAsync(Ct);

        Assert.True(result.NumFilesRemoved is null or > 1, $"removed {result.NumFilesRemoved}");
        Assert.Equal([1L, 2L, 3L, 4L], rows.Select(r => r.Id).Order());
    }

    [Fact]
    public async Task VacuumAsync_DefaultDryRun_ListsWithoutDeletingAndRefusesShortRetention()
    {
        var table = await CreateOrdersAsync((1, 1m));

        var dryRun = await Sut.VacuumAsync(table, cancellationToken: Ct);
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => Sut.VacuumAsync(table, new VacuumOptions { RetentionHours = 1 }, Ct));
        var rows = await Sut.ReadTableAsync<Order>(table, cancellationToken: Ct).ToListAsync(Ct);

        Assert.True(dryRun.DryRun);
        Assert.Contains("7 days", refused.Message, StringComparison.Ordinal);
        Assert.Single(rows);
    }

    private async Task<string> CreateOrdersAsync(params (long Id, decimal Amt)[] rows)
    {
        var table = LakehouseEmulator.NewTable("orders");
        await lakehouse.Client.GetSqlClient().ExecuteAsync(
            SqlStatement.FromText($"CREATE TABLE {Sut.Table(table).ToSql()} (id BIGINT, amt DECIMAL(10,2), note STRING) USING DELTA"),
            cancellationToken: Ct);
        if (rows.Length > 0)
        {
            await Sut.WriteTableAsync(table, rows.Select(r => new Order(r.Id, r.Amt, null)), WriteMode.Append, new WriteTableOptions { Columns = OrderColumns }, Ct);
        }

        return table;
    }

    public sealed record Order(long Id, decimal Amt, string? Note);
}
