namespace DeltaFunctions.Pipelines.Hosting;

/// <summary>Which maintenance timer fired.</summary>
public enum MaintenanceTrigger
{
    /// <summary>The <c>%Maintenance:OptimizeSchedule%</c> timer: OPTIMIZE the due tables.</summary>
    Optimize,

    /// <summary>The <c>%Maintenance:VacuumSchedule%</c> timer: VACUUM the due tables.</summary>
    Vacuum,
}
