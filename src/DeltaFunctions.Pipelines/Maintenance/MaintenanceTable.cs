namespace DeltaFunctions.Pipelines.Maintenance;

/// <summary>One table in a <see cref="MaintenancePlan"/>.</summary>
public sealed record MaintenanceTable
{
    /// <summary>The retention below which Databricks refuses VACUUM unless its safety check is turned off: 7 days.</summary>
    public const int MinimumSafeRetentionHours = 168;

    /// <summary>The longest retention accepted: ten years, in hours.</summary>
    public const int MaxRetentionHours = 87_600;

    /// <summary>The table, <c>catalog.schema.table</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Columns for <c>OPTIMIZE … ZORDER BY</c> (raw names, at most 32). Absent: plain OPTIMIZE.</summary>
    public IReadOnlyList<string>? ZOrderBy { get; init; }

    /// <summary>
    /// <c>VACUUM … RETAIN n HOURS</c>, at least <see cref="MinimumSafeRetentionHours"/> unless
    /// <see cref="AllowShortRetention"/> is set. <value>Default: 168.</value>
    /// </summary>
    public int? VacuumRetentionHours { get; init; }

    /// <summary>
    /// Allows a retention below 168 hours. Databricks still refuses it unless
    /// <c>spark.databricks.delta.retentionDurationCheck.enabled=false</c>, which SQL warehouses do not accept, so this is
    /// for clusters that run the statements with that setting. <value>Default: false.</value>
    /// </summary>
    public bool AllowShortRetention { get; init; }

    /// <summary>The days of the week the table is maintained. Absent or empty: every day.</summary>
    public IReadOnlyList<DayOfWeek>? Days { get; init; }

    /// <summary>Whether OPTIMIZE runs. <value>Default: true.</value></summary>
    public bool? Optimize { get; init; }

    /// <summary>Whether VACUUM runs. <value>Default: true.</value></summary>
    public bool? Vacuum { get; init; }

    // Nullable so the source-generated serializer cannot reset the defaults (see JobRunRequest).
    internal int EffectiveRetentionHours => VacuumRetentionHours ?? MinimumSafeRetentionHours;

    internal bool EffectiveOptimize => Optimize ?? true;

    internal bool EffectiveVacuum => Vacuum ?? true;
}
