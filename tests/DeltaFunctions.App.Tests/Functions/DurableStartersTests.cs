using System.Net;
using DeltaFunctions.App.Jobs;
using DeltaFunctions.App.Maintenance;
using DeltaFunctions.App.Tests.Orchestrations;
using DeltaFunctions.Pipelines.Activities;
using DeltaFunctions.Pipelines.Maintenance;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Testing;

namespace DeltaFunctions.App.Tests.Functions;

/// <summary>
/// The functions that start orchestrations, called as the host calls them with the Durable client of the real engine
/// (in-process test host) running the App's orchestrations against the emulator.
/// </summary>
public sealed class DurableStartersTests(AppEmulator databricks, ITestOutputHelper output) : IClassFixture<AppEmulator>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StartJobRunFromQueue_RedeliveredMessage_OneInstanceOneRunBothCompleted()
    {
        var runName = "app_redeliver_" + Guid.NewGuid().ToString("N")[..8];
        databricks.Emulator.WriteSqlNotebook("/Shared/app_tests/" + runName, "SELECT 3 AS three;");
        await using var durable = await StartDurableAsync();
        var logger = new FakeLogger<JobRunStarters>();
        var sut = new JobRunStarters(logger);
        var body = JobRequestJson(runName);
        var actions = new RecordingMessageActions();
        var messageId = "job-" + runName;

        await sut.StartFromQueueAsync(Messages.Received(body, messageId), actions, durable.Client, Ct);
        await sut.StartFromQueueAsync(Messages.Received(body, messageId, deliveryCount: 2), actions, durable.Client, Ct);
        var state = await durable.WaitAsync(messageId);

        Assert.Equal([new Settlement("Complete", messageId), new Settlement("Complete", messageId)], actions.Settlements);
        Assert.Equal(messageId, state.InstanceId);
        Assert.Single(logger.Collector.GetSnapshot(), r => r.Id.Name == "JobRunStarted");
        Assert.Single(logger.Collector.GetSnapshot(), r => r.Id.Name == "JobRunAlreadyStarted");
        var runs = await databricks.RunsNamedAsync(runName, Ct);
        Assert.Single(runs);
        output.WriteLine($"redelivered start: orchestrator body ran {durable.JobRunBodies} time(s), {runs.Count} Databricks run(s) created");
    }

    [Fact]
    public async Task StartJobRunFromQueue_InvalidRequest_DeadLettersAndStartsNothing()
    {
        await using var durable = await StartDurableAsync();
        var actions = new RecordingMessageActions();
        var message = Messages.Received("""{"jobs":[]}""");

        await new JobRunStarters(new FakeLogger<JobRunStarters>()).StartFromQueueAsync(message, actions, durable.Client, Ct);

        var settlement = Assert.Single(actions.Settlements);
        Assert.Equal("DeadLetter", settlement.Action);
        Assert.Equal("InvalidRequest", settlement.Reason);
        Assert.Contains("jobs", settlement.Description, StringComparison.Ordinal);
        Assert.Null(await durable.Client.GetInstanceAsync(message.MessageId, cancellation: Ct));
    }

    [Fact]
    public async Task StartJobRunHttp_WithIdempotencyKey_202WithStatusUrlsAndTheSameInstanceWhenRetried()
    {
        var runName = "app_http_" + Guid.NewGuid().ToString("N")[..8];
        databricks.Emulator.WriteSqlNotebook("/Shared/app_tests/" + runName, "SELECT 4 AS four;");
        await using var durable = await StartDurableAsync();
        var sut = new JobRunStarters(new FakeLogger<JobRunStarters>());
        var key = "key-" + runName;

        var first = await StartOverHttpAsync(sut, durable.Client, JobRequestJson(runName), key);
        var second = await StartOverHttpAsync(sut, durable.Client, JobRequestJson(runName), key);
        var state = await durable.WaitAsync("http-" + key);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Contains("http-" + key, first.Header("Location"), StringComparison.Ordinal);
        Assert.Equal(first.Header("Location"), second.Header("Location"));
        Assert.Contains("statusQueryGetUri", first.ReadBody(), StringComparison.Ordinal);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, state.RuntimeStatus);
        Assert.Single(await databricks.RunsNamedAsync(runName, Ct));
    }

    [Fact]
    public async Task StartJobRunHttp_InvalidBody_400ProblemDetails()
    {
        await using var durable = await StartDurableAsync();

        var response = await StartOverHttpAsync(new JobRunStarters(new FakeLogger<JobRunStarters>()), durable.Client, """{"jobs":"none"}""", key: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"errors\"", response.ReadBody(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MaintenanceTimers_SingletonRule_SkipsWhileRunningAndStartsAgainAfterwards()
    {
        var table = AppEmulator.NewTable("m");
        await databricks.ExecuteAsync($"CREATE TABLE {table} (id BIGINT)", Ct);
        await databricks.ExecuteAsync($"INSERT INTO {table} VALUES (1)", Ct);
        await using var durable = await StartDurableAsync();
        var logger = new FakeLogger<MaintenanceTimers>();
        var sut = new MaintenanceTimers(Configuration(PlanJson(table, "main.default.missing_for_app_tests")), logger);

        await sut.OptimizeAsync(new TimerInfo(), durable.Client, Ct);
        await sut.VacuumAsync(new TimerInfo(), durable.Client, Ct);
        var first = await durable.WaitAsync(MaintenanceWorkflow.SingletonInstanceId);
        await sut.VacuumAsync(new TimerInfo(), durable.Client, Ct);
        var second = await durable.WaitAsync(MaintenanceWorkflow.SingletonInstanceId);

        Assert.Equal(2, logger.Collector.GetSnapshot().Count(r => r.Id.Name == "MaintenanceStarted"));
        Assert.Single(logger.Collector.GetSnapshot(), r => r.Id.Name == "MaintenanceSkipped");

        // The first pass (OPTIMIZE) with one table missing: that table fails, the other is maintained.
        var optimize = first.ReadOutputAs<MaintenanceSummary>()!;
        Assert.Equal(1, optimize.Succeeded);
        Assert.Equal(1, optimize.Failed);
        Assert.Equal(table, Assert.Single(optimize.Tables, t => t.Outcome == TableMaintenanceOutcome.Succeeded).Table);
        Assert.False(string.IsNullOrEmpty(Assert.Single(optimize.Tables, t => t.Outcome == TableMaintenanceOutcome.Failed).Error));
        Assert.NotNull(Assert.Single(optimize.Tables, t => t.Outcome == TableMaintenanceOutcome.Succeeded).Optimize);
        Assert.Null(Assert.Single(optimize.Tables, t => t.Outcome == TableMaintenanceOutcome.Succeeded).Vacuum);

        // The pass started after the first had finished is the VACUUM one.
        var vacuum = second.ReadOutputAs<MaintenanceSummary>()!;
        Assert.NotNull(Assert.Single(vacuum.Tables, t => t.Table == table).Vacuum);
        Assert.Single(durable.Logged("MaintenanceTableFailed").Where(m => m.Contains("missing_for_app_tests", StringComparison.Ordinal)).Take(1));
        output.WriteLine($"maintenance: orchestrator bodies ran {durable.MaintenanceBodies} time(s) over two passes");
    }

    [Fact]
    public async Task MaintenanceTimers_NoPlan_LogsTheKeyAndStartsNothing()
    {
        await using var durable = await StartDurableAsync();
        var logger = new FakeLogger<MaintenanceTimers>();

        await new MaintenanceTimers(Configuration(null), logger).OptimizeAsync(new TimerInfo(), durable.Client, Ct);

        var record = Assert.Single(logger.Collector.GetSnapshot(), r => r.Id.Name == "MaintenancePlanInvalid");
        Assert.Contains("Maintenance:Plan", record.Message, StringComparison.Ordinal);
        Assert.Null(await durable.Client.GetInstanceAsync(MaintenanceWorkflow.SingletonInstanceId, cancellation: Ct));
    }

    [Fact]
    public async Task MaintenanceTimers_DryRunSetting_ListsTheStatementsAndChangesNothing()
    {
        var table = AppEmulator.NewTable("mdry");
        await databricks.ExecuteAsync($"CREATE TABLE {table} (id BIGINT)", Ct);
        await databricks.ExecuteAsync($"INSERT INTO {table} VALUES (1)", Ct);
        await using var durable = await StartDurableAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Maintenance:Plan"] = PlanJson(table),
            ["Maintenance:DryRun"] = "true",
        }).Build();
        var sut = new MaintenanceTimers(configuration, new FakeLogger<MaintenanceTimers>());
        var quoted = "`" + table.Replace(".", "`.`", StringComparison.Ordinal) + "`";

        await sut.OptimizeAsync(new TimerInfo(), durable.Client, Ct);
        var optimize = (await durable.WaitAsync(MaintenanceWorkflow.SingletonInstanceId)).ReadOutputAs<MaintenanceSummary>()!;
        await sut.VacuumAsync(new TimerInfo(), durable.Client, Ct);
        var vacuum = (await durable.WaitAsync(MaintenanceWorkflow.SingletonInstanceId)).ReadOutputAs<MaintenanceSummary>()!;
        var history = await databricks.Client.GetDeltaClient("main", "default").DescribeHistoryAsync(table.Split('.')[2], cancellationToken: Ct);

        Assert.True(optimize.DryRun);
        var planned = Assert.Single(optimize.Tables);
        Assert.Equal(TableMaintenanceOutcome.DryRun, planned.Outcome);
        Assert.Equal((MaintenanceStatementResult.DryRunState, "OPTIMIZE " + quoted), (planned.Optimize!.State, planned.Optimize.Statement));
        Assert.Null(planned.Error);
        Assert.Equal((0, 0), (optimize.Succeeded, optimize.Failed));
        var vacuumed = Assert.Single(vacuum.Tables);
        Assert.Equal(TableMaintenanceOutcome.DryRun, vacuumed.Outcome);
        Assert.Equal("VACUUM " + quoted + " RETAIN 168 HOURS", vacuumed.Vacuum!.Statement);
        Assert.DoesNotContain(history, h => h.Operation is "OPTIMIZE" or "VACUUM START" or "VACUUM END");
    }

    [Fact]
    public async Task MaintenanceTimers_DryRunSettingNotABoolean_LogsAndStartsNothing()
    {
        await using var durable = await StartDurableAsync();
        var logger = new FakeLogger<MaintenanceTimers>();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Maintenance:Plan"] = PlanJson("main.default.t"),
            ["Maintenance:DryRun"] = "maybe",
        }).Build();

        await new MaintenanceTimers(configuration, logger).OptimizeAsync(new TimerInfo(), durable.Client, Ct);

        var record = Assert.Single(logger.Collector.GetSnapshot(), r => r.Id.Name == "MaintenancePlanInvalid");
        Assert.Contains("Maintenance:DryRun", record.Message, StringComparison.Ordinal);
        Assert.Null(await durable.Client.GetInstanceAsync(MaintenanceWorkflow.SingletonInstanceId, cancellation: Ct));
    }

    private Task<AppDurableHost> StartDurableAsync() =>
        AppDurableHost.StartAsync(new JobRunActivities(databricks.Jobs), new StatementActivities(databricks.Client));

    private static async Task<TestHttpResponse> StartOverHttpAsync(JobRunStarters sut, DurableTaskClient client, string body, string? key)
    {
        var request = new TestHttpRequest(
            "POST", "https://app.example/api/jobs/runs", body, key is null ? [] : [new("Idempotency-Key", key)]);
        return (TestHttpResponse)await sut.StartFromHttpAsync(request, client, request.FunctionContext, Ct);
    }

    private static string JobRequestJson(string runName) =>
        "{\"jobs\":[{\"key\":\"step\",\"run\":{\"runName\":\"" + runName + "\",\"tasks\":[{\"taskKey\":\"t\",\"notebookTask\":{\"notebookPath\":\"/Shared/app_tests/"
        + runName + "\"}}]}}],\"timeoutSeconds\":120,\"polling\":{\"initialIntervalSeconds\":1,\"maxIntervalSeconds\":1}}";

    private static string PlanJson(params string[] tables) =>
        "{\"tables\":[" + string.Join(",", tables.Select(t => "{\"name\":\"" + t + "\"}"))
        + "],\"polling\":{\"initialIntervalSeconds\":1,\"maxIntervalSeconds\":1}}";

    private static IConfiguration Configuration(string? plan) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Maintenance:Plan"] = plan }).Build();
}
