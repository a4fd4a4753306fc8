using System.Diagnostics;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeltaFunctions.Pipelines.Tests.Orchestration.Replay;

/// <summary>
/// Runs a workflow deterministically the way the Durable runtime would, records its history, then replays it
/// against that history (activities are not executed again; their recorded results are fed back) and fails on any
/// divergence: a different activity, input or timer, a step too many or too few, a different outcome, or code
/// that ran outside the orchestration scheduler or waited on something that is not an orchestration operation.
/// So a workflow that reads the clock, draws a random value or does I/O itself is caught.
/// </summary>
/// <remarks>
/// Workflow code runs on a single-threaded scheduler. When it has nothing left to run, the harness completes the
/// oldest pending activity (running its implementation), or, when no activity is pending, fires the earliest
/// timer and moves the orchestration clock to the timer's time. The clock moves only through timers.
/// </remarks>
public sealed class ReplayHarness
{
    private const int MaxSteps = 100_000;

    private readonly Dictionary<string, Func<string, CancellationToken, Task<string>>> _activities = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _executions = new(StringComparer.Ordinal);
    private readonly ILoggerFactory _loggerFactory;

    public ReplayHarness(string instanceId = "instance-1", DateTime? startUtc = null, ILoggerFactory? loggerFactory = null)
    {
        InstanceId = instanceId;
        StartUtc = startUtc ?? new DateTime(2030, 1, 7, 8, 0, 0, DateTimeKind.Utc);
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
    }

    public string InstanceId { get; }

    public DateTime StartUtc { get; }

    /// <summary>Registers an activity implementation under <paramref name="name"/>.</summary>
    public ReplayHarness AddActivity<TInput, TResult>(string name, Func<TInput, CancellationToken, Task<TResult>> implementation)
    {
        _activities[name] = async (inputJson, cancellationToken) =>
        {
            var input = (TInput)JsonSerializer.Deserialize(inputJson, HarnessJson.TypeInfo(HarnessJson.Options, typeof(TInput)))!;
            var result = await implementation(input, cancellationToken);
            return JsonSerializer.Serialize(result, HarnessJson.TypeInfo(HarnessJson.Options, typeof(TResult)));
        };
        return this;
    }

    /// <summary>Registers a synchronous activity implementation under <paramref name="name"/>.</summary>
    public ReplayHarness AddActivity<TInput, TResult>(string name, Func<TInput, TResult> implementation) =>
        AddActivity<TInput, TResult>(name, (input, _) => Task.FromResult(implementation(input)));

    /// <summary>How many times the implementation of <paramref name="name"/> ran (replays never run it).</summary>
    public int Executions(string name) => _executions.GetValueOrDefault(name);

    /// <summary>Records a run, then replays it against its history; throws <see cref="ReplayDivergenceException"/> on any divergence.</summary>
    public async Task<ReplayRun<TOutput>> RunAsync<TInput, TOutput>(
        Func<TaskOrchestrationContext, TInput, Task<TOutput>> workflow, TInput input, CancellationToken cancellationToken)
    {
        var recorded = await RecordAsync(workflow, input, cancellationToken);

        // Let the wall clock move on, so a workflow that reads it computes different values on replay.
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < TimeSpan.FromMilliseconds(1))
        {
            Thread.SpinWait(64);
        }

