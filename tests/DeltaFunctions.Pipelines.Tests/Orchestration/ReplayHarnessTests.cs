using DeltaFunctions.Pipelines.Tests.Orchestration.Replay;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace DeltaFunctions.Pipelines.Tests.Orchestration;

public sealed class ReplayHarnessTests
{
    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromSeconds(5), 2, TimeSpan.FromMinutes(1)));

    [Fact]
    public async Task RunAsync_DeterministicWorkflow_RecordsHistoryAndReplaysWithoutRunningActivities()
    {
        var sut = Harness();

        var run = await sut.RunAsync(DeterministicWorkflow, 3, TestContext.Current.CancellationToken);

        Assert.Null(run.Failure);
        Assert.Equal("6-7", run.Output);
        Assert.Equal(1, sut.Executions("double"));
        Assert.Equal(1, sut.Executions("increment"));
        var timer = Assert.Single(run.History.Timers);
        Assert.Equal(sut.StartUtc.AddMinutes(10), timer.FireAt);
        Assert.Equal(sut.StartUtc.AddMinutes(10), run.FinalUtc);
        Assert.Equal(["ActivityScheduled", "ActivityCompleted", "TimerCreated", "TimerFired", "ActivityScheduled", "ActivityCompleted"],
            run.History.Events.Select(e => e.GetType().Name));
    }

    [Fact]
    public async Task RunAsync_WorkflowReadsDateTimeUtcNow_IsCaught()
    {
        var sut = Harness();

        var error = await Assert.ThrowsAsync<ReplayDivergenceException>(() => sut.RunAsync(
            async (TaskOrchestrationContext context, int _) =>
            {
                await context.CreateTimer(DateTime.UtcNow.AddMinutes(1), CancellationToken.None);
                return 0;
            },
            0,
            TestContext.Current.CancellationToken));

        Assert.Contains("timer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WorkflowPassesNewGuidToActivity_IsCaught()
    {
        var sut = Harness();

        var error = await Assert.ThrowsAsync<ReplayDivergenceException>(() => sut.RunAsync(
            (TaskOrchestrationContext context, int _) => context.CallActivityAsync<string>("echo", Guid.NewGuid().ToString()),
            0,
            TestContext.Current.CancellationToken));

        Assert.Contains("non-deterministic", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WorkflowUsesRandomJitter_IsCaught()
    {
        var sut = Harness();

        await Assert.ThrowsAsync<ReplayDivergenceException>(() => sut.RunAsync(
            async (TaskOrchestrationContext context, int _) =>
            {
                await context.CreateTimer(context.CurrentUtcDateTime.AddMilliseconds(Random.Shared.Next(1, int.MaxValue)), CancellationToken.None);
                return 0;
            },
            0,
            TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RunAsync_WorkflowAwaitsTaskDelay_IsCaughtAsDirectIo()
    {
        var sut = Harness();

        var error = await Assert.ThrowsAsync<ReplayDivergenceException>(() => sut.RunAsync(
            async (TaskOrchestrationContext context, int _) =>
            {
                // Long enough that the harness always sees the wait first: a 1 ms delay could finish on a loaded
                // machine before the harness looked, and the workflow then resumed off the scheduler instead.
                await Task.Delay(TimeSpan.FromMinutes(1), CancellationToken.None);
                return await context.CallActivityAsync<string>("echo", "x");
            },
            0,
            TestContext.Current.CancellationToken));

        Assert.Contains("not an orchestration operation", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WorkflowUsesConfigureAwaitFalse_IsCaught()
    {
        var sut = Harness();

        // The continuation is queued to the thread pool: it is caught either waiting off the scheduler or scheduling from it.
        var error = await Assert.ThrowsAsync<ReplayDivergenceException>(() => sut.RunAsync(
            async (TaskOrchestrationContext context, int _) =>
            {
                await context.CallActivityAsync<string>("echo", "a").ConfigureAwait(false);
                return await context.CallActivityAsync<string>("echo", "b");
            },
            0,
            TestContext.Current.CancellationToken));

        Assert.Contains("orchestration", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ActivityFailsOnceThenSucceeds_RetriesAfterDurableTimer()
    {
        var attempts = 0;
        var sut = Harness().AddActivity<string, string>("flaky", input => ++attempts == 1 ? throw new TimeoutException("first attempt lost") : input + "!");

        var run = await sut.RunAsync(
            (TaskOrchestrationContext context, string input) => context.CallActivityAsync<string>("flaky", input, Retry),
            "hello",
            TestContext.Current.CancellationToken);

        Assert.Equal("hello!", run.Output);
        Assert.Equal(2, sut.Executions("flaky"));
        Assert.Equal(2, run.History.Activities("flaky").Count);
        Assert.Contains(run.History.Events, e => e is ActivityFailed { ErrorType: "System.TimeoutException" });
        Assert.Equal(sut.StartUtc.AddSeconds(5), Assert.Single(run.History.Timers).FireAt);
    }

    [Fact]
    public async Task RunAsync_ActivityAlwaysFails_WorkflowSeesActivityFailedAfterLastAttempt()
    {
        var sut = Harness().AddActivity<string, string>("broken", _ => throw new InvalidOperationException("nope"));

        var run = await sut.RunAsync(
            async (TaskOrchestrationContext context, string input) =>
            {
                try
                {
                    return await context.CallActivityAsync<string>("broken", input, Retry);
                }
                catch (TaskFailedException e)
                {
                    return e.FailureDetails.ErrorType + ": " + e.FailureDetails.ErrorMessage;
                }
            },
            "x",
            TestContext.Current.CancellationToken);

        Assert.Equal("System.InvalidOperationException: nope", run.Output);
        Assert.Equal(3, sut.Executions("broken"));
        Assert.Equal([sut.StartUtc.AddSeconds(5), sut.StartUtc.AddSeconds(15)], run.History.Timers.Select(t => t.FireAt));
    }

    [Fact]
    public async Task RunAsync_WorkflowThrows_FailureRecordedAndReplayed()
    {
        var sut = Harness();

        var run = await sut.RunAsync(
            async (TaskOrchestrationContext context, int _) =>
            {
                await context.CallActivityAsync<string>("echo", "a");
                throw new InvalidOperationException("workflow gave up");
#pragma warning disable CS0162 // Unreachable code: the lambda needs a result type.
                return 0;
#pragma warning restore CS0162
            },
            0,
            TestContext.Current.CancellationToken);

        Assert.IsType<InvalidOperationException>(run.Failure);
        Assert.Contains("workflow gave up", run.History.Outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_FanOutFanIn_ReplaysDeterministically()
    {
        var sut = Harness();

        var run = await sut.RunAsync(
            async (TaskOrchestrationContext context, int count) =>
            {
                var branches = Enumerable.Range(0, count).Select(async i =>
                {
                    await context.CreateTimer(context.CurrentUtcDateTime.AddSeconds(count - i), CancellationToken.None);
                    return await context.CallActivityAsync<int>("double", i);
                });
                return (await Task.WhenAll(branches)).Sum();
            },
            4,
            TestContext.Current.CancellationToken);

        Assert.Equal(12, run.Output);
        Assert.Equal(4, sut.Executions("double"));
    }

    [Fact]
    public async Task ReplayAsync_HistoryWithDifferentActivity_IsCaught()
    {
        var sut = Harness();
        var recorded = await sut.RecordAsync(DeterministicWorkflow, 3, TestContext.Current.CancellationToken);
        var tampered = recorded.History.With(events => events.Select(e => e is ActivityScheduled { Name: "increment" } a ? a with { Name = "decrement" } : e));

        var error = await Assert.ThrowsAsync<ReplayDivergenceException>(() => sut.ReplayAsync(DeterministicWorkflow, 3, tampered, TestContext.Current.CancellationToken));

        Assert.Contains("'decrement'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplayAsync_WorkflowWithExtraStep_IsCaught()
    {
        var sut = Harness();
        var recorded = await sut.RecordAsync(DeterministicWorkflow, 3, TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<ReplayDivergenceException>(() => sut.ReplayAsync(
            async (TaskOrchestrationContext context, int input) =>
            {
                var result = await DeterministicWorkflow(context, input);
                await context.CallActivityAsync<int>("double", 1);
                return result;
            },
            3,
            recorded.History,
            TestContext.Current.CancellationToken));

        Assert.Contains("history ends", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplayAsync_WorkflowWithMissingStep_IsCaught()
    {
        var sut = Harness();
        var recorded = await sut.RecordAsync(DeterministicWorkflow, 3, TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<ReplayDivergenceException>(() => sut.ReplayAsync(
            async (TaskOrchestrationContext context, int input) =>
            {
                var doubled = await context.CallActivityAsync<int>("double", input);
                return $"{doubled}";
            },
            3,
            recorded.History,
            TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ReplayAsync_DifferentTimer_IsCaught()
    {
        var sut = Harness();
        var recorded = await sut.RecordAsync(DeterministicWorkflow, 3, TestContext.Current.CancellationToken);
        var tampered = recorded.History.With(events => events.Select(e => e is TimerCreated t ? t with { FireAt = t.FireAt.AddSeconds(1) } : e));

        var error = await Assert.ThrowsAsync<ReplayDivergenceException>(() => sut.ReplayAsync(DeterministicWorkflow, 3, tampered, TestContext.Current.CancellationToken));

        Assert.Contains("timer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateReplaySafeLogger_RecordAndReplay_LogsOnce()
    {
        var collector = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(collector)));
        var sut = new ReplayHarness(loggerFactory: loggerFactory).AddActivity<int, int>("double", i => i * 2);

        await sut.RunAsync(
            async (TaskOrchestrationContext context, int input) =>
            {
                var result = await context.CallActivityAsync<int>("double", input);
#pragma warning disable CA1848, CA2254 // A test message; the rule is for shipping code.
                context.CreateReplaySafeLogger("test").LogInformation("doubled {Result}", result);
#pragma warning restore CA1848, CA2254
                return result;
            },
            21,
            TestContext.Current.CancellationToken);

        var record = Assert.Single(collector.GetSnapshot());
        Assert.Equal("doubled 42", record.Message);
    }

    private static ReplayHarness Harness() => new ReplayHarness()
        .AddActivity<int, int>("double", i => i * 2)
        .AddActivity<int, int>("increment", i => i + 1)
        .AddActivity<string, string>("echo", s => s);

    private static async Task<string> DeterministicWorkflow(TaskOrchestrationContext context, int input)
    {
        var doubled = await context.CallActivityAsync<int>("double", input);
        await context.CreateTimer(context.CurrentUtcDateTime.AddMinutes(10), CancellationToken.None);
        var incremented = await context.CallActivityAsync<int>("increment", doubled);
        return $"{doubled}-{incremented}";
    }
}
