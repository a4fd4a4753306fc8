using DeltaFunctions.Pipelines.Orchestration;

namespace DeltaFunctions.Pipelines.Maintenance;

/// <summary>The tables the scheduled maintenance keeps in shape (OPTIMIZE, then VACUUM) and when.</summary>
public sealed record MaintenancePlan
{
    /// <summary>The most tables one plan may hold.</summary>
    public const int MaxTables = 500;

    /// <summary>The tables, 1 to <see cref="MaxTables"/>, each named once.</summary>
    public required IReadOnlyList<MaintenanceTable> Tables { get; init; }

    /// <summary>The SQL warehouse the statements run on. <value>Default: the configured <c>Databricks:WarehouseId</c>.</value></summary>
    public string? WarehouseId { get; init; }

    /// <summary>When the maintenance runs. <value>Default: the app's configured schedules, days in UTC.</value></summary>
    public MaintenanceSchedule? Schedule { get; init; }

    /// <summary>How statements are polled. <value>Default: the <see cref="PollingSettings"/> defaults.</value></summary>
    public PollingSettings? Polling { get; init; }

    /// <summary>
    /// Whether tables Databricks maintains with predictive optimization (Unity Catalog managed tables with it in effect)
    /// still get this plan's OPTIMIZE and VACUUM. Off: they are skipped and reported as
    /// <see cref="TableMaintenanceOutcome.ManagedByPredictiveOptimization"/>. <value>Default: false.</value>
    /// </summary>
    public bool MaintainPredictiveOptimizationTables { get; init; }

    /// <summary>How long one statement may run before it is cancelled, in minutes (1 to 1440). <value>Default: 120.</value></summary>
    public int? StatementTimeoutMinutes { get; init; }

    // Nullable so the source-generated serializer cannot reset the default (see JobRunRequest).
    internal TimeSpan EffectiveStatementTimeout => TimeSpan.FromMinutes(StatementTimeoutMinutes ?? 120);

    internal PollingSettings EffectivePolling => Polling ?? PollingSettings.Default;
}