        await ReplayAsync(workflow, input, recorded.History, cancellationToken);
        return recorded;
    }

    /// <summary>Runs the workflow once, executing activities, and records its history.</summary>
    public async Task<ReplayRun<TOutput>> RecordAsync<TInput, TOutput>(
        Func<TaskOrchestrationContext, TInput, Task<TOutput>> workflow, TInput input, CancellationToken cancellationToken)
    {
        var history = new OrchestrationHistory();
        var dispatcher = new OrchestrationDispatcher();
        var context = new HarnessOrchestrationContext(InstanceId, StartUtc, dispatcher, history, expected: null, _loggerFactory, HarnessJson.Options);
        var task = Start(workflow, input, context, dispatcher);

        for (var step = 0; !task.IsCompleted; step++)
        {
            ThrowIfBroken(context, step);
            var pending = context.PendingOperations().ToList();
            var activity = pending.FirstOrDefault(p => p.Scheduled is ActivityScheduled);
            if (activity.Scheduled is ActivityScheduled scheduled)
            {
                await Execute(context, history, activity.Sequence, scheduled, cancellationToken);
            }
            else if (pending.Count > 0)
            {
                var timer = pending.OrderBy(p => ((TimerCreated)p.Scheduled).FireAt).ThenBy(p => p.Sequence).First();
                history.Add(new TimerFired(timer.Sequence));
                context.Fire(timer.Sequence);
            }
            else
            {
                throw new ReplayDivergenceException(
                    "the workflow is waiting on something that is not an orchestration operation (direct I/O, Task.Delay, Task.Run, or an await resumed off the orchestration scheduler by ConfigureAwait(false)?)");
            }

            dispatcher.RunUntilIdle();
        }

        ThrowIfBroken(context, 0);
        var (output, failure) = Outcome(task);
        history.Outcome = Describe(output, failure);
        return new ReplayRun<TOutput>(output, failure, history, context.CurrentUtcDateTime);
    }

    /// <summary>Replays the workflow against <paramref name="history"/> without running any activity; throws on divergence.</summary>
    public Task ReplayAsync<TInput, TOutput>(
        Func<TaskOrchestrationContext, TInput, Task<TOutput>> workflow, TInput input, OrchestrationHistory history, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var dispatcher = new OrchestrationDispatcher();
        var context = new HarnessOrchestrationContext(InstanceId, StartUtc, dispatcher, new OrchestrationHistory(), history.Scheduled, _loggerFactory, HarnessJson.Options);
        var task = Start(workflow, input, context, dispatcher);

        foreach (var completion in history.Completions)
        {
            ThrowIfBroken(context, 0);
            if (!context.IsPending(completion.Sequence))
            {
                throw new ReplayDivergenceException(
                    $"non-deterministic workflow: the history completes step #{completion.Sequence} but the replay has not scheduled it (it scheduled {context.ScheduledCount} step(s))");
            }

            switch (completion)
            {
                case ActivityCompleted completed:
                    context.Complete(completed.Sequence, completed.ResultJson);
                    break;
                case ActivityFailed failed:
                    context.Fail(failed.Sequence, failed.ErrorType, failed.ErrorMessage);
                    break;
                default:
                    context.Fire(completion.Sequence);
                    break;
            }

            dispatcher.RunUntilIdle();
        }

        ThrowIfBroken(context, 0);
        if (!task.IsCompleted)
        {
            throw new ReplayDivergenceException(
                $"the replay did not finish: after the whole history it still waits on {string.Join(", ", context.PendingOperations().Select(p => HarnessOrchestrationContext.Describe(p.Scheduled)))}");
        }

        if (context.ScheduledCount != history.Scheduled.Count)
        {
            throw new ReplayDivergenceException(
                $"the replay scheduled {context.ScheduledCount} step(s) but the history has {history.Scheduled.Count}");
        }

        var (output, failure) = Outcome(task);
        var outcome = Describe(output, failure);
        if (history.Outcome is not null && outcome != history.Outcome)
        {
            throw new ReplayDivergenceException($"the replay ended with {outcome} but the recorded run ended with {history.Outcome}");
        }

        return Task.CompletedTask;
    }

    private static Task<TOutput> Start<TInput, TOutput>(
        Func<TaskOrchestrationContext, TInput, Task<TOutput>> workflow, TInput input, HarnessOrchestrationContext context, OrchestrationDispatcher dispatcher)
    {
        // The runtime hands the workflow its input after a JSON round trip; so does the harness.
        var inputJson = JsonSerializer.Serialize(input, HarnessJson.TypeInfo(HarnessJson.Options, typeof(TInput)));
        var copy = (TInput)JsonSerializer.Deserialize(inputJson, HarnessJson.TypeInfo(HarnessJson.Options, typeof(TInput)))!;
        var started = new TaskCompletionSource<Task<TOutput>>();
        dispatcher.Post(_ => started.SetResult(workflow(context, copy)), null);
        dispatcher.RunUntilIdle();
        return started.Task.IsCompleted ? started.Task.Result : throw new InvalidOperationException("the workflow did not start");
    }

    private async Task Execute(HarnessOrchestrationContext context, OrchestrationHistory history, int sequence, ActivityScheduled scheduled, CancellationToken cancellationToken)
    {
        if (!_activities.TryGetValue(scheduled.Name, out var implementation))
        {
            throw new InvalidOperationException($"no implementation registered for activity '{scheduled.Name}'");
        }

        _executions[scheduled.Name] = Executions(scheduled.Name) + 1;
        string resultJson;
        try
        {
            resultJson = await implementation(scheduled.InputJson, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            history.Add(new ActivityFailed(sequence, e.GetType().FullName!, e.Message));
            context.Fail(sequence, e.GetType().FullName!, e.Message);
            return;
        }

        history.Add(new ActivityCompleted(sequence, resultJson));
        context.Complete(sequence, resultJson);
    }

    private static void ThrowIfBroken(HarnessOrchestrationContext context, int step)
    {
        if (context.Violation is { } violation)
        {
            throw new ReplayDivergenceException(violation);
        }

        if (step > MaxSteps)
        {
            throw new ReplayDivergenceException($"the workflow did not finish within {MaxSteps} steps");
        }
    }

    private static (TOutput? Output, Exception? Failure) Outcome<TOutput>(Task<TOutput> task) =>
        task.IsCompletedSuccessfully ? (task.Result, null) : (default, task.Exception?.InnerException ?? new TaskCanceledException(task));

    private static string Describe<TOutput>(TOutput? output, Exception? failure) =>
        failure is not null
            ? $"failure {failure.GetType().Name}: {failure.Message}"
            : "output " + JsonSerializer.Serialize(output, HarnessJson.TypeInfo(HarnessJson.Options, typeof(TOutput)));
}
