namespace DeltaFunctions.Pipelines.Maintenance;

/// <summary>When maintenance runs: the timer schedules and the time zone the table's days are read in.</summary>
public sealed record MaintenanceSchedule
{
    /// <summary>The OPTIMIZE timer's NCRONTAB expression (5 or 6 fields), e.g. <c>0 0 2 * * *</c>.</summary>
    public string? OptimizeCron { get; init; }

    /// <summary>The VACUUM timer's NCRONTAB expression (5 or 6 fields), e.g. <c>0 0 3 * * 0</c>.</summary>
    public string? VacuumCron { get; init; }

    /// <summary>The time zone (IANA or Windows id) for "which day is today". <value>Default: <c>UTC</c>.</value></summary>
    public string? TimeZone { get; init; }

    // Nullable so the source-generated serializer cannot reset the default (see JobRunRequest).
    internal string EffectiveTimeZone => TimeZone ?? "UTC";
}
