using DeltaFunctions.Pipelines.Jobs;
using DeltaFunctions.Pipelines.Orchestration;
using DeltaFunctions.Pipelines.Tests.Orchestration.Replay;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace DeltaFunctions.Pipelines.Tests.Jobs;

public sealed class JobRunWorkflowTests
{
    private static readonly PollingSettings FastPolling = new() { InitialIntervalSeconds = 10, MaxIntervalSeconds = 20, BackoffCoefficient = 1.5 };

    [Fact]
    public async Task RunAsync_RunSucceeds_ReturnsResultStateUrlAndNotebookOutput()
    {
        var databricks = new FakeJobRunActivities().Script("load", ("PENDING", null), ("RUNNING", null), ("TERMINATED", "SUCCESS"));
        var sut = new ReplayHarness().AddJobRunActivities(databricks);

        var run = await sut.RunAsync(Workflow, Request(Step("load")), TestContext.Current.CancellationToken);

        var step = Assert.Single(run.Output!.Steps);
        Assert.Equal(JobRunOutcome.Succeeded, run.Output.Outcome);
        Assert.Equal(JobStepOutcome.Succeeded, step.Outcome);
        Assert.Equal("SUCCESS", step.ResultState);
        Assert.Equal(1000, step.RunId);
        Assert.Equal("https://adb-1.1.azuredatabricks.net/?o=1#job/1/run/1000", step.RunPageUrl);
        Assert.Equal("""{"step":"load","rows":42}""", step.NotebookOutput);
        Assert.Equal(3, step.Polls);
        Assert.Equal([sut.StartUtc.AddSeconds(10), sut.StartUtc.AddSeconds(25)], run.History.Timers.Select(t => t.FireAt));
        Assert.Equal(1, databricks.RunsStarted);
    }

