using DeltaFunctions.Databricks.Delta;
using DeltaFunctions.Databricks.Schema;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Databricks.Tests.IntegrationTests;
using DeltaFunctions.TestUtilities.Emulator;

namespace DeltaFunctions.Databricks.Tests.Delta;

/// <summary>
/// OPTIMIZE and VACUUM started without waiting and read back by statement id alone, as a durable orchestration's
/// activities do, against the emulator over loopback.
/// </summary>
public sealed class DeltaClientStartAndPollTests(LakehouseEmulator lakehouse) : IClassFixture<LakehouseEmulator>
{
    private static readonly IReadOnlyList<SchemaColumn> Columns = [SchemaColumn.Of("id", "BIGINT"), SchemaColumn.Of("city", "STRING")];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DeltaClient Sut => lakehouse.Client.GetDeltaClient("main", "default");

    [Fact]
    public async Task StartOptimizeAsync_PolledByIdFromAnotherClient_SameMetricsAsOptimizeAsync()
    {
        var table = await CreateWithFilesAsync(3);

        var started = await Sut.StartOptimizeAsync(table, zOrderBy: ["city"], cancellationToken: Ct);
        var other = lakehouse.Client.GetDeltaClient("main", "other_schema_unused");
        var result = await Poll.UntilAsync(() => other.GetOptimizeResultAsync(started.StatementId, Ct), r => r is not null, Ct, TimeSpan.FromSeconds(30));
        var rows = await Sut.ReadTableAsync<Row>(table, cancellationToken: Ct).ToListAsync(Ct);

        Assert.Equal(3, result!.NumFilesRemoved);
        Assert.Equal(1, result.NumFilesAdded);
        Assert.Equal([1L, 2L, 3L], rows.Select(r => r.Id).Order());
    }

    [Fact]
    public async Task StartVacuumAsync_RealRunPolledById_SucceedsAndKeepsRows()
    {
        var table = await CreateWithFilesAsync(2);

        var started = await Sut.StartVacuumAsync(table, new VacuumOptions { DryRun = false, RetentionHours = 168 }, Ct);
        var result = await Poll.UntilAsync(() => Sut.GetVacuumResultAsync(started.StatementId, dryRun: false, Ct), r => r is not null, Ct, TimeSpan.FromSeconds(30));

        Assert.False(result!.DryRun);
        Assert.Equal(2, await Sut.ReadTableAsync<Row>(table, cancellationToken: Ct).CountAsync(Ct));
    }

    [Fact]
    public async Task StartVacuumAsync_DefaultIsDryRun_ListsNothingYoungerThanSevenDays()
    {
        var table = await CreateWithFilesAsync(1);

        var started = await Sut.StartVacuumAsync(table, cancellationToken: Ct);
        var result = await Poll.UntilAsync(() => Sut.GetVacuumResultAsync(started.StatementId, dryRun: true, Ct), r => r is not null, Ct, TimeSpan.FromSeconds(30));

        Assert.True(result!.DryRun);
        Assert.Empty(result.Paths);
    }

    [Fact]
    public async Task StartVacuumAsync_ShortRetention_RefusedBeforeAnythingIsSent()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Sut.StartVacuumAsync("whatever", new VacuumOptions { DryRun = false, RetentionHours = 1 }, Ct));

        Assert.Contains("7 days", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetOptimizeResultAsync_MissingTable_ThrowsStatementFailureWithState()
    {
        var started = await Sut.StartOptimizeAsync("no_such_table_" + Guid.NewGuid().ToString("N")[..6], cancellationToken: Ct);

        var error = await Poll.UntilAsync(
            async () =>
            {
                try
                {
                    return await Sut.GetOptimizeResultAsync(started.StatementId, Ct) is null ? null : new InvalidOperationException("succeeded");
                }
                catch (SqlStatementException e)
                {
                    return (Exception)e;
                }
            },
            e => e is not null,
            Ct,
            TimeSpan.FromSeconds(30));

        var failure = Assert.IsType<SqlStatementException>(error);
        Assert.Equal(StatementState.Failed, failure.State);
        Assert.Equal(started.StatementId, failure.StatementId);
        Assert.Contains("no_such_table_", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetOptimizeResultAsync_EmptyId_Throws()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Sut.GetOptimizeResultAsync(" ", Ct));
    }

    private async Task<string> CreateWithFilesAsync(int files)
    {
        var table = "maint_" + Guid.NewGuid().ToString("N")[..8];
        await lakehouse.Client.GetSqlClient().ExecuteAsync(
            SqlStatement.FromText($"CREATE TABLE {Sut.Table(table).ToSql()} (id BIGINT, city STRING) USING DELTA"), cancellationToken: Ct);
        for (var i = 1; i <= files; i++)
        {
            await Sut.WriteTableAsync(table, [new Row(i, "c" + i)], WriteMode.Append, new WriteTableOptions { Columns = Columns }, Ct);
        }

        return table;
    }

    public sealed record Row(long Id, string City);
}
