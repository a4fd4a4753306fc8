using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Logging;

namespace DeltaFunctions.Pipelines.Tests.Orchestration.Replay;

/// <summary>
/// The harness's <see cref="TaskOrchestrationContext"/>: a virtual-time substitute of Durable's abstract context, for
/// the timing logic of the workflows (deadlines of minutes, polls of seconds) that the real engine in
/// DeltaFunctions.App.Tests would need real minutes for. Recording, it appends every scheduled operation to the
/// history; replaying, it checks every scheduled operation against the history and notes the first divergence.
/// Activity retries follow the call's <see cref="RetryPolicy"/> as the Durable Task SDK does: each attempt is its own
/// scheduled activity, with a durable timer before each retry; the last failure surfaces as
/// <see cref="TaskFailedException"/>. Logging goes through the base class's replay-safe logger.
/// </summary>
internal sealed class HarnessOrchestrationContext : TaskOrchestrationContext
{
    private readonly OrchestrationDispatcher _dispatcher;
    private readonly OrchestrationHistory _history;
    private readonly IReadOnlyList<HistoryEvent>? _expected;
    private readonly ILoggerFactory _loggerFactory;
    private readonly JsonSerializerOptions _json;
    private readonly SortedDictionary<int, Pending> _pending = [];
    private int _nextSequence;
    private DateTime _now;

    public HarnessOrchestrationContext(
        string instanceId, DateTime startUtc, OrchestrationDispatcher dispatcher, OrchestrationHistory history,
        IReadOnlyList<HistoryEvent>? expected, ILoggerFactory loggerFactory, JsonSerializerOptions json)
    {
        InstanceId = instanceId;
        _now = startUtc;
        _dispatcher = dispatcher;
        _history = history;
        _expected = expected;
        _loggerFactory = loggerFactory;
        _json = json;
    }

    public override TaskName Name => new("harness");

    public override string InstanceId { get; }

    public override ParentOrchestrationInstance? Parent => null;

    public override DateTime CurrentUtcDateTime => _now;

    public override bool IsReplaying => _expected is not null;

    public override TaskOrchestrationEntityFeature Entities => throw new NotSupportedException("The harness has no entities.");

    protected override ILoggerFactory LoggerFactory => _loggerFactory;

    /// <summary>The first rule the workflow broke, if any.</summary>
    public string? Violation { get; private set; }

    public int ScheduledCount => _nextSequence;

