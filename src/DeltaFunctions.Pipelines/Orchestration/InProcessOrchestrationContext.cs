using Microsoft.Extensions.Logging;

namespace DeltaFunctions.Pipelines.Orchestration;

/// <summary>
/// Runs a workflow in the current process without an orchestration runtime: activities are called directly,
/// durable timers become delays on a <see cref="TimeProvider"/>, nothing is replayed. For local runs and samples
/// (the emulator demo drives the same workflows the functions run); production runs on Azure Functions with Durable.
/// </summary>
public sealed class InProcessOrchestrationContext : IOrchestrationContext
{
    private readonly InProcessActivities _activities;
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory _loggerFactory;
    private readonly CancellationToken _cancellationToken;

    /// <summary>Creates a context.</summary>
    /// <param name="instanceId">The instance id (feeds idempotency tokens: reuse it to resume the same runs).</param>
    /// <param name="activities">The activities the workflow may call.</param>
    /// <param name="timeProvider">The clock and timers.</param>
    /// <param name="loggerFactory">Where logs go.</param>
    /// <param name="cancellationToken">Stops activities and timers.</param>
    public InProcessOrchestrationContext(
        string instanceId, InProcessActivities activities, TimeProvider timeProvider, ILoggerFactory loggerFactory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentNullException.ThrowIfNull(activities);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        InstanceId = instanceId;
        _activities = activities;
        _timeProvider = timeProvider;
        _loggerFactory = loggerFactory;
        _cancellationToken = cancellationToken;
    }

    /// <inheritdoc />
    public string InstanceId { get; }

    /// <inheritdoc />
    public DateTime CurrentUtcDateTime => _timeProvider.GetUtcNow().UtcDateTime;

    /// <inheritdoc />
    public bool IsReplaying => false;

    /// <inheritdoc />
    public async Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, ActivityRetryPolicy? retryPolicy = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await _activities.InvokeAsync<TResult>(name, input, _cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !_cancellationToken.IsCancellationRequested)
            {
                if (retryPolicy is null || attempt >= retryPolicy.MaxNumberOfAttempts)
                {
                    throw new ActivityFailedException(name, e.GetType().FullName ?? e.GetType().Name, e.Message);
                }

                await Task.Delay(retryPolicy.DelayBeforeRetry(attempt), _timeProvider, _cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public async Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _cancellationToken);
        var delay = fireAt - CurrentUtcDateTime;
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, _timeProvider, linked.Token).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public ILogger CreateReplaySafeLogger(string categoryName) => _loggerFactory.CreateLogger(categoryName);
}
