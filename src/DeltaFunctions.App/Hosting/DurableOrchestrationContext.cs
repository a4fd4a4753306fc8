using DeltaFunctions.Pipelines.Orchestration;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace DeltaFunctions.App.Hosting;

/// <summary>
/// Adapts Durable's <see cref="TaskOrchestrationContext"/> (microsoft/durabletask-dotnet) to the Pipelines seam. Runs on
/// the orchestration's own scheduler, so it awaits without ConfigureAwait(false).
/// </summary>
internal sealed class DurableOrchestrationContext(TaskOrchestrationContext context) : IOrchestrationContext
{
    public string InstanceId => context.InstanceId;

    public DateTime CurrentUtcDateTime => context.CurrentUtcDateTime;

    public bool IsReplaying => context.IsReplaying;

    public async Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, ActivityRetryPolicy? retryPolicy = null)
    {
        // ActivityRetryPolicy mirrors RetryPolicy(maxNumberOfAttempts, firstRetryInterval, backoffCoefficient, maxRetryInterval);
        // Durable waits between attempts with durable timers.
        var options = retryPolicy is null
            ? null
            : TaskOptions.FromRetryPolicy(new RetryPolicy(
                retryPolicy.MaxNumberOfAttempts, retryPolicy.FirstRetryInterval, retryPolicy.BackoffCoefficient, retryPolicy.MaxRetryInterval));
        try
        {
            return await context.CallActivityAsync<TResult>(name, input, options);
        }
        catch (TaskFailedException e)
        {
            throw new ActivityFailedException(name, e.FailureDetails.ErrorType, e.FailureDetails.ErrorMessage);
        }
    }

    public Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) => context.CreateTimer(fireAt, cancellationToken);

    public ILogger CreateReplaySafeLogger(string categoryName) => context.CreateReplaySafeLogger(categoryName);
}
