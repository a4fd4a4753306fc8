namespace DeltaFunctions.Databricks.Jobs;

/// <summary>
/// The definition of a saved job (create body, <c>new_settings</c> of reset, <c>Job.settings</c>). Build one with
/// <see cref="JobSettingsBuilder"/>, which checks the task graph before any request is made.
/// </summary>
public sealed record JobSettings
{
    /// <summary>Gets the job name.</summary>
    public string? Name { get; init; }

    /// <summary>Gets the description.</summary>
    public string? Description { get; init; }

    /// <summary>Gets the tasks.</summary>
    public IReadOnlyList<JobTask>? Tasks { get; init; }

    /// <summary>Gets the clusters shared by tasks.</summary>
    public IReadOnlyList<JobCluster>? JobClusters { get; init; }

    /// <summary>Gets the job-level parameters.</summary>
    public IReadOnlyList<JobParameterDefinition>? Parameters { get; init; }

    /// <summary>Gets the tags (at most 25).</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    /// <summary>Gets the timeout of each run in seconds; 0 or absent means none.</summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary>Gets how many runs may be active at once.</summary>
    public int? MaxConcurrentRuns { get; init; }

    /// <summary>Gets the cron schedule; not combinable with <see cref="Continuous"/>.</summary>
    public CronSchedule? Schedule { get; init; }

    /// <summary>Gets the continuous settings; not combinable with <see cref="Schedule"/>.</summary>
    public ContinuousSettings? Continuous { get; init; }

    /// <summary>Gets the queue settings.</summary>
    public QueueSettings? Queue { get; init; }

    /// <summary>Gets the notification addresses.</summary>
    public EmailNotifications? EmailNotifications { get; init; }

    /// <summary>Gets the system destinations notified about the job's runs.</summary>
    public WebhookNotifications? WebhookNotifications { get; init; }

    /// <summary>Gets the serverless performance target of the job's runs.</summary>
    public PerformanceTarget? PerformanceTarget { get; init; }
}
