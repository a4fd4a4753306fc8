namespace DeltaFunctions.Databricks.Jobs;

/// <summary>
/// A one-time run (<c>POST /api/2.2/jobs/runs/submit</c>): not saved as a job. Build one with
/// <see cref="SubmitRunBuilder"/>.
/// </summary>
public sealed record SubmitRun
{
    /// <summary>Gets the run name; Databricks uses "Untitled" when absent.</summary>
    public string? RunName { get; init; }

    /// <summary>Gets the tasks.</summary>
    public required IReadOnlyList<JobTask> Tasks { get; init; }

    /// <summary>Gets the run's timeout in seconds; 0 or absent means none.</summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary>
    /// Gets the idempotency token (at most 64 characters): a retried submit with the same token returns the
    /// existing run. <see cref="JobsClient.SubmitRunAsync"/> generates one when absent.
    /// </summary>
    public string? IdempotencyToken { get; init; }

    /// <summary>Gets the queue settings.</summary>
    public QueueSettings? Queue { get; init; }

    /// <summary>Gets the notification addresses.</summary>
    public EmailNotifications? EmailNotifications { get; init; }

    /// <summary>Gets the system destinations notified about the run.</summary>
    public WebhookNotifications? WebhookNotifications { get; init; }

    /// <summary>Gets the serverless performance target of the run.</summary>
    public PerformanceTarget? PerformanceTarget { get; init; }
}
