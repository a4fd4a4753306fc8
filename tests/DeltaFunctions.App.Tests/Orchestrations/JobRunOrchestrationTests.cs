using DeltaFunctions.Pipelines.Activities;
using DeltaFunctions.Pipelines.Jobs;
using DeltaFunctions.Pipelines.Orchestration;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace DeltaFunctions.App.Tests.Orchestrations;

/// <summary>
/// JobRunOrchestration (the App's orchestrator function over JobRunWorkflow) on the real Durable engine, its activities
/// calling the emulator's Jobs API. Each test reports how often the orchestrator body ran (first execution plus replays)
/// and how many Databricks runs the workspace holds afterwards.
/// </summary>
public sealed class JobRunOrchestrationTests(AppEmulator databricks, ITestOutputHelper output) : IClassFixture<AppEmulator>
{
    private static readonly PollingSettings OneSecond = new() { InitialIntervalSeconds = 1, MaxIntervalSeconds = 1 };

    [Fact]
    public async Task Orchestration_NotebookSucceeds_ReturnsOutputWithOneRunAndEachLogLineOnce()
    {
        var runName = Name("ok");
        databricks.Emulator.WriteSqlNotebook("/Shared/app_tests/" + runName, "SELECT 'hello' AS greeting;");
        await using var durable = await StartAsync();

        var instanceId = await durable.Client.ScheduleNewOrchestrationInstanceAsync(
            JobRunWorkflow.Name, Request(runName, "/Shared/app_tests/" + runName), Ct);
        var state = await durable.WaitAsync(instanceId);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, state.RuntimeStatus);
        var result = state.ReadOutputAs<JobRunResult>()!;
        Assert.Equal(JobRunOutcome.Succeeded, result.Outcome);
        var step = Assert.Single(result.Steps);
        Assert.Equal("SUCCESS", step.ResultState);
        Assert.Contains("hello", step.NotebookOutput, StringComparison.Ordinal);
        var runs = await databricks.RunsNamedAsync(runName, Ct);
        Assert.Single(runs);
        Assert.Equal(runs[0].RunId, step.RunId);

