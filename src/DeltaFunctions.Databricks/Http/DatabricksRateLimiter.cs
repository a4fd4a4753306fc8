using System.Threading.RateLimiting;

namespace DeltaFunctions.Databricks.Http;

/// <summary>
/// The client-side token bucket (<c>DATABRICKS_RATE_LIMIT</c> requests per second), driven by a timer of the
/// injected <see cref="TimeProvider"/> so tests control time. (The framework's <c>TokenBucketRateLimiter</c> measures
/// elapsed time with its own stopwatch even when replenished by hand, so it cannot run on a fake clock.) Every
/// <see cref="Period"/> (100 ms) the bucket gains <see cref="TokensPerPeriod"/> = <c>ceil(rate / 10)</c> tokens up to
/// <see cref="Capacity"/> = <c>rate</c>. Hence in any window spanning <c>n</c> replenishments at most
/// <c>capacity + n × tokensPerPeriod</c> requests are admitted. Waiters queue (up to the queue limit) and are served
/// strictly oldest first; a new request never overtakes a waiter.
/// </summary>
internal sealed class DatabricksRateLimiter : RateLimiter
{
    /// <summary>The replenishment period.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(100);

    private static readonly RateLimitLease Acquired = new Lease(isAcquired: true, retryAfter: null);

    private readonly Lock _gate = new();
    private readonly LinkedList<Waiter> _waiters = new();
    private readonly ITimer _timer;
    private readonly TimeProvider _timeProvider;
    private readonly int _queueLimit;
    private int _tokens;
    private int _queued;
    private long _successful;
    private long _failed;
    private long? _idleSince;
    private bool _disposed;

    /// <summary>Creates the limiter with a full bucket.</summary>
    /// <param name="requestsPerSecond">The rate (and the burst capacity).</param>
    /// <param name="queueLimit">How many requests may wait; more are refused.</param>
    /// <param name="timeProvider">The clock whose timer replenishes the bucket.</param>
    public DatabricksRateLimiter(int requestsPerSecond, int queueLimit, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(requestsPerSecond, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(queueLimit);
        Capacity = requestsPerSecond;
        TokensPerPeriod = (int)Math.Ceiling(requestsPerSecond / 10.0);
        _tokens = Capacity;
        _queueLimit = queueLimit;
        _timeProvider = timeProvider;
        _idleSince = timeProvider.GetTimestamp();
        _timer = timeProvider.CreateTimer(static state => ((DatabricksRateLimiter)state!).Replenish(), this, Period, Period);
    }

    /// <summary>The bucket capacity (largest burst).</summary>
    public int Capacity { get; }

    /// <summary>Tokens added every <see cref="Period"/>.</summary>
    public int TokensPerPeriod { get; }

    /// <inheritdoc />
    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_gate)
            {
                return _idleSince is { } since ? _timeProvider.GetElapsedTime(since) : null;
            }
        }
    }

    /// <inheritdoc />
    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_gate)
        {
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = _tokens,
                CurrentQueuedCount = _queued,
                TotalSuccessfulLeases = _successful,
                TotalFailedLeases = _failed,
            };
        }
    }

    /// <inheritdoc />
    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        CheckPermits(permitCount);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_waiters.Count == 0 && _tokens >= permitCount)
            {
                return TakeLocked(permitCount);
            }

            _failed++;
            return new Lease(isAcquired: false, RetryAfterLocked(permitCount));
        }
    }

    /// <inheritdoc />
    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        CheckPermits(permitCount);
        Waiter waiter;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_waiters.Count == 0 && _tokens >= permitCount)
            {
                return ValueTask.FromResult(TakeLocked(permitCount));
            }

            if (_queued + permitCount > _queueLimit)
            {
                _failed++;
                return ValueTask.FromResult<RateLimitLease>(new Lease(isAcquired: false, RetryAfterLocked(permitCount)));
            }

            waiter = new Waiter(permitCount);
            waiter.Node = _waiters.AddLast(waiter);
            _queued += permitCount;
            _idleSince = null;
        }

        if (cancellationToken.CanBeCanceled)
        {
            waiter.Registration = cancellationToken.Register(
                static state =>
                {
                    var (limiter, w, token) = ((DatabricksRateLimiter, Waiter, CancellationToken))state!;
                    limiter.Cancel(w, token);
                },
                (this, waiter, cancellationToken));
        }

        return new ValueTask<RateLimitLease>(waiter.Completion.Task);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        List<Waiter> abandoned;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            abandoned = [.. _waiters];
            _waiters.Clear();
            _queued = 0;
        }

        _timer.Dispose();
        foreach (var waiter in abandoned)
        {
            waiter.Registration.Dispose();
            waiter.Completion.TrySetResult(new Lease(isAcquired: false, retryAfter: null));
        }
    }

    private static void CheckPermits(int permitCount) => ArgumentOutOfRangeException.ThrowIfNegative(permitCount);

    private void Replenish()
    {
        var granted = new List<Waiter>();
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _tokens = Math.Min(Capacity, _tokens + TokensPerPeriod);
            while (_waiters.First is { } first && _tokens >= first.Value.Permits)
            {
                var waiter = first.Value;
                _waiters.RemoveFirst();
                waiter.Node = null;
                _queued -= waiter.Permits;
                _tokens -= waiter.Permits;
                _successful++;
                granted.Add(waiter);
            }

            if (_waiters.Count == 0 && _tokens == Capacity)
            {
                _idleSince ??= _timeProvider.GetTimestamp();
            }
        }

        foreach (var waiter in granted)
        {
            waiter.Registration.Dispose();
            waiter.Completion.TrySetResult(Acquired);
        }
    }

    private void Cancel(Waiter waiter, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (waiter.Node is null)
            {
                return;
            }

            _waiters.Remove(waiter.Node);
            waiter.Node = null;
            _queued -= waiter.Permits;
        }

        waiter.Completion.TrySetCanceled(cancellationToken);
    }

    private RateLimitLease TakeLocked(int permitCount)
    {
        _tokens -= permitCount;
        _successful++;
        _idleSince = null;
        return Acquired;
    }

    private TimeSpan RetryAfterLocked(int permitCount)
    {
        var missing = Math.Max(0, _queued + permitCount - _tokens);
        var periods = (int)Math.Ceiling(missing / (double)TokensPerPeriod);
        return Period * Math.Max(1, periods);
    }

    private sealed class Waiter(int permits)
    {
        public int Permits { get; } = permits;

        public TaskCompletionSource<RateLimitLease> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }

        public CancellationTokenRegistration Registration { get; set; }
    }

    private sealed class Lease(bool isAcquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired { get; } = isAcquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is { } value && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = value;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}
