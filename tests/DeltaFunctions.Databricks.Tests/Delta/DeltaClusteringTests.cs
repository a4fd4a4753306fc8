using DeltaFunctions.Databricks.Delta;
using DeltaFunctions.Databricks.Schema;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Databricks.Tests.IntegrationTests;

namespace DeltaFunctions.Databricks.Tests.Delta;

/// <summary>
/// Liquid clustering and MERGE * EXCEPT through <see cref="DeltaClient"/> against the emulator over loopback: the
/// table's layout is read back with DESCRIBE DETAIL (as on Databricks), refusals come back as Databricks' error classes.
/// </summary>
public sealed class DeltaClusteringTests(LakehouseEmulator lakehouse) : IClassFixture<LakehouseEmulator>
{
    private static readonly SchemaColumn[] Columns = [SchemaColumn.Of("id", "BIGINT", nullable: false), SchemaColumn.Of("city", "STRING"), SchemaColumn.Of("amt", "INT")];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DeltaClient Sut => lakehouse.Client.GetDeltaClient("main", "default");

    private SqlClient Sql => lakehouse.Client.GetSqlClient();

    [Fact]
    public async Task CreateTableAsync_ClusterByColumns_TableReportsClusteringColumns()
    {
        var table = LakehouseEmulator.NewTable("clustered");

        await Sut.CreateTableAsync(table, Columns, new CreateTableOptions { Clustering = TableClustering.By("city", "id") }, Ct);
        await Sut.CreateTableAsync(table, Columns, new CreateTableOptions { IfNotExists = true, Clustering = TableClustering.By("amt") }, Ct);

        var (clustering, features, properties) = await DetailAsync(table);
        Assert.Equal(["city", "id"], clustering);
        Assert.Contains("clustering", features);
        Assert.DoesNotContain("clusterByAuto", properties.Keys);
    }

    [Fact]
    public async Task CreateTableAsync_ClusterByAuto_SetsClusterByAuto()
    {
        var table = LakehouseEmulator.NewTable("auto");

        await Sut.CreateTableAsync(table, Columns, new CreateTableOptions { Clustering = TableClustering.Auto }, Ct);

        var (clustering, _, properties) = await DetailAsync(table);
        Assert.Empty(clustering);
        Assert.Equal("true", properties["clusterByAuto"]);
    }

    [Fact]
    public async Task SetClusteringAsync_NewKeysThenOptimizeFull_ReclustersEveryFile()
    {
        var table = LakehouseEmulator.NewTable("recluster");
        await Sut.CreateTableAsync(table, Columns, new CreateTableOptions { Clustering = TableClustering.By("id") }, Ct);
        await InsertAsync(table, "(3, 'b', 1), (1, 'a', 2)");
        await Sut.OptimizeAsync(table, new OptimizeOptions(), Ct);
        await InsertAsync(table, "(2, 'c', 3)");

        await Sut.SetClusteringAsync(table, TableClustering.By("city"), Ct);
        var incremental = await Sut.OptimizeAsync(table, new OptimizeOptions(), Ct);
        var full = await Sut.OptimizeAsync(table, new OptimizeOptions { Full = true }, Ct);

        Assert.Equal(["city"], (await DetailAsync(table)).Clustering);
        Assert.Equal(1, incremental.NumFilesRemoved);
        Assert.Equal(2, full.NumFilesRemoved);
        var history = await Sut.DescribeHistoryAsync(table, limit: 3, Ct);
        Assert.Equal(["OPTIMIZE", "OPTIMIZE", "CLUSTER BY"], history.Select(h => h.Operation));
        Assert.Equal("true", history[0].OperationParameters["isFull"]);
        Assert.Equal(3L, await Sql.QueryAsync(SqlStatement.FromText($"SELECT count(*) FROM {Name(table)}"), cancellationToken: Ct).Select(r => Convert.ToInt64(r[0], System.Globalization.CultureInfo.InvariantCulture)).SingleAsync(Ct));
    }

    [Fact]
    public async Task SetClusteringAsync_NoneThenAuto_ClearsColumnsAndTurnsAutoOn()
    {
        var table = LakehouseEmulator.NewTable("none");
        await Sut.CreateTableAsync(table, Columns, new CreateTableOptions { Clustering = TableClustering.By("city") }, Ct);

        await Sut.SetClusteringAsync(table, TableClustering.None, Ct);
        var afterNone = await DetailAsync(table);
        await Sut.SetClusteringAsync(table, TableClustering.Auto, Ct);
        var afterAuto = await DetailAsync(table);

        Assert.Empty(afterNone.Clustering);
        Assert.Contains("clustering", afterNone.Features);
        Assert.Equal("true", afterAuto.Properties["clusterByAuto"]);
    }