    public override async Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null)
    {
        var inputJson = input is null ? "null" : JsonSerializer.Serialize(input, HarnessJson.TypeInfo(_json, input.GetType()));
        var policy = options?.Retry?.Policy;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var resultJson = await Schedule(new ActivityScheduled(_nextSequence, name.Name, inputJson), CancellationToken.None);
                return (TResult)JsonSerializer.Deserialize(resultJson, HarnessJson.TypeInfo(_json, typeof(TResult)))!;
            }
            catch (TaskFailedException e) when (policy is not null && attempt < policy.MaxNumberOfAttempts && RetriesAfter(policy, e))
            {
                await CreateTimer(CurrentUtcDateTime + DelayBeforeRetry(policy, attempt), CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// Asks the policy's <c>HandleFailure</c> whether to retry, as the Durable Task SDK does: it hands the delegate the
    /// DurableTask.Core failure (the only shape the SDK's <see cref="RetryPolicy.Handle"/> accepts).
    /// </summary>
    private static bool RetriesAfter(RetryPolicy policy, TaskFailedException failure)
    {
        var details = failure.FailureDetails;
        var core = new global::DurableTask.Core.Exceptions.TaskFailedException(details.ErrorMessage)
        {
            FailureDetails = new global::DurableTask.Core.FailureDetails(details.ErrorType, details.ErrorMessage, details.StackTrace, null, false),
        };
        return policy.Handle(core);
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) =>
        Schedule(new TimerCreated(_nextSequence, fireAt), cancellationToken);

    public override T GetInput<T>() => throw new NotSupportedException("The harness passes the input to the workflow directly.");

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The workflows wait for no external event.");

    public override void SendEvent(string instanceId, string eventName, object payload) =>
        throw new NotSupportedException("The workflows send no event.");

    public override void SetCustomStatus(object? customStatus) =>
        throw new NotSupportedException("The workflows set no custom status.");

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null) =>
        throw new NotSupportedException("The workflows start no sub-orchestration.");

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) =>
        throw new NotSupportedException("The workflows do not continue as new.");

    public override Guid NewGuid() => throw new NotSupportedException("The workflows draw no GUID.");

    public IEnumerable<(int Sequence, HistoryEvent Scheduled)> PendingOperations() =>
        _pending.Select(p => (p.Key, p.Value.Scheduled));

    public bool IsPending(int sequence) => _pending.ContainsKey(sequence);

    public void Complete(int sequence, string resultJson)
    {
        var pending = Take(sequence);
        pending.Completion.SetResult(resultJson);
    }

    public void Fail(int sequence, string errorType, string errorMessage)
    {
        var pending = Take(sequence);
        var name = ((ActivityScheduled)pending.Scheduled).Name;
        pending.Completion.SetException(new TaskFailedException(name, sequence, new TaskFailureDetails(errorType, errorMessage, null, null, null)));
    }

    public void Fire(int sequence)
    {
        var pending = Take(sequence);
        var fireAt = ((TimerCreated)pending.Scheduled).FireAt;
        if (fireAt > _now)
        {
            _now = fireAt;
        }

        pending.Completion.SetResult("null");
    }

    private Pending Take(int sequence)
    {
        var pending = _pending[sequence];
        _pending.Remove(sequence);
        return pending;
    }

    private Task<string> Schedule(HistoryEvent scheduled, CancellationToken cancellationToken)
    {
        if (Violation is not null)
        {
            return Never();
        }

        if (SynchronizationContext.Current != _dispatcher || !_dispatcher.IsRunning)
        {
            Violation = $"the workflow scheduled {Describe(scheduled)} outside the orchestration scheduler (ConfigureAwait(false), Task.Run or a thread of its own?)";
            return Never();
        }

        var sequence = _nextSequence++;
        if (_expected is null)
        {
            _history.Add(scheduled);
        }
        else if (sequence >= _expected.Count)
        {
            Violation = $"the replay scheduled {Describe(scheduled)} as step #{sequence} but the history ends after step #{_expected.Count - 1}";
            return Never();
        }
        else if (_expected[sequence] != scheduled)
        {
            Violation = $"non-deterministic workflow: step #{sequence} is {Describe(_expected[sequence])} in the history but the replay scheduled {Describe(scheduled)}";
            return Never();
        }

        var completion = new TaskCompletionSource<string>();
        _pending[sequence] = new Pending(scheduled, completion);
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                if (_pending.Remove(sequence))
                {
                    completion.TrySetCanceled(cancellationToken);
                }
            });
        }

        return completion.Task;
    }

    private static Task<string> Never() => new TaskCompletionSource<string>().Task;

    internal static string Describe(HistoryEvent e) => e switch
    {
        ActivityScheduled a => $"activity '{a.Name}' with input {a.InputJson}",
        TimerCreated t => $"a timer for {t.FireAt:O}",
        _ => e.ToString(),
    };

    private sealed record Pending(HistoryEvent Scheduled, TaskCompletionSource<string> Completion);

    // Durable's RetryPolicy: firstRetryInterval × backoffCoefficient^(retry − 1), capped at maxRetryInterval.
    private static TimeSpan DelayBeforeRetry(RetryPolicy policy, int retry)
    {
        var ticks = policy.FirstRetryInterval.Ticks * Math.Pow(policy.BackoffCoefficient, retry - 1);
        return ticks >= policy.MaxRetryInterval.Ticks ? policy.MaxRetryInterval : TimeSpan.FromTicks((long)ticks);
    }
}
