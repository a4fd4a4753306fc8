using Microsoft.Extensions.Logging;

namespace DeltaFunctions.Pipelines.Orchestration;

/// <summary>
/// The seam between the workflows and the orchestration runtime: everything a workflow may do besides pure
/// computation. The App adapts Durable Functions' <c>TaskOrchestrationContext</c> to it; tests run workflows on a
/// replay harness that records and replays the history.
/// </summary>
/// <remarks>
/// Workflow code is replayed from the start each time the orchestration wakes up, so it must be deterministic:
/// time only from <see cref="CurrentUtcDateTime"/>, waiting only through <see cref="CreateTimer"/>, every piece of
/// I/O (and anything random) inside an activity, and logging only through <see cref="CreateReplaySafeLogger"/>.
/// Awaits in workflow code must resume on the orchestration's own scheduler, so workflows do not use
/// <c>ConfigureAwait(false)</c>.
/// </remarks>
public interface IOrchestrationContext
{
    /// <summary>The orchestration instance id (stable across replays; the message id for queue-started runs).</summary>
    string InstanceId { get; }

    /// <summary>The orchestration's current time in UTC: the same value on every replay of the same step.</summary>
    DateTime CurrentUtcDateTime { get; }

    /// <summary>Whether the code is being replayed from history (log nothing, decide nothing new).</summary>
    bool IsReplaying { get; }

    /// <summary>
    /// Schedules an activity and waits for its result. The input and result travel as JSON, so they must be
    /// contracts registered in <see cref="PipelinesJsonContext"/>.
    /// </summary>
    /// <typeparam name="TResult">The activity's result type.</typeparam>
    /// <param name="name">The activity's name (one of the <c>*ActivityNames</c> constants).</param>
    /// <param name="input">The activity's input.</param>
    /// <param name="retryPolicy">How failed attempts are retried; none means one attempt.</param>
    /// <returns>The activity's result.</returns>
    /// <exception cref="ActivityFailedException">The activity failed on its last attempt.</exception>
    Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, ActivityRetryPolicy? retryPolicy = null);

    /// <summary>Waits durably until <paramref name="fireAt"/> (orchestration time); costs nothing while waiting.</summary>
    /// <param name="fireAt">When the timer fires, in UTC.</param>
    /// <param name="cancellationToken">Cancels the timer.</param>
    /// <returns>A task that completes when the timer fires.</returns>
    Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken);

    /// <summary>A logger that writes nothing while the orchestration replays, so each message is written once.</summary>
    /// <param name="categoryName">The log category.</param>
    /// <returns>The logger.</returns>
    ILogger CreateReplaySafeLogger(string categoryName);
}
