namespace DeltaFunctions.Databricks.Jobs;

/// <summary>The alert of a SQL task (<c>sql_task.alert</c>).</summary>
public sealed record SqlTaskAlert
{
    /// <summary>Gets the id of the alert.</summary>
    public required string AlertId { get; init; }

    /// <summary>Gets whether notifications to subscribers are paused.</summary>
    public bool? PauseSubscriptions { get; init; }
}
