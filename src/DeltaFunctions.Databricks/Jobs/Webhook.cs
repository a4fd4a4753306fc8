namespace DeltaFunctions.Databricks.Jobs;

/// <summary>One notification destination of <see cref="WebhookNotifications"/>: a system destination by id.</summary>
public sealed record Webhook
{
    /// <summary>Gets the id of the notification destination (Settings → Notification destinations).</summary>
    public required string Id { get; init; }
}
