namespace DeltaFunctions.Databricks.Jobs;

/// <summary>E-mail addresses notified about runs (<c>email_notifications</c>).</summary>
public sealed record EmailNotifications
{
    /// <summary>Gets the addresses notified when a run starts.</summary>
    public IReadOnlyList<string>? OnStart { get; init; }

    /// <summary>Gets the addresses notified when a run succeeds.</summary>
    public IReadOnlyList<string>? OnSuccess { get; init; }

    /// <summary>Gets the addresses notified when a run fails.</summary>
    public IReadOnlyList<string>? OnFailure { get; init; }

    /// <summary>Gets the addresses notified when a run exceeds its duration warning threshold.</summary>
    public IReadOnlyList<string>? OnDurationWarningThresholdExceeded { get; init; }
}
