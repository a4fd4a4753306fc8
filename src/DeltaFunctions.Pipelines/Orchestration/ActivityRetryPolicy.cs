namespace DeltaFunctions.Pipelines.Orchestration;

/// <summary>
/// How an activity's failed attempts are retried, with durable timers between attempts. The fields mirror Durable
/// Task's <c>RetryPolicy(maxNumberOfAttempts, firstRetryInterval, backoffCoefficient, maxRetryInterval)</c> so the
/// App maps it one to one.
/// </summary>
/// <param name="MaxNumberOfAttempts">Attempts in all, the first included (at least 1).</param>
/// <param name="FirstRetryInterval">The wait before the first retry.</param>
/// <param name="BackoffCoefficient">The factor each following wait grows by (at least 1).</param>
/// <param name="MaxRetryInterval">The longest wait between attempts.</param>
public sealed record ActivityRetryPolicy(int MaxNumberOfAttempts, TimeSpan FirstRetryInterval, double BackoffCoefficient, TimeSpan MaxRetryInterval)
{
    /// <summary>The policy the workflows use for Databricks calls: 5 attempts, 5 s doubling to at most 1 min.</summary>
    public static ActivityRetryPolicy Default { get; } = new(5, TimeSpan.FromSeconds(5), 2, TimeSpan.FromMinutes(1));

    /// <summary>The wait before retry number <paramref name="retry"/> (1 for the first retry).</summary>
    /// <param name="retry">The retry's number, from 1.</param>
    /// <returns>The wait.</returns>
    public TimeSpan DelayBeforeRetry(int retry)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retry, 1);
        var ticks = FirstRetryInterval.Ticks * Math.Pow(BackoffCoefficient, retry - 1);
        return ticks >= MaxRetryInterval.Ticks ? MaxRetryInterval : TimeSpan.FromTicks((long)ticks);
    }
}
