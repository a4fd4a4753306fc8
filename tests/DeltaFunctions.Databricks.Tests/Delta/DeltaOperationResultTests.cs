using DeltaFunctions.Databricks.Delta;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Databricks.Tests.IntegrationTests;

namespace DeltaFunctions.Databricks.Tests.Delta;

/// <summary>
/// The results of writes, merges, OPTIMIZE, VACUUM, RESTORE and DESCRIBE HISTORY share one shape (the statement that
/// ran, the table, typed metrics) over the emulator: the statement id is one Databricks knows, and every count is a
/// number, not a string to parse.
/// </summary>
public sealed class DeltaOperationResultTests(LakehouseEmulator lakehouse) : IClassFixture<LakehouseEmulator>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DeltaClient Sut => lakehouse.Client.GetDeltaClient("main", "default");

    private SqlClient Sql => lakehouse.Client.GetSqlClient();

    [Fact]
    public async Task Results_EveryOperation_NameTheSucceededStatementAndTheTable()
    {
        var table = await CreateAsync();

        var write = await Sut.WriteTableAsync(table, [new Item(1, "a"), new Item(2, "b")], cancellationToken: Ct);
        var merge = await Sut.Merge(table).UsingRows([new Item(2, "B"), new Item(3, "c")]).On("id").WhenMatchedUpdateAll().WhenNotMatchedInsertAll().ExecuteAsync(Ct);
        var optimize = await Sut.OptimizeAsync(table, cancellationToken: Ct);
        var vacuum = await Sut.VacuumAsync(table, cancellationToken: Ct);
        var restore = await Sut.RestoreAsync(table, 1, Ct);
        DeltaOperationResult[] results = [write, merge, optimize, vacuum, restore];

        Assert.All(results, r => Assert.Equal(Sut.Table(table), r.Table));
        Assert.Equal(results.Length, results.Select(r => r.StatementId).Distinct().Count());
        foreach (var result in results)
        {
            var statement = await Sql.GetStatementAsync(result.StatementId, Ct);
            Assert.Equal(StatementState.Succeeded, statement.Status.State);
        }
    }

    [Fact]
    public async Task DescribeHistoryAsync_WriteAndMerge_OperationMetricsAreTypedNumbers()
    {
        var table = await CreateAsync();
        await Sut.WriteTableAsync(table, [new Item(1, "a"), new Item(2, "b"), new Item(3, "c")], cancellationToken: Ct);
        await Sut.Merge(table).UsingRows([new Item(2, "B"), new Item(4, "d")]).On("id").WhenMatchedUpdateAll().WhenNotMatchedInsertAll().ExecuteAsync(Ct);

        var history = await Sut.DescribeHistoryAsync(table, limit: 2, Ct);

        var (mergeCommit, writeCommit) = (history[0], history[1]);
        Assert.Equal("MERGE", mergeCommit.Operation);
        Assert.Equal(
            (2L, 1L, 1L, 0L),
            (mergeCommit.OperationMetrics.NumSourceRows, mergeCommit.OperationMetrics.NumTargetRowsInserted,
             mergeCommit.OperationMetrics.NumTargetRowsUpdated, mergeCommit.OperationMetrics.NumTargetRowsDeleted));
        Assert.Equal("1", mergeCommit.OperationMetrics.Values["numTargetRowsInserted"]);
        Assert.True(mergeCommit.OperationParameters.ContainsKey("predicate"));
        Assert.Equal(3L, writeCommit.OperationMetrics.NumOutputRows);
        Assert.Null(writeCommit.OperationMetrics.NumTargetRowsInserted);
    }

    [Fact]
    public async Task RestoreAsync_AfterDelete_ReportsTypedFileCounts()
    {
        var table = await CreateAsync();
        await Sut.WriteTableAsync(table, [new Item(1, "a")], cancellationToken: Ct);
        await Sut.DeleteAsync(table, null, Ct);

        var restore = await Sut.RestoreAsync(table, 1, Ct);

        Assert.Equal((1L, 1L), (restore.NumRestoredFiles, restore.NumOfFilesAfterRestore));
        Assert.True(restore.TableSizeAfterRestore > 0, $"size {restore.TableSizeAfterRestore}");
        Assert.Equal(restore.TableSizeAfterRestore, restore.RestoredFilesSize);
        Assert.Equal(restore.NumRestoredFiles, Convert.ToInt64(restore.Metrics["num_restored_files"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task OptimizeAsync_SmallFiles_TypesEveryReportedCount()
    {
        var table = await CreateAsync();
        await Sut.WriteTableAsync(table, [new Item(1, "a")], cancellationToken: Ct);
        await Sut.WriteTableAsync(table, [new Item(2, "b")], cancellationToken: Ct);

        var result = await Sut.OptimizeAsync(table, cancellationToken: Ct);

        Assert.Equal((1L, 2L, 2L, 0L), (result.NumFilesAdded, result.NumFilesRemoved, result.TotalConsideredFiles, result.TotalFilesSkipped));
        Assert.NotNull(result.Path);
    }

    [Fact]
    public void DeltaOperationMetrics_NonNumericOrMissing_NullWhileValuesKeepTheText()
    {
        var sut = new DeltaOperationMetrics(new Dictionary<string, string>
        {
            ["numOutputRows"] = "12",
            ["numFiles"] = "many",
            ["numDeletionVectorsAdded"] = "-3",
        });

        Assert.Equal(12L, sut.NumOutputRows);
        Assert.Null(sut.NumFiles);
        Assert.Equal("many", sut.Values["numFiles"]);
        Assert.Null(sut.NumTargetRowsInserted);
        Assert.Equal(-3L, sut.Number("numDeletionVectorsAdded"));
        Assert.Empty(DeltaOperationMetrics.Empty.Values);
    }

    private async Task<string> CreateAsync()
    {
        var table = LakehouseEmulator.NewTable("results");
        await Sql.ExecuteAsync(SqlStatement.FromText($"CREATE TABLE {Sut.Table(table).ToSql()} (id BIGINT, note STRING) USING DELTA"), cancellationToken: Ct);
        return table;
    }

    private sealed record Item(long Id, string Note);
}
