using DeltaFunctions.Pipelines.Maintenance;
using DeltaFunctions.Pipelines.Orchestration;
using DeltaFunctions.Pipelines.Sql;
using DeltaFunctions.Pipelines.Tests.Orchestration.Replay;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace DeltaFunctions.Pipelines.Tests.Maintenance;

public sealed class MaintenanceWorkflowTests
{
    private static readonly PollingSettings Polling = new() { InitialIntervalSeconds = 10, MaxIntervalSeconds = 30, BackoffCoefficient = 1.5 };

    [Fact]
    public async Task RunAsync_OneTableFails_RecordsFailureAndMaintainsTheOthers()
    {
        var sql = new FakeStatementActivities()
            .Script("OPTIMIZE main.sales.items", ["RUNNING", "FAILED"], "[DELTA_CONCURRENT_WRITE] Transaction conflict detected.");
        var collector = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(collector)));
        var sut = new ReplayHarness(loggerFactory: loggerFactory).AddStatementActivities(sql);

        var run = await sut.RunAsync(Workflow, Request(Table("main.sales.orders"), Table("main.sales.items"), Table("main.sales.customers")), TestContext.Current.CancellationToken);

        var summary = run.Output!;
        Assert.Equal(2, summary.Succeeded);
        Assert.Equal(1, summary.Failed);
        Assert.Equal([TableMaintenanceOutcome.Succeeded, TableMaintenanceOutcome.Failed, TableMaintenanceOutcome.Succeeded], summary.Tables.Select(t => t.Outcome));
        var failed = summary.Tables[1];
        Assert.Equal("FAILED", failed.Optimize!.State);
        Assert.Contains("DELTA_CONCURRENT_WRITE", failed.Error, StringComparison.Ordinal);
        Assert.Equal("SUCCEEDED", failed.Vacuum!.State);
        Assert.Equal(6, sql.Started.Count);
        Assert.Equal(2, summary.Tables[0].FilesAdded);
        Assert.Equal(15, summary.Tables[0].FilesRemoved);
        Assert.Equal(5, failed.FilesRemoved);
        Assert.Equal(4, summary.FilesAdded);
        Assert.Equal(35, summary.FilesRemoved);
        var logged = collector.GetSnapshot();
        Assert.Single(logged, r => r.Message.StartsWith("Maintenance pass", StringComparison.Ordinal));
        Assert.Single(logged, r => r.Level == LogLevel.Warning && r.Message.Contains("main.sales.items", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_Statements_TypedInputsWithZOrderRetentionAndWarehouse()
    {
        var sql = new FakeStatementActivities();
        var sut = new ReplayHarness().AddStatementActivities(sql);

        await sut.RunAsync(
            Workflow,
            Request(Table("`my-cat`.sales.orders") with { ZOrderBy = ["customer_id", "day"], VacuumRetentionHours = 336 }),
            TestContext.Current.CancellationToken);

        Assert.Equal(["OPTIMIZE `my-cat`.sales.orders", "VACUUM `my-cat`.sales.orders"], sql.Started);
        var (optimize, vacuum) = (sql.Inputs[0], sql.Inputs[1]);
        Assert.Equal(["customer_id", "day"], optimize.ZOrderBy);
        Assert.Equal((336, false, "wh1"), (vacuum.RetentionHours, vacuum.AllowShortRetention, vacuum.WarehouseId));
        Assert.Equal("wh1", optimize.WarehouseId);
    }

    [Fact]
    public async Task RunAsync_RunningStatement_IsPolledWithDurableTimersAndBackoff()
    {
        var sql = new FakeStatementActivities().Script("OPTIMIZE", ["PENDING", "RUNNING", "SUCCEEDED"]);
        var sut = new ReplayHarness().AddStatementActivities(sql);

        var run = await sut.RunAsync(
            Workflow, Request(Table("main.sales.orders")) with { Operations = MaintenanceOperations.Optimize }, TestContext.Current.CancellationToken);

        Assert.Equal([sut.StartUtc.AddSeconds(10), sut.StartUtc.AddSeconds(25)], run.History.Timers.Select(t => t.FireAt));
        var table = Assert.Single(run.Output!.Tables);
        Assert.Equal(25, table.DurationSeconds);
        Assert.Null(table.Vacuum);
        Assert.Equal(3, sut.Executions(StatementActivityNames.GetStatementStatus));
    }

    [Fact]
    public async Task RunAsync_PollingConfiguredBeyondStatementKeepAlive_DurableWaitsStayWithinTenMinutes()
    {
        var sql = new FakeStatementActivities().Script("OPTIMIZE", ["PENDING", "RUNNING", "RUNNING", "SUCCEEDED"]);
        var sut = new ReplayHarness().AddStatementActivities(sql);
        var slow = new PollingSettings { InitialIntervalSeconds = 3600, MaxIntervalSeconds = 3600, BackoffCoefficient = 2 };
        var request = Request(Table("main.sales.orders")) with { Operations = MaintenanceOperations.Optimize };
        request = request with { Plan = request.Plan with { Polling = slow, StatementTimeoutMinutes = 120 } };

        var run = await sut.RunAsync(Workflow, request, TestContext.Current.CancellationToken);

        var fireTimes = run.History.Timers.Select(t => t.FireAt).ToList();
        Assert.Equal([sut.StartUtc.AddMinutes(10), sut.StartUtc.AddMinutes(20), sut.StartUtc.AddMinutes(30)], fireTimes);
        Assert.Equal(4, sut.Executions(StatementActivityNames.GetStatementStatus));
        Assert.True(PollingSettings.DurablePollCap < Databricks.Sql.StatementLifetimes.KeepAlivePollInterval);
    }

    [Fact]
    public async Task RunAsync_StatementOutlivesTimeout_CancelsItAndGoesOn()
    {
        var sql = new FakeStatementActivities().Script("OPTIMIZE main.sales.orders", ["RUNNING"]);
        var sut = new ReplayHarness().AddStatementActivities(sql);
        var request = Request(Table("main.sales.orders"), Table("main.sales.items"));

        var run = await sut.RunAsync(
            Workflow, request with { Plan = request.Plan with { StatementTimeoutMinutes = 1 } }, TestContext.Current.CancellationToken);

        var first = run.Output!.Tables[0];
        Assert.Equal("TIMED_OUT", first.Optimize!.State);
        Assert.Equal(TableMaintenanceOutcome.Failed, first.Outcome);
        Assert.Equal(["01ef-0000"], sql.Cancelled);
        Assert.Equal(TableMaintenanceOutcome.Succeeded, run.Output.Tables[1].Outcome);
        Assert.Equal(60, first.Optimize.DurationSeconds);
    }

    [Fact]
    public async Task RunAsync_StatementCannotStart_RecordsNotStarted()
    {
        var sql = new FakeStatementActivities();
        sql.RefuseStart.Add("VACUUM main.sales.orders");
        var sut = new ReplayHarness().AddStatementActivities(sql);

        var run = await sut.RunAsync(Workflow, Request(Table("main.sales.orders"), Table("main.sales.items")), TestContext.Current.CancellationToken);

        var first = run.Output!.Tables[0];
        Assert.Equal("NOT_STARTED", first.Vacuum!.State);
        Assert.Contains("PERMISSION_DENIED", first.Error, StringComparison.Ordinal);
        Assert.Equal(WorkflowActivities.RetryPolicy.MaxNumberOfAttempts, run.History.Activities(StatementActivityNames.StartStatement).Count(a => a.InputJson.Contains("Vacuum", StringComparison.Ordinal) && a.InputJson.Contains("orders", StringComparison.Ordinal)));
        Assert.Equal(TableMaintenanceOutcome.Succeeded, run.Output.Tables[1].Outcome);
    }

    [Fact]
    public async Task RunAsync_TableNotDueToday_IsSkipped()
    {
        var sql = new FakeStatementActivities();
        var sut = new ReplayHarness().AddStatementActivities(sql);

        var run = await sut.RunAsync(
            Workflow,
            Request(Table("main.sales.orders") with { Days = [DayOfWeek.Sunday] }, Table("main.sales.items") with { Days = [sut.StartUtc.DayOfWeek] }),
            TestContext.Current.CancellationToken);

        Assert.Equal([TableMaintenanceOutcome.NotDue, TableMaintenanceOutcome.Succeeded], run.Output!.Tables.Select(t => t.Outcome));
        Assert.Equal(1, run.Output.NotDue);
        Assert.All(sql.Started, s => Assert.EndsWith("main.sales.items", s, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_PredictivelyOptimizedTable_SkippedAndReportedWithoutStatements()
    {
        var sql = new FakeStatementActivities();
        sql.PredictivelyOptimized.Add("main.sales.items");
        sql.Unreadable.Add("main.sales.customers");
        var sut = new ReplayHarness().AddStatementActivities(sql);

        var run = await sut.RunAsync(Workflow, Request(Table("main.sales.orders"), Table("main.sales.items"), Table("main.sales.customers")), TestContext.Current.CancellationToken);

        var summary = run.Output!;
        Assert.Equal(
            [TableMaintenanceOutcome.Succeeded, TableMaintenanceOutcome.ManagedByPredictiveOptimization, TableMaintenanceOutcome.Succeeded],
            summary.Tables.Select(t => t.Outcome));
        Assert.Equal((2, 0, 1), (summary.Succeeded, summary.Failed, summary.ManagedByPredictiveOptimization));
        var skipped = summary.Tables[1];
        Assert.Equal("managed by predictive optimization (set on CATALOG main)", skipped.SkippedReason);
        Assert.Null(skipped.Optimize);
        Assert.Null(skipped.Vacuum);
        Assert.DoesNotContain(sql.Started, s => s.EndsWith("main.sales.items", StringComparison.Ordinal));
        Assert.Equal(4, sql.Started.Count);
    }

    [Fact]
    public async Task RunAsync_PlanMaintainsPredictivelyOptimizedTables_RunsThemWithoutAsking()
    {
        var sql = new FakeStatementActivities();
        sql.PredictivelyOptimized.Add("main.sales.items");
        var sut = new ReplayHarness().AddStatementActivities(sql);
        var request = Request(Table("main.sales.items"));

        var run = await sut.RunAsync(
            Workflow, request with { Plan = request.Plan with { MaintainPredictiveOptimizationTables = true } }, TestContext.Current.CancellationToken);

        Assert.Equal(TableMaintenanceOutcome.Succeeded, Assert.Single(run.Output!.Tables).Outcome);
        Assert.Equal(["OPTIMIZE main.sales.items", "VACUUM main.sales.items"], sql.Started);
        Assert.Equal(0, sut.Executions(StatementActivityNames.GetTableMaintenanceInfo));
    }

    [Fact]
    public async Task RunAsync_InvalidPlan_IsRejectedWithoutStatements()
    {
        var sut = new ReplayHarness().AddStatementActivities(new FakeStatementActivities());

        var run = await sut.RunAsync(Workflow, Request(Table("main.sales.orders") with { VacuumRetentionHours = 1 }), TestContext.Current.CancellationToken);

        Assert.Empty(run.Output!.Tables);
        Assert.Contains(run.Output.Problems!, p => p.Path == "tables[0].vacuumRetentionHours");
        Assert.Empty(run.History.Events);
    }

    private static Task<MaintenanceSummary> Workflow(TaskOrchestrationContext context, MaintenanceRunRequest request) => MaintenanceWorkflow.RunAsync(context, request);

    private static MaintenanceTable Table(string name) => new() { Name = name };

    private static MaintenanceRunRequest Request(params MaintenanceTable[] tables) =>
        new() { Plan = new MaintenancePlan { Tables = tables, WarehouseId = "wh1", Polling = Polling } };
}