        // Replay: the body ran once per orchestration episode (start, then after each activity or timer), yet every
        // log line of the workflow was written once.
        Assert.True(durable.JobRunBodies >= 4, $"the orchestrator body ran {durable.JobRunBodies} time(s)");
        Assert.Single(durable.Logged("JobStepSubmitted"));
        Assert.Single(durable.Logged("JobStepFinished"));
        Assert.Single(durable.Logged("JobRunFinished"));
        Assert.Equal(step.Polls - 1, durable.Logged("JobStepPolled").Count);
        output.WriteLine($"succeeded: orchestrator body ran {durable.JobRunBodies} time(s), {runs.Count} Databricks run(s) created, {step.Polls} poll(s)");
    }

    [Fact]
    public async Task Orchestration_NotebookFails_ReportsFailedStep()
    {
        var runName = Name("fail");
        databricks.Emulator.WriteSqlNotebook("/Shared/app_tests/" + runName, "SELECT * FROM main.default.no_such_table_for_app_tests;");
        await using var durable = await StartAsync();

        var instanceId = await durable.Client.ScheduleNewOrchestrationInstanceAsync(
            JobRunWorkflow.Name, Request(runName, "/Shared/app_tests/" + runName), Ct);
        var state = await durable.WaitAsync(instanceId);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, state.RuntimeStatus);
        var result = state.ReadOutputAs<JobRunResult>()!;
        Assert.Equal(JobRunOutcome.Failed, result.Outcome);
        var step = Assert.Single(result.Steps);
        Assert.Equal(JobStepOutcome.Failed, step.Outcome);
        Assert.Equal("FAILED", step.ResultState);
        Assert.False(string.IsNullOrEmpty(step.Error ?? step.StateMessage));
        var runs = await databricks.RunsNamedAsync(runName, Ct);
        Assert.Single(runs);
        output.WriteLine($"failed: orchestrator body ran {durable.JobRunBodies} time(s), {runs.Count} Databricks run(s) created");
    }

    [Fact]
    public async Task Orchestration_DeadlineReached_CancelsTheRunInDatabricks()
    {
        // A workspace whose runs stay PENDING for a minute (compute that never comes up in time).
        await using var slow = await AppEmulator.StartAsync(o => o with { RunPendingDuration = TimeSpan.FromMinutes(1) });
        var runName = Name("slow");
        slow.Emulator.WriteSqlNotebook("/Shared/app_tests/" + runName, "SELECT 1 AS one;");
        await using var durable = await AppDurableHost.StartAsync(new JobRunActivities(slow.Jobs), new StatementActivities(slow.Client));

        var instanceId = await durable.Client.ScheduleNewOrchestrationInstanceAsync(
            JobRunWorkflow.Name, Request(runName, "/Shared/app_tests/" + runName) with { TimeoutSeconds = 3 }, Ct);
        var state = await durable.WaitAsync(instanceId);

        var result = state.ReadOutputAs<JobRunResult>()!;
        Assert.Equal(JobRunOutcome.TimedOut, result.Outcome);
        var step = Assert.Single(result.Steps);
        Assert.Equal(JobStepOutcome.TimedOut, step.Outcome);
        Assert.True(step.CancelRequested);
        var run = Assert.Single(await slow.RunsNamedAsync(runName, Ct));
        var ended = await slow.Jobs.WaitForCompletionAsync(
            run.RunId, new Databricks.Jobs.WaitOptions { InitialDelay = TimeSpan.FromMilliseconds(200), Timeout = TimeSpan.FromSeconds(30) }, Ct);
        Assert.Equal(Databricks.Jobs.RunResultState.Canceled, ended.ResultState);
        Assert.Single(durable.Logged("JobStepTimedOut"));
        output.WriteLine($"deadline: orchestrator body ran {durable.JobRunBodies} time(s), 1 Databricks run created and cancelled");
    }

    [Fact]
    public async Task Orchestration_SubmitActivityFailsAfterDatabricksAccepted_RetriedWithTheSameTokenAndOneRun()
    {
        var runName = Name("retry");
        databricks.Emulator.WriteSqlNotebook("/Shared/app_tests/" + runName, "SELECT 2 AS two;");
        var flaky = new FailingOnceJobRunActivities(new JobRunActivities(databricks.Jobs));
        await using var durable = await AppDurableHost.StartAsync(flaky, new StatementActivities(databricks.Client));

        var instanceId = await durable.Client.ScheduleNewOrchestrationInstanceAsync(
            JobRunWorkflow.Name, Request(runName, "/Shared/app_tests/" + runName), new StartOrchestrationOptions("retry-" + runName), Ct);
        var state = await durable.WaitAsync(instanceId);

        var result = state.ReadOutputAs<JobRunResult>()!;
        Assert.Equal(JobRunOutcome.Succeeded, result.Outcome);
        Assert.Equal(2, flaky.Submits.Count);
        Assert.Equal(flaky.Submits[0].IdempotencyToken, flaky.Submits[1].IdempotencyToken);
        Assert.Equal(IdempotencyTokens.ForJobStep(instanceId, "step"), flaky.Submits[0].IdempotencyToken);
        var runs = await databricks.RunsNamedAsync(runName, Ct);
        Assert.Single(runs);
        Assert.Equal(runs[0].RunId, Assert.Single(result.Steps).RunId);
        output.WriteLine($"retried submit: orchestrator body ran {durable.JobRunBodies} time(s), {flaky.Submits.Count} submit attempt(s), {runs.Count} Databricks run(s) created");
    }

    [Fact]
    public async Task Orchestration_StartedWithoutInput_IsRejectedWithoutTouchingDatabricks()
    {
        await using var durable = await StartAsync();

        var instanceId = await durable.Client.ScheduleNewOrchestrationInstanceAsync(JobRunWorkflow.Name, cancellation: Ct);
        var state = await durable.WaitAsync(instanceId);

        var result = state.ReadOutputAs<JobRunResult>()!;
        Assert.Equal(JobRunOutcome.Rejected, result.Outcome);
        Assert.Contains(result.Problems!, p => p.Path == "$");
        Assert.Equal(1, durable.JobRunBodies);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Name(string prefix) => "app_" + prefix + "_" + Guid.NewGuid().ToString("N")[..8];

    private Task<AppDurableHost> StartAsync() =>
        AppDurableHost.StartAsync(new JobRunActivities(databricks.Jobs), new StatementActivities(databricks.Client));

    private static JobRunRequest Request(string runName, string notebookPath) => new()
    {
        Jobs =
        [
            new JobStep
            {
                Key = "step",
                Run = new JobRunDefinition
                {
                    RunName = runName,
                    Tasks = [new JobTaskDefinition { TaskKey = "t", NotebookTask = new NotebookTaskDefinition { NotebookPath = notebookPath } }],
                },
            },
        ],
        TimeoutSeconds = 120,
        Polling = OneSecond,
    };
}

/// <summary>Submits for real, then loses the first answer: Databricks accepted the run but the activity failed.</summary>
internal sealed class FailingOnceJobRunActivities(IJobRunActivities inner) : IJobRunActivities
{
    private readonly List<SubmitJobRunInput> _submits = [];

    public IReadOnlyList<SubmitJobRunInput> Submits => _submits;

    public async Task<SubmittedJobRun> SubmitRunAsync(SubmitJobRunInput input, CancellationToken cancellationToken = default)
    {
        int attempt;
        lock (_submits)
        {
            _submits.Add(input);
            attempt = _submits.Count;
        }

        var submitted = await inner.SubmitRunAsync(input, cancellationToken);
        return attempt == 1 ? throw new HttpRequestException("the connection dropped before the submit's answer arrived") : submitted;
    }

    public Task<JobRunSnapshot> GetRunStatusAsync(JobRunReference input, CancellationToken cancellationToken = default) => inner.GetRunStatusAsync(input, cancellationToken);

    public Task<bool> CancelRunAsync(JobRunReference input, CancellationToken cancellationToken = default) => inner.CancelRunAsync(input, cancellationToken);

    public Task<JobRunOutputSummary> GetRunOutputAsync(JobRunReference input, CancellationToken cancellationToken = default) => inner.GetRunOutputAsync(input, cancellationToken);
}