    [Fact]
    public async Task RunAsync_RunStillActive_LogsEachPollWithStateAndNextDelayOnce()
    {
        var databricks = new FakeJobRunActivities().Script("load", ("PENDING", null), ("RUNNING", null), ("TERMINATED", "SUCCESS"));
        var collector = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(collector)).SetMinimumLevel(LogLevel.Debug));
        var sut = new ReplayHarness(loggerFactory: loggerFactory).AddJobRunActivities(databricks);

        await sut.RunAsync(Workflow, Request(Step("load")), TestContext.Current.CancellationToken);

        var polls = collector.GetSnapshot().Where(r => r.Id.Name == "JobStepPolled").ToList();
        Assert.Equal(
            ["Job step load (run 1000) is PENDING at poll 1; next poll in 10 s", "Job step load (run 1000) is RUNNING at poll 2; next poll in 15 s"],
            polls.Select(r => r.Message));
        Assert.All(polls, r => Assert.Equal(LogLevel.Debug, r.Level));
    }

    [Fact]
    public async Task RunAsync_RunFails_ReportsFailureWithError()
    {
        var databricks = new FakeJobRunActivities().Script("load", ("RUNNING", null), ("TERMINATED", "FAILED"));
        var sut = new ReplayHarness().AddJobRunActivities(databricks);

        var run = await sut.RunAsync(Workflow, Request(Step("load")), TestContext.Current.CancellationToken);

        var step = Assert.Single(run.Output!.Steps);
        Assert.Equal(JobRunOutcome.Failed, run.Output.Outcome);
        Assert.Equal(JobStepOutcome.Failed, step.Outcome);
        Assert.Equal("FAILED", step.ResultState);
        Assert.Equal("Notebook raised an exception", step.StateMessage);
        Assert.Equal("ZeroDivisionError: division by zero", step.Error);
    }

    [Fact]
    public async Task RunAsync_DeadlinePasses_CancelsRunAndReportsTimedOut()
    {
        var databricks = new FakeJobRunActivities().Script("load", ("RUNNING", null));
        var sut = new ReplayHarness().AddJobRunActivities(databricks);

        var run = await sut.RunAsync(Workflow, Request(Step("load")) with { TimeoutSeconds = 60 }, TestContext.Current.CancellationToken);

        var step = Assert.Single(run.Output!.Steps);
        Assert.Equal(JobRunOutcome.TimedOut, run.Output.Outcome);
        Assert.Equal(JobStepOutcome.TimedOut, step.Outcome);
        Assert.True(step.CancelRequested);
        Assert.Equal([1000L], databricks.Cancelled);
        Assert.Equal(1, sut.Executions(JobRunActivityNames.CancelRun));
        Assert.Equal(sut.StartUtc.AddSeconds(60), run.FinalUtc);
        Assert.All(run.History.Timers, t => Assert.True(t.FireAt <= sut.StartUtc.AddSeconds(60)));
    }

    [Fact]
    public async Task RunAsync_DeadlinePassesWithoutCancelOnTimeout_LeavesRunRunning()
    {
        var databricks = new FakeJobRunActivities().Script("load", ("RUNNING", null));
        var sut = new ReplayHarness().AddJobRunActivities(databricks);

        var run = await sut.RunAsync(
            Workflow, Request(Step("load")) with { TimeoutSeconds = 30, CancelOnTimeout = false }, TestContext.Current.CancellationToken);

        var step = Assert.Single(run.Output!.Steps);
        Assert.Equal(JobStepOutcome.TimedOut, step.Outcome);
        Assert.False(step.CancelRequested);
        Assert.Empty(databricks.Cancelled);
    }

    [Fact]
    public async Task RunAsync_SubmitResponseLostAndRetried_StartsOneRunWithOneToken()
    {
        var databricks = new FakeJobRunActivities { LoseSubmitResponses = 1 }.Script("load", ("RUNNING", null), ("TERMINATED", "SUCCESS"));
        var sut = new ReplayHarness(instanceId: "order-42").AddJobRunActivities(databricks);

        var run = await sut.RunAsync(Workflow, Request(Step("load")), TestContext.Current.CancellationToken);

        Assert.Equal(JobStepOutcome.Succeeded, Assert.Single(run.Output!.Steps).Outcome);
        Assert.Equal(1, databricks.RunsStarted);
        Assert.Equal(2, databricks.Submits.Count);
        Assert.All(databricks.Submits, s => Assert.Equal(IdempotencyTokens.ForJobStep("order-42", "load"), s.Token));
        var attempts = run.History.Activities(JobRunActivityNames.SubmitRun);
        Assert.Equal(2, attempts.Count);
        Assert.Equal(attempts[0].InputJson, attempts[1].InputJson);
        Assert.Equal(2, sut.Executions(JobRunActivityNames.SubmitRun));
    }

    [Fact]
    public async Task RunAsync_SubmitRefused_StepFailsWithoutPolling()
    {
        var databricks = new FakeJobRunActivities();
        databricks.RefuseSubmit.Add("load");
        var sut = new ReplayHarness().AddJobRunActivities(databricks);

        var run = await sut.RunAsync(Workflow, Request(Step("load")), TestContext.Current.CancellationToken);

        var step = Assert.Single(run.Output!.Steps);
        Assert.Equal(JobStepOutcome.Failed, step.Outcome);
        Assert.Contains("does not exist", step.Error, StringComparison.Ordinal);
        Assert.Equal(0, sut.Executions(JobRunActivityNames.GetRunStatus));
        Assert.Equal(WorkflowActivities.RetryPolicy.MaxNumberOfAttempts, sut.Executions(JobRunActivityNames.SubmitRun));
        Assert.Equal(0, databricks.RunsStarted);
    }

    [Fact]
    public async Task RunAsync_TokenOfADeletedRun_StepFailsAtOnceNamingTheDeletedRun()
    {
        var databricks = new FakeJobRunActivities();
        databricks.DeletedTokenRuns.Add("load");
        var sut = new ReplayHarness().AddJobRunActivities(databricks);

        var run = await sut.RunAsync(Workflow, Request(Step("load")), TestContext.Current.CancellationToken);

        var step = Assert.Single(run.Output!.Steps);
        Assert.Equal(JobStepOutcome.Failed, step.Outcome);
        Assert.Contains("was deleted", step.Error, StringComparison.Ordinal);
        Assert.Contains("new token", step.Error, StringComparison.Ordinal);
        Assert.Equal(1, sut.Executions(JobRunActivityNames.SubmitRun));
        Assert.Equal(0, sut.Executions(JobRunActivityNames.GetRunStatus));
    }

    [Fact]
    public async Task RunAsync_SequenceWithFailingStep_StopsLaterSteps()
    {
        var databricks = new FakeJobRunActivities().Script("extract", ("TERMINATED", "FAILED"));
        var sut = new ReplayHarness().AddJobRunActivities(databricks);

        var run = await sut.RunAsync(Workflow, Request(Step("extract"), Step("load")), TestContext.Current.CancellationToken);

        Assert.Equal([JobStepOutcome.Failed, JobStepOutcome.NotRun], run.Output!.Steps.Select(s => s.Outcome));
        Assert.Equal(["extract"], databricks.Submits.Select(s => s.StepKey));
    }

    [Fact]
    public async Task RunAsync_SequenceSucceeds_RunsStepsInOrder()
    {
        var databricks = new FakeJobRunActivities().Script("extract", ("RUNNING", null), ("TERMINATED", "SUCCESS"));
        var sut = new ReplayHarness().AddJobRunActivities(databricks);

        var run = await sut.RunAsync(Workflow, Request(Step("extract"), Step("load")), TestContext.Current.CancellationToken);

        Assert.Equal(JobRunOutcome.Succeeded, run.Output!.Outcome);
        Assert.Equal(["extract", "load"], databricks.Submits.Select(s => s.StepKey));
        var scheduled = run.History.Scheduled.OfType<ActivityScheduled>().Select(a => a.Name).ToList();
        Assert.True(scheduled.LastIndexOf(JobRunActivityNames.GetRunOutput) > scheduled.IndexOf(JobRunActivityNames.SubmitRun));
        Assert.Equal(2, scheduled.Count(n => n == JobRunActivityNames.SubmitRun));
        Assert.True(scheduled.FindIndex(1, n => n == JobRunActivityNames.SubmitRun) > scheduled.IndexOf(JobRunActivityNames.GetRunOutput));
    }

    [Fact]
    public async Task RunAsync_Parallel_FansOutThenJoins()
    {
        var databricks = new FakeJobRunActivities()
            .Script("a", ("RUNNING", null), ("RUNNING", null), ("TERMINATED", "SUCCESS"))
            .Script("b", ("TERMINATED", "FAILED"))
            .Script("c", ("RUNNING", null), ("TERMINATED", "SUCCESS"));
        var sut = new ReplayHarness().AddJobRunActivities(databricks);

        var run = await sut.RunAsync(
            Workflow, Request(Step("a"), Step("b"), Step("c")) with { Mode = PipelineExecutionMode.Parallel }, TestContext.Current.CancellationToken);

        Assert.Equal(JobRunOutcome.Failed, run.Output!.Outcome);
        Assert.Equal(["a", "b", "c"], run.Output.Steps.Select(s => s.Key));
        Assert.Equal([JobStepOutcome.Succeeded, JobStepOutcome.Failed, JobStepOutcome.Succeeded], run.Output.Steps.Select(s => s.Outcome));
        Assert.Equal(
            [JobRunActivityNames.SubmitRun, JobRunActivityNames.SubmitRun, JobRunActivityNames.SubmitRun],
            run.History.Scheduled.Take(3).Select(e => ((ActivityScheduled)e).Name));
        Assert.Equal(3, databricks.Submits.Select(s => s.Token).Distinct().Count());
    }

    [Fact]
    public async Task RunAsync_InvalidRequest_IsRejectedWithoutCallingDatabricks()
    {
        var sut = new ReplayHarness().AddJobRunActivities(new FakeJobRunActivities());

        var run = await sut.RunAsync(
            Workflow, new JobRunRequest { Jobs = [new JobStep { Key = "bad key" }] }, TestContext.Current.CancellationToken);

        Assert.Equal(JobRunOutcome.Rejected, run.Output!.Outcome);
        Assert.NotEmpty(run.Output.Problems!);
        Assert.Empty(run.History.Events);
    }

    [Fact]
    public async Task RunAsync_StepTimeoutShorterThanRequest_StepTimesOutAtItsOwnDeadline()
    {
        var databricks = new FakeJobRunActivities().Script("slow", ("RUNNING", null));
        var sut = new ReplayHarness().AddJobRunActivities(databricks);

        var run = await sut.RunAsync(
            Workflow, Request(Step("slow") with { TimeoutSeconds = 15 }), TestContext.Current.CancellationToken);

        Assert.Equal(JobStepOutcome.TimedOut, Assert.Single(run.Output!.Steps).Outcome);
        Assert.Equal(sut.StartUtc.AddSeconds(15), run.FinalUtc);
    }

    private static Task<JobRunResult> Workflow(TaskOrchestrationContext context, JobRunRequest request) => JobRunWorkflow.RunAsync(context, request);

    private static JobStep Step(string key) => new() { Key = key, JobId = 7, JobParameters = new Dictionary<string, string> { ["day"] = "2030-01-07" } };

    private static JobRunRequest Request(params JobStep[] steps) => new() { Jobs = steps, Polling = FastPolling };
}
