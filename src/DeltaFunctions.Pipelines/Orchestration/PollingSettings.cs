namespace DeltaFunctions.Pipelines.Orchestration;

/// <summary>
/// How a workflow polls a long-running Databricks operation (a job run, a SQL statement) with durable timers:
/// the interval starts at <see cref="InitialIntervalSeconds"/>, grows by <see cref="BackoffCoefficient"/> after
/// each poll and is capped at <see cref="MaxIntervalSeconds"/> and, whatever is configured, at
/// <see cref="DurablePollCap"/>: a SQL statement not polled for 15 minutes may be cancelled by Databricks
/// (<see cref="Databricks.Sql.StatementLifetimes.KeepAlivePollInterval"/>), and a durable timer can fire late.
/// </summary>
public sealed record PollingSettings
{
    /// <summary>
    /// The longest durable wait between two polls: 10 minutes, which keeps a statement within Databricks' 15-minute
    /// keep-alive with 5 minutes to spare for a late timer and the poll activity's queueing.
    /// </summary>
    public static TimeSpan DurablePollCap { get; } = TimeSpan.FromMinutes(10);

    /// <summary>The defaults.</summary>
    public static PollingSettings Default { get; } = new();

    /// <summary>The first wait, in seconds (1 to 3600). <value>Default: 10.</value></summary>
    public int? InitialIntervalSeconds { get; init; }

    /// <summary>
    /// The longest wait, in seconds (at least the initial wait, at most 3600); waits never exceed
    /// <see cref="DurablePollCap"/> whatever is set. <value>Default: 60.</value>
    /// </summary>
    public int? MaxIntervalSeconds { get; init; }

    /// <summary>The factor the wait grows by after each poll (1 to 10). <value>Default: 1.5.</value></summary>
    public double? BackoffCoefficient { get; init; }

    internal TimeSpan InitialInterval => Capped(TimeSpan.FromSeconds(InitialIntervalSeconds ?? 10));

    internal TimeSpan MaxInterval => Capped(TimeSpan.FromSeconds(MaxIntervalSeconds ?? 60));

    internal double Backoff => BackoffCoefficient ?? 1.5;

    /// <summary>The wait before poll number <paramref name="pollsDone"/> + 1: initial × backoff^pollsDone, capped.</summary>
    internal TimeSpan DelayAfter(int pollsDone)
    {
        var seconds = InitialInterval.TotalSeconds * Math.Pow(Backoff, Math.Min(pollsDone, 64));
        return seconds >= MaxInterval.TotalSeconds ? MaxInterval : TimeSpan.FromSeconds(Math.Round(seconds, 3));
    }

    private static TimeSpan Capped(TimeSpan wait) => wait > DurablePollCap ? DurablePollCap : wait;
}
