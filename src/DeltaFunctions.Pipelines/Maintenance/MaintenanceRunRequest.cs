namespace DeltaFunctions.Pipelines.Maintenance;

/// <summary>The input of <see cref="MaintenanceWorkflow"/>: the plan and which statements to run.</summary>
public sealed record MaintenanceRunRequest
{
    /// <summary>The plan.</summary>
    public required MaintenancePlan Plan { get; init; }

    /// <summary>Which statements run. <value>Default: <see cref="MaintenanceOperations.All"/>.</value></summary>
    public MaintenanceOperations Operations { get; init; }
}
