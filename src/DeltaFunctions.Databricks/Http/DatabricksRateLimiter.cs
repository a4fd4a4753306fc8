using System.Threading.RateLimiting;

namespace DeltaFunctions.Databricks.Http;

/// <summary>
/// The client-side token bucket (<c>DATABRICKS_RATE_LIMIT</c> requests per second). A
/// <see cref="TokenBucketRateLimiter"/> with manual replenishment, driven by a timer of the injected
/// <see cref="TimeProvider"/> so tests control time: every <see cref="Period"/> (100 ms) the bucket gains
/// <c>ceil(rate / 10)</c> tokens up to a capacity of <c>rate</c>. Hence in any window of <c>n</c> periods at most
/// <c>capacity + n × tokensPerPeriod</c> requests are admitted, and waiters are served oldest first.
/// </summary>
internal sealed class DatabricksRateLimiter : IDisposable
{
    /// <summary>The replenishment period.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(100);

    private readonly TokenBucketRateLimiter _bucket;
    private readonly ITimer _timer;

    /// <summary>Creates the limiter.</summary>
    /// <param name="requestsPerSecond">The rate (and the burst capacity).</param>
    /// <param name="queueLimit">How many requests may wait; more are refused.</param>
    /// <param name="timeProvider">The clock whose timer replenishes the bucket.</param>
    public DatabricksRateLimiter(int requestsPerSecond, int queueLimit, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(requestsPerSecond, 1);
        Capacity = requestsPerSecond;
        TokensPerPeriod = (int)Math.Ceiling(requestsPerSecond / 10.0);
        _bucket = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Capacity,
            TokensPerPeriod = TokensPerPeriod,
            ReplenishmentPeriod = Period,
            AutoReplenishment = false,
            QueueLimit = queueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        _timer = timeProvider.CreateTimer(static state => ((TokenBucketRateLimiter)state!).TryReplenish(), _bucket, Period, Period);
    }

    /// <summary>The bucket capacity (largest burst).</summary>
    public int Capacity { get; }

    /// <summary>Tokens added every <see cref="Period"/>.</summary>
    public int TokensPerPeriod { get; }

    /// <summary>The underlying limiter (for the Polly rate limiter strategy).</summary>
    public RateLimiter Limiter => _bucket;

    /// <summary>Takes a token at once when one is free and nobody waits ahead.</summary>
    /// <returns>The lease; check <see cref="RateLimitLease.IsAcquired"/>.</returns>
    public RateLimitLease TryAcquire() => _bucket.AttemptAcquire(1);

    /// <summary>Waits for a token in arrival order.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The lease; not acquired when the queue was full.</returns>
    public ValueTask<RateLimitLease> AcquireAsync(CancellationToken cancellationToken) => _bucket.AcquireAsync(1, cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        _timer.Dispose();
        _bucket.Dispose();
    }
}
