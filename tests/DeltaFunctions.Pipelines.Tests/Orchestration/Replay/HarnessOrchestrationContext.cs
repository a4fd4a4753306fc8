using System.Text.Json;
using DeltaFunctions.Pipelines.Orchestration;
using Microsoft.Extensions.Logging;

namespace DeltaFunctions.Pipelines.Tests.Orchestration.Replay;

/// <summary>
/// The harness's <see cref="IOrchestrationContext"/>. Recording, it appends every scheduled operation to the
/// history; replaying, it checks every scheduled operation against the history and notes the first divergence.
/// Activity retries are orchestration code here, as in the Durable Task SDK: each attempt is its own scheduled
/// activity, with a durable timer before each retry.
/// </summary>
internal sealed class HarnessOrchestrationContext : IOrchestrationContext
{
    private readonly OrchestrationDispatcher _dispatcher;
    private readonly OrchestrationHistory _history;
    private readonly IReadOnlyList<HistoryEvent>? _expected;
    private readonly ILoggerFactory _loggerFactory;
    private readonly JsonSerializerOptions _json;
    private readonly SortedDictionary<int, Pending> _pending = [];
    private int _nextSequence;

    public HarnessOrchestrationContext(
        string instanceId, DateTime startUtc, OrchestrationDispatcher dispatcher, OrchestrationHistory history,
        IReadOnlyList<HistoryEvent>? expected, ILoggerFactory loggerFactory, JsonSerializerOptions json)
    {
        InstanceId = instanceId;
        CurrentUtcDateTime = startUtc;
        _dispatcher = dispatcher;
        _history = history;
        _expected = expected;
        _loggerFactory = loggerFactory;
        _json = json;
    }

    public string InstanceId { get; }

    public DateTime CurrentUtcDateTime { get; private set; }

    public bool IsReplaying => _expected is not null;

    /// <summary>The first rule the workflow broke, if any.</summary>
    public string? Violation { get; private set; }

    public int ScheduledCount => _nextSequence;

    public async Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, ActivityRetryPolicy? retryPolicy = null)
    {
        var inputJson = input is null ? "null" : JsonSerializer.Serialize(input, HarnessJson.TypeInfo(_json, input.GetType()));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var resultJson = await Schedule(new ActivityScheduled(_nextSequence, name, inputJson), CancellationToken.None);
                return (TResult)JsonSerializer.Deserialize(resultJson, HarnessJson.TypeInfo(_json, typeof(TResult)))!;
            }
            catch (ActivityFailedException) when (retryPolicy is not null && attempt < retryPolicy.MaxNumberOfAttempts)
            {
                await CreateTimer(CurrentUtcDateTime + retryPolicy.DelayBeforeRetry(attempt), CancellationToken.None);
            }
        }
    }

    public Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) =>
        Schedule(new TimerCreated(_nextSequence, fireAt), cancellationToken);

    public ILogger CreateReplaySafeLogger(string categoryName) => new ReplaySafeLogger(_loggerFactory.CreateLogger(categoryName), this);

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
        pending.Completion.SetException(new ActivityFailedException(name, errorType, errorMessage));
    }

    public void Fire(int sequence)
    {
        var pending = Take(sequence);
        var fireAt = ((TimerCreated)pending.Scheduled).FireAt;
        if (fireAt > CurrentUtcDateTime)
        {
            CurrentUtcDateTime = fireAt;
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

    private sealed class ReplaySafeLogger(ILogger inner, HarnessOrchestrationContext context) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => !context.IsReplaying && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!context.IsReplaying)
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
