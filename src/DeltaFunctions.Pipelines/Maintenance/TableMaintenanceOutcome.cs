namespace DeltaFunctions.Pipelines.Maintenance;

/// <summary>How one table's maintenance ended.</summary>
public enum TableMaintenanceOutcome
{
    /// <summary>Every statement succeeded.</summary>
    Succeeded,

    /// <summary>A statement failed, timed out or could not be started; the error says which.</summary>
    Failed,

    /// <summary>The table is not maintained on this day of the week.</summary>
    NotDue,

    /// <summary>
    /// Skipped: Databricks maintains the table itself (predictive optimization runs OPTIMIZE and VACUUM on Unity Catalog
    /// managed tables that have it in effect), unless <see cref="MaintenancePlan.MaintainPredictiveOptimizationTables"/> is set.
    /// </summary>
    ManagedByPredictiveOptimization,

    /// <summary>A dry run (<see cref="MaintenanceRunRequest.DryRun"/>): nothing ran; the statements say what would have.</summary>
    DryRun,
}
