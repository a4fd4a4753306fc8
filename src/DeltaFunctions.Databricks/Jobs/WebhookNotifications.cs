namespace DeltaFunctions.Databricks.Jobs;

/// <summary>
/// System notification destinations called about runs (<c>webhook_notifications</c> on job settings, tasks and
/// runs/submit). Each event takes at most <see cref="MaxDestinationsPerEvent"/> destinations (Jobs API 2.2).
/// </summary>
public sealed record WebhookNotifications
{
    /// <summary>The most destinations Databricks accepts for one event.</summary>
    public const int MaxDestinationsPerEvent = 3;

    /// <summary>Gets the destinations called when a run starts.</summary>
    public IReadOnlyList<Webhook>? OnStart { get; init; }

    /// <summary>Gets the destinations called when a run succeeds.</summary>
    public IReadOnlyList<Webhook>? OnSuccess { get; init; }

    /// <summary>Gets the destinations called when a run fails.</summary>
    public IReadOnlyList<Webhook>? OnFailure { get; init; }

    /// <summary>Gets the destinations called when a run exceeds its duration warning threshold.</summary>
    public IReadOnlyList<Webhook>? OnDurationWarningThresholdExceeded { get; init; }

    /// <summary>Gets the destinations called when a streaming backlog threshold is exceeded.</summary>
    public IReadOnlyList<Webhook>? OnStreamingBacklogExceeded { get; init; }

    /// <summary>Checks every event's destinations: at most three, each with an id.</summary>
    /// <param name="notifications">The notifications.</param>
    /// <param name="parameterName">The argument named in the error.</param>
    /// <exception cref="ArgumentException">An event has more than three destinations or one without an id.</exception>
    internal static void Validate(WebhookNotifications notifications, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(notifications, parameterName);
        Check(notifications.OnStart, "on_start");
        Check(notifications.OnSuccess, "on_success");
        Check(notifications.OnFailure, "on_failure");
        Check(notifications.OnDurationWarningThresholdExceeded, "on_duration_warning_threshold_exceeded");
        Check(notifications.OnStreamingBacklogExceeded, "on_streaming_backlog_exceeded");

        void Check(IReadOnlyList<Webhook>? hooks, string name)
        {
            if (hooks is null)
            {
                return;
            }

            if (hooks.Count > MaxDestinationsPerEvent)
            {
                throw new ArgumentException(
                    $"webhook_notifications.{name} has {hooks.Count} destinations; Databricks accepts at most {MaxDestinationsPerEvent}.", parameterName);
            }

            if (hooks.Any(h => h is null || string.IsNullOrWhiteSpace(h.Id)))
            {
                throw new ArgumentException($"Every destination in webhook_notifications.{name} needs an id.", parameterName);
            }
        }
    }
}
