using System.Text.Json;
using DeltaFunctions.Databricks.Auth;
using DeltaFunctions.Pipelines.Activities;
using DeltaFunctions.Pipelines.Maintenance;
using DeltaFunctions.Pipelines.Sql;
using DeltaFunctions.Pipelines.Tests.Handlers;
using DeltaFunctions.TestUtilities.Emulator;
using DeltaFunctions.TestUtilities.Http;

namespace DeltaFunctions.Pipelines.Tests.Activities;

/// <summary>The statement activities over the client library against the emulator, and against scripted answers.</summary>
public sealed class StatementActivitiesTests(PipelinesEmulator lakehouse) : IClassFixture<PipelinesEmulator>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetStatementStatusAsync_OptimizeSucceeded_ReportsFileMetrics()
    {
        var table = PipelinesEmulator.NewTable("optimize");
        await lakehouse.ExecuteAsync($"CREATE TABLE {table} (id BIGINT, city STRING)", Ct);
        await lakehouse.ExecuteAsync($"INSERT INTO {table} VALUES (1, 'a')", Ct);
        await lakehouse.ExecuteAsync($"INSERT INTO {table} VALUES (2, 'b')", Ct);
        await lakehouse.ExecuteAsync($"INSERT INTO {table} VALUES (3, 'c')", Ct);
        var sut = new StatementActivities(lakehouse.Client);

        var handle = await sut.StartStatementAsync(new StartStatementInput { Table = table, Operation = MaintenanceCommand.Optimize, ZOrderBy = ["city"] }, Ct);
        var status = await Poll.UntilAsync(
            () => sut.GetStatementStatusAsync(handle, Ct), s => StatementStatusSnapshot.TerminalStates.Contains(s.State), Ct, TimeSpan.FromSeconds(30));

        Assert.Equal((table, MaintenanceCommand.Optimize), (handle.Table, handle.Operation));
        Assert.Equal("SUCCEEDED", status.State);
        Assert.Equal(3, status.Metrics!["numFilesRemoved"]);
        Assert.Equal(1, status.Metrics["numFilesAdded"]);
        Assert.Equal(3, (await lakehouse.RowsAsync($"SELECT id FROM {table}", Ct)).Count);
    }

    [Fact]
    public async Task GetTableMaintenanceInfoAsync_TableMarkedWithAlter_ReportsPredictiveOptimizationFromUnityCatalog()
    {
        var table = PipelinesEmulator.NewTable("po");
        await lakehouse.ExecuteAsync($"CREATE TABLE {table} (id BIGINT)", Ct);
        var sut = new StatementActivities(lakehouse.Client);

        var inherited = await sut.GetTableMaintenanceInfoAsync(table, Ct);
        await lakehouse.ExecuteAsync($"ALTER TABLE {table} ENABLE PREDICTIVE OPTIMIZATION", Ct);
        var enabled = await sut.GetTableMaintenanceInfoAsync(table, Ct);
        var described = await lakehouse.RowsAsync($"DESCRIBE TABLE EXTENDED {table}", Ct);
        await lakehouse.ExecuteAsync($"ALTER TABLE {table} DISABLE PREDICTIVE OPTIMIZATION", Ct);
        var disabled = await sut.GetTableMaintenanceInfoAsync(table, Ct);

        Assert.False(inherited.PredictiveOptimization);
        Assert.StartsWith("METASTORE", inherited.PredictiveOptimizationSource, StringComparison.Ordinal);
        Assert.True(enabled.PredictiveOptimization);
        Assert.Equal("the table", enabled.PredictiveOptimizationSource);
        Assert.Contains(described, r => Equals(r[0], "Predictive Optimization") && Equals(r[1], "ENABLE"));
        Assert.False(disabled.PredictiveOptimization);
        await Assert.ThrowsAsync<ArgumentException>(() => sut.GetTableMaintenanceInfoAsync("not a table name!", Ct));
    }

    [Fact]
    public async Task GetStatementStatusAsync_VacuumSucceeded_SucceededWithoutMetrics()
    {
        var table = PipelinesEmulator.NewTable("vacuum");
        await lakehouse.ExecuteAsync($"CREATE TABLE {table} (id BIGINT)", Ct);
        await lakehouse.ExecuteAsync($"INSERT INTO {table} VALUES (1)", Ct);
        var sut = new StatementActivities(lakehouse.Client);

        var handle = await sut.StartStatementAsync(new StartStatementInput { Table = table, Operation = MaintenanceCommand.Vacuum, RetentionHours = 336 }, Ct);
        var status = await Poll.UntilAsync(
            () => sut.GetStatementStatusAsync(handle, Ct), s => StatementStatusSnapshot.TerminalStates.Contains(s.State), Ct, TimeSpan.FromSeconds(30));

        Assert.Equal("SUCCEEDED", status.State);
        Assert.Null(status.Metrics);
        Assert.Equal(["1"], (await lakehouse.RowsAsync($"SELECT id FROM {table}", Ct)).Select(r => r[0]));
    }

    [Fact]
    public async Task GetStatementStatusAsync_MissingTable_FailedWithError()
    {
        var sut = new StatementActivities(lakehouse.Client);

        var handle = await sut.StartStatementAsync(new StartStatementInput { Table = "main.default.no_such_table_s", Operation = MaintenanceCommand.Optimize }, Ct);
        var status = await Poll.UntilAsync(
            () => sut.GetStatementStatusAsync(handle, Ct), s => StatementStatusSnapshot.TerminalStates.Contains(s.State), Ct, TimeSpan.FromSeconds(30));

        Assert.Equal("FAILED", status.State);
        Assert.Contains("no_such_table_s", status.ErrorMessage, StringComparison.OrdinalIgnoreCase);
        Assert.Null(status.Metrics);
    }

    [Fact]
    public async Task StartStatementAsync_ShortRetentionWithoutOverride_RefusedBeforeAnyCall()
    {
        await using var server = await ScriptedHttpServer.StartAsync(Ct);
        using var client = TestDatabricksClients.Create(server.BaseAddress, DatabricksCredential.FromPersonalAccessToken("dapi-test"), o => o.WarehouseId = "wh");
        var sut = new StatementActivities(client);

        await Assert.ThrowsAsync<ArgumentException>(() => sut.StartStatementAsync(
            new StartStatementInput { Table = "main.default.t", Operation = MaintenanceCommand.Vacuum, RetentionHours = 24 }, Ct));

        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task StartStatementAsync_Vacuum_ClientSqlWithoutWaitingOnTheGivenWarehouse()
    {
        await using var server = await ScriptedHttpServer.StartAsync(Ct);
        server.Enqueue(ScriptedResponse.Json(200, """{"statement_id":"st-7","status":{"state":"PENDING"}}"""));
        using var client = TestDatabricksClients.Create(server.BaseAddress, DatabricksCredential.FromPersonalAccessToken("dapi-test"), o => o.WarehouseId = "wh");
        var sut = new StatementActivities(client);

        var handle = await sut.StartStatementAsync(
            new StartStatementInput { Table = "`my-cat`.sales.orders", Operation = MaintenanceCommand.Vacuum, RetentionHours = 336, WarehouseId = "wh-1" }, Ct);

        Assert.Equal("st-7", handle.StatementId);
        using var body = JsonDocument.Parse(Assert.Single(server.RequestsTo("/api/2.0/sql/statements")).Body);
        Assert.Equal("VACUUM `my-cat`.`sales`.`orders` RETAIN 336 HOURS", body.RootElement.GetProperty("statement").GetString());
        Assert.Equal("wh-1", body.RootElement.GetProperty("warehouse_id").GetString());
        Assert.Equal("0s", body.RootElement.GetProperty("wait_timeout").GetString());
    }

    [Fact]
    public async Task GetStatementStatusAsync_Running_RunningWithoutMetrics()
    {
        await using var server = await ScriptedHttpServer.StartAsync(Ct);
        server.Map("/api/2.0/sql/statements/st-1", _ => ScriptedResponse.Json(200, """{"statement_id":"st-1","status":{"state":"RUNNING"}}"""));
        using var client = TestDatabricksClients.Create(server.BaseAddress, DatabricksCredential.FromPersonalAccessToken("dapi-test"), o => o.WarehouseId = "wh");
        var sut = new StatementActivities(client);

        var status = await sut.GetStatementStatusAsync(new StatementHandle { StatementId = "st-1", Table = "main.default.t", Operation = MaintenanceCommand.Optimize }, Ct);

        Assert.Equal("RUNNING", status.State);
        Assert.Null(status.Metrics);
    }

    [Fact]
    public async Task CancelStatementAsync_Accepted_ReturnsTrue()
    {
        await using var server = await ScriptedHttpServer.StartAsync(Ct);
        server.Map("/api/2.0/sql/statements/st-2/cancel", _ => ScriptedResponse.Json(200, "{}"));
        using var client = TestDatabricksClients.Create(server.BaseAddress, DatabricksCredential.FromPersonalAccessToken("dapi-test"), o => o.WarehouseId = "wh");
        var sut = new StatementActivities(client);

        var accepted = await sut.CancelStatementAsync(new StatementHandle { StatementId = "st-2", Table = "main.default.t", Operation = MaintenanceCommand.Vacuum }, Ct);

        Assert.True(accepted);
        Assert.Single(server.RequestsTo("/api/2.0/sql/statements/st-2/cancel"));
    }
}
