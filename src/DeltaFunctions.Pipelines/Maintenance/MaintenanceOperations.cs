namespace DeltaFunctions.Pipelines.Maintenance;

/// <summary>Which statements a maintenance pass runs (the OPTIMIZE and VACUUM timers have their own schedules).</summary>
public enum MaintenanceOperations
{
    /// <summary>OPTIMIZE, then VACUUM.</summary>
    All,

    /// <summary>OPTIMIZE only.</summary>
    Optimize,

    /// <summary>VACUUM only.</summary>
    Vacuum,
}