    [Fact]
    public async Task OptimizeAsync_ZOrderOnClusteredTable_RefusedWithDatabricksErrorAndNotRetried()
    {
        var table = LakehouseEmulator.NewTable("zorder");
        await Sut.CreateTableAsync(table, Columns, new CreateTableOptions { Clustering = TableClustering.By("id") }, Ct);
        await InsertAsync(table, "(1, 'a', 1)");

        var zorder = await Assert.ThrowsAsync<SqlStatementException>(() => Sut.OptimizeAsync(table, zOrderBy: ["city"], cancellationToken: Ct));
        var where = await Assert.ThrowsAsync<SqlStatementException>(() => Sut.OptimizeAsync(table, SqlFilter.Equal("city", "a"), cancellationToken: Ct));
        var started = await Sut.StartOptimizeAsync(table, new OptimizeOptions { ZOrderBy = ["amt"] }, Ct);
        var polled = await Assert.ThrowsAsync<SqlStatementException>(async () =>
        {
            while (await Sut.GetOptimizeResultAsync(started.StatementId, Ct) is null)
            {
                await Task.Delay(50, Ct);
            }
        });

        Assert.Equal(("DELTA_CLUSTERING_WITH_ZORDER_BY", "42613"), (zorder.ErrorClass, zorder.SqlState));
        Assert.Contains("Please remove ZORDER BY (city)", zorder.Message, StringComparison.Ordinal);
        Assert.False(zorder.IsConcurrencyConflict);
        Assert.Equal("DELTA_CLUSTERING_WITH_PARTITION_PREDICATE", where.ErrorClass);
        Assert.Equal("DELTA_CLUSTERING_WITH_ZORDER_BY", polled.ErrorClass);
        Assert.Single(await Sut.DescribeHistoryAsync(table, cancellationToken: Ct), h => h.Operation == "WRITE");
    }

    [Fact]
    public async Task OptimizeAsync_FullOnUnclusteredTable_RefusedByServer()
    {
        var table = LakehouseEmulator.NewTable("plain");
        await Sut.CreateTableAsync(table, Columns, cancellationToken: Ct);

        var error = await Assert.ThrowsAsync<SqlStatementException>(() => Sut.OptimizeAsync(table, new OptimizeOptions { Full = true }, Ct));

        Assert.Equal("DELTA_OPTIMIZE_FULL_NOT_SUPPORTED", error.ErrorClass);
    }

    [Fact]
    public async Task ClientChecks_BadClusteringOrFullCombinations_ThrowBeforeSending()
    {
        var table = LakehouseEmulator.NewTable("never");

        Assert.Throws<ArgumentException>(() => TableClustering.By());
        Assert.Throws<ArgumentException>(() => TableClustering.By("a", "b", "c", "d", "e"));
        Assert.Throws<ArgumentException>(() => TableClustering.By("a", "A"));
        await Assert.ThrowsAsync<ArgumentException>(() => Sut.OptimizeAsync(table, new OptimizeOptions { Full = true, ZOrderBy = ["id"] }, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Sut.CreateTableAsync(
            table, Columns, new CreateTableOptions { Clustering = TableClustering.By("id"), PartitionBy = ["city"] }, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Sut.CreateTableAsync(table, Columns, new CreateTableOptions { Clustering = TableClustering.None }, Ct));

        var missing = await Assert.ThrowsAsync<SqlStatementException>(() => Sut.DescribeHistoryAsync(table, cancellationToken: Ct));
        Assert.Equal("TABLE_OR_VIEW_NOT_FOUND", missing.ErrorClass);
        Assert.Equal("CLUSTER BY (`odd``name`, `x`)", TableClustering.By("odd`name", "x").ToSql());
    }

    [Fact]
    public async Task MergeStarExcept_OverLoopback_KeepsExceptedTargetColumnAndInsertsNullForIt()
    {
        var table = LakehouseEmulator.NewTable("except");
        await Sut.CreateTableAsync(table, Columns, cancellationToken: Ct);
        await InsertAsync(table, "(1, 'keep', 10)");

        var result = await Sut.Merge(table)
            .UsingRows([new Row(1, "new", 11), new Row(2, "two", 20)], Columns)
            .On("id")
            .WhenMatchedUpdateAllExcept(["city"])
            .WhenNotMatchedInsertAllExcept(["amt"])
            .ExecuteAsync(Ct);
        var rows = await Sql.QueryAsync(SqlStatement.FromText($"SELECT id, city, amt FROM {Name(table)} ORDER BY id"), cancellationToken: Ct)
            .Select(r => (Convert.ToInt64(r[0], System.Globalization.CultureInfo.InvariantCulture), (string?)r[1], r[2] is null ? (long?)null : Convert.ToInt64(r[2], System.Globalization.CultureInfo.InvariantCulture)))
            .ToListAsync(Ct);

        Assert.Equal((1, 1), (result.NumUpdatedRows, result.NumInsertedRows));
        Assert.Equal([(1L, "keep", 11L), (2L, "two", null)], rows);
    }

    private async Task<(IReadOnlyList<string> Clustering, IReadOnlyList<string> Features, IReadOnlyDictionary<string, string> Properties)> DetailAsync(string table)
    {
        var row = await Sql.QueryAsync(SqlStatement.FromText($"DESCRIBE DETAIL {Name(table)}"), cancellationToken: Ct).SingleAsync(Ct);
        static List<string> Strings(object? value) => [.. ((System.Collections.IEnumerable)value!).Cast<object?>().Select(v => (string)v!)];
        var map = ((IReadOnlyDictionary<object, object?>)row["properties"]!).ToDictionary(kv => (string)kv.Key, kv => (string)kv.Value!);
        return (Strings(row["clusteringColumns"]), Strings(row["tableFeatures"]), map);
    }

    private Task InsertAsync(string table, string values) =>
        Sql.ExecuteAsync(SqlStatement.FromText($"INSERT INTO {Name(table)} VALUES {values}"), cancellationToken: Ct);

    private string Name(string table) => Sut.Table(table).ToSql();

    private sealed record Row(long Id, string City, int Amt);
}
