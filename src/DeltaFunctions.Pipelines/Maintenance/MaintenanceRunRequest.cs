namespace DeltaFunctions.Pipelines.Maintenance;

/// <summary>The input of <see cref="MaintenanceWorkflow"/>: the plan and which statements to run.</summary>
public sealed record MaintenanceRunRequest
{
    /// <summary>The plan.</summary>
    public required MaintenancePlan Plan { get; init; }

    /// <summary>Which statements run. <value>Default: <see cref="MaintenanceOperations.All"/>.</value></summary>
    public MaintenanceOperations Operations { get; init; }

    /// <summary>
    /// Whether to run nothing and list what the pass would OPTIMIZE and VACUUM: each due table's statements come back
    /// with state <c>DRY_RUN</c> and their SQL in <see cref="MaintenanceStatementResult.Statement"/>. Set by the
    /// <c>Maintenance:DryRun</c> setting for the timers. <value>Default: false.</value>
    /// </summary>
    public bool DryRun { get; init; }
}
