namespace DeltaFunctions.Pipelines.Hosting;

/// <summary>
/// The configuration keys of scheduled maintenance. In Azure app settings (environment variables) write <c>__</c> for
/// <c>:</c>, e.g. <c>Maintenance__OptimizeSchedule</c>.
/// </summary>
public static class MaintenanceSettings
{
    /// <summary>The OPTIMIZE timer's NCRONTAB schedule (six fields, e.g. <c>0 0 2 * * *</c>); the timer binds it as <c>%Maintenance:OptimizeSchedule%</c>.</summary>
    public const string OptimizeScheduleKey = "Maintenance:OptimizeSchedule";

    /// <summary>The VACUUM timer's NCRONTAB schedule (e.g. <c>0 0 3 * * 0</c>); the timer binds it as <c>%Maintenance:VacuumSchedule%</c>.</summary>
    public const string VacuumScheduleKey = "Maintenance:VacuumSchedule";

    /// <summary>The <see cref="Maintenance.MaintenancePlan"/> as JSON (camelCase): the tables, Z-order columns, retention and days.</summary>
    public const string PlanKey = "Maintenance:Plan";

    /// <summary>
    /// Whether the timers' passes are dry runs (<c>true</c>/<c>false</c>, default false): nothing runs and the summary
    /// lists, per due table, the OPTIMIZE and VACUUM statements that would have.
    /// </summary>
    public const string DryRunKey = "Maintenance:DryRun";
}
