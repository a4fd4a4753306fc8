namespace DeltaFunctions.Databricks.Jobs;

/// <summary>
/// How <see cref="JobsClient.WaitForCompletionAsync"/> and <see cref="RunWaitPolicy"/> poll a run: exponential
/// backoff from <see cref="InitialDelay"/> by <see cref="BackoffFactor"/> up to <see cref="MaxDelay"/>, for at most
/// <see cref="Timeout"/>.
/// </summary>
/// <remarks>
/// Why these defaults: short runs (SQL warehouse and serverless tasks) often end within seconds, so the first poll
/// comes after 1 s; classic job clusters take minutes to start, so the delay grows by 1.5× (1, 1.5, 2.25, 3.4, 5.1,
/// 7.6, 11.4 s) and settles at 15 s after about 30 s of waiting. At the 15 s cap one waiter costs 4 runs/get calls a
/// minute, so a thousand concurrent waiters stay near 67 requests/s, under the documented ~100 req/s runs/get limit
/// (reference §1.6), and a finished run is noticed at most 15 s late. The official SDKs poll linearly (attempt × 1 s,
/// capped at 10 s) for a fixed 20 minutes; we grow faster and let the caller choose any timeout instead.
/// </remarks>
public sealed record WaitOptions
{
    /// <summary>The default first delay: 1 second.</summary>
    public static readonly TimeSpan DefaultInitialDelay = TimeSpan.FromSeconds(1);

    /// <summary>The default growth factor: 1.5.</summary>
    public const double DefaultBackoffFactor = 1.5;

    /// <summary>The default longest delay: 15 seconds.</summary>
    public static readonly TimeSpan DefaultMaxDelay = TimeSpan.FromSeconds(15);

    /// <summary>Gets the delay before the second poll (the first poll happens at once).</summary>
    /// <value>Default 1 second. Must be positive.</value>
    public TimeSpan InitialDelay { get; init; } = DefaultInitialDelay;

    /// <summary>Gets the factor each delay grows by.</summary>
    /// <value>Default 1.5. Must be at least 1 (1 polls at a fixed interval).</value>
    public double BackoffFactor { get; init; } = DefaultBackoffFactor;

    /// <summary>Gets the longest delay between polls.</summary>
    /// <value>Default 15 seconds. Must be at least <see cref="InitialDelay"/>.</value>
    public TimeSpan MaxDelay { get; init; } = DefaultMaxDelay;

    /// <summary>Gets the longest the wait may take, of any length.</summary>
    /// <value>
    /// Default <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>: wait until the run ends (set the run's own
    /// <c>timeout_seconds</c> to bound it on the service side). Otherwise positive.
    /// </value>
    public TimeSpan Timeout { get; init; } = System.Threading.Timeout.InfiniteTimeSpan;

    /// <summary>Gets whether the run is cancelled (runs/cancel) when <see cref="Timeout"/> passes.</summary>
    /// <value>Default false: the run keeps going and only the wait ends.</value>
    public bool CancelOnTimeout { get; init; }

    /// <summary>Gets a callback told the run's state after every poll.</summary>
    /// <value>Default null.</value>
    public IProgress<RunState>? Progress { get; init; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; the exception names it.</exception>
    public void Validate()
    {
        if (InitialDelay <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(InitialDelay), InitialDelay, "InitialDelay must be positive.");
        }

        if (double.IsNaN(BackoffFactor) || BackoffFactor < 1 || double.IsInfinity(BackoffFactor))
        {
            throw new ArgumentOutOfRangeException(nameof(BackoffFactor), BackoffFactor, "BackoffFactor must be a finite number of at least 1.");
        }

        if (MaxDelay < InitialDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDelay), MaxDelay, "MaxDelay must be at least InitialDelay.");
        }

        if (Timeout != System.Threading.Timeout.InfiniteTimeSpan && Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "Timeout must be positive or Timeout.InfiniteTimeSpan.");
        }
    }
}
