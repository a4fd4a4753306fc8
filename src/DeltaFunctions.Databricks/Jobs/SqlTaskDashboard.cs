namespace DeltaFunctions.Databricks.Jobs;

/// <summary>The legacy dashboard of a SQL task (<c>sql_task.dashboard</c>).</summary>
public sealed record SqlTaskDashboard
{
    /// <summary>Gets the id of the dashboard to refresh.</summary>
    public required string DashboardId { get; init; }

    /// <summary>Gets the subject of the e-mail sent to subscribers.</summary>
    public string? CustomSubject { get; init; }

    /// <summary>Gets whether notifications to subscribers are paused.</summary>
    public bool? PauseSubscriptions { get; init; }
}
