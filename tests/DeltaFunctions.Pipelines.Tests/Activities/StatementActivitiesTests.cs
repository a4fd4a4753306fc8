using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Pipelines.Activities;
using DeltaFunctions.Pipelines.Sql;
using DeltaFunctions.Pipelines.Tests.Handlers;
using DeltaFunctions.TestUtilities.Emulator;
using Moq;

namespace DeltaFunctions.Pipelines.Tests.Activities;

/// <summary>The statement activities against the emulator, and with the SQL client substituted.</summary>
public sealed class StatementActivitiesTests(PipelinesEmulator lakehouse) : IClassFixture<PipelinesEmulator>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetStatementStatusAsync_OptimizeSucceeded_ReportsFileMetrics()
    {
        var table = PipelinesEmulator.NewTable("optimize");
        await lakehouse.ExecuteAsync($"CREATE TABLE {table} (id BIGINT)", Ct);
        await lakehouse.ExecuteAsync($"INSERT INTO {table} VALUES (1)", Ct);
        await lakehouse.ExecuteAsync($"INSERT INTO {table} VALUES (2)", Ct);
        await lakehouse.ExecuteAsync($"INSERT INTO {table} VALUES (3)", Ct);
        var sut = new StatementActivities(lakehouse.Sql);

        var handle = await sut.StartStatementAsync(new StartStatementInput { Statement = $"OPTIMIZE {table}" }, Ct);
        var status = await Poll.UntilAsync(
            () => sut.GetStatementStatusAsync(handle, Ct), s => StatementStatusSnapshot.TerminalStates.Contains(s.State), Ct, TimeSpan.FromSeconds(30));

        Assert.Equal("SUCCEEDED", status.State);
        Assert.Equal(3, status.Metrics!["numFilesRemoved"]);
        Assert.Equal(1, status.Metrics["numFilesAdded"]);
    }

    [Fact]
    public async Task GetStatementStatusAsync_BadSql_FailedWithError()
    {
        var sut = new StatementActivities(lakehouse.Sql);

        var handle = await sut.StartStatementAsync(new StartStatementInput { Statement = "OPTIMIZE main.default.no_such_table_s" }, Ct);
        var status = await Poll.UntilAsync(
            () => sut.GetStatementStatusAsync(handle, Ct), s => StatementStatusSnapshot.TerminalStates.Contains(s.State), Ct, TimeSpan.FromSeconds(30));

        Assert.Equal("FAILED", status.State);
        Assert.False(string.IsNullOrEmpty(status.ErrorMessage));
        Assert.Null(status.Metrics);
    }

    [Fact]
    public async Task StartStatementAsync_Always_StartsWithoutWaitingAndBindsParameters()
    {
        SqlStatement? sent = null;
        SqlExecuteOptions? options = null;
        var sql = new Mock<SqlClient>(MockBehavior.Strict);
        sql.Setup(s => s.StartAsync(It.IsAny<SqlStatement>(), It.IsAny<SqlExecuteOptions>(), It.IsAny<CancellationToken>()))
            .Callback<SqlStatement, SqlExecuteOptions?, CancellationToken>((s, o, _) => (sent, options) = (s, o))
            .ThrowsAsync(new Databricks.DatabricksException("stop here"));
        var sut = new StatementActivities(sql.Object);

        await Assert.ThrowsAsync<Databricks.DatabricksException>(() => sut.StartStatementAsync(new StartStatementInput
        {
            Statement = "VACUUM t RETAIN :h HOURS",
            WarehouseId = "wh-1",
            Parameters = [new SqlParameter { Name = "h", Value = "168", Type = "INT" }],
        }, Ct));

        Assert.Equal(TimeSpan.Zero, options!.WaitTimeout);
        Assert.Equal("wh-1", options.WarehouseId);
        var parameter = Assert.Single(sent!.Parameters);
        Assert.Equal(("h", "168", "INT"), (parameter.Name, parameter.Value, parameter.Type));
    }

    [Fact]
    public async Task GetStatementStatusAsync_VacuumMetricColumnsAndStruct_Summed()
    {
        var sql = new Mock<SqlClient>(MockBehavior.Strict);
        sql.Setup(s => s.GetStatementAsync("st-1", It.IsAny<CancellationToken>())).ReturnsAsync(new StatementResponse
        {
            StatementId = "st-1",
            Status = new StatementStatus { State = StatementState.Succeeded },
            Manifest = new ResultManifest
            {
                Schema = new ResultSchema
                {
                    Columns =
                    [
                        new ResultColumn { Name = "path", Position = 0 },
                        new ResultColumn { Name = "numDeletedFiles", Position = 1 },
                        new ResultColumn { Name = "metrics", Position = 2 },
                    ],
                },
            },
            Result = new ResultChunk { DataArray = [["/a", "2", """{"numFilesAdded":1,"numFilesRemoved":"4"}"""], ["/b", "3", null]] },
        });
        var sut = new StatementActivities(sql.Object);

        var status = await sut.GetStatementStatusAsync(new StatementHandle { StatementId = "st-1" }, Ct);

        Assert.Equal(5, status.Metrics!["numDeletedFiles"]);
        Assert.Equal(1, status.Metrics["numFilesAdded"]);
        Assert.Equal(4, status.Metrics["numFilesRemoved"]);
    }

    [Fact]
    public async Task CancelStatementAsync_Accepted_ReturnsTrue()
    {
        var sql = new Mock<SqlClient>(MockBehavior.Strict);
        sql.Setup(s => s.CancelAsync("st-2", It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        var sut = new StatementActivities(sql.Object);

        var accepted = await sut.CancelStatementAsync(new StatementHandle { StatementId = "st-2" }, Ct);

        Assert.True(accepted);
        sql.Verify(s => s.CancelAsync("st-2", It.IsAny<CancellationToken>()), Times.Once);
    }
}
