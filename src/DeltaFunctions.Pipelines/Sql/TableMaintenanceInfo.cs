namespace DeltaFunctions.Pipelines.Sql;

/// <summary>
/// What the maintenance workflow needs to know about a table before running OPTIMIZE and VACUUM on it: whether
/// Databricks already maintains it with predictive optimization (a Unity Catalog managed table whose
/// <c>effective_predictive_optimization_flag</c> is ENABLE). Result of <see cref="StatementActivityNames.GetTableMaintenanceInfo"/>.
/// </summary>
public sealed record TableMaintenanceInfo
{
    /// <summary>The table, as named in the plan.</summary>
    public required string Table { get; init; }

    /// <summary>Whether predictive optimization runs OPTIMIZE and VACUUM on the table.</summary>
    public bool PredictiveOptimization { get; init; }

    /// <summary>Where the setting comes from, e.g. <c>the table</c> or <c>CATALOG main</c>.</summary>
    public string? PredictiveOptimizationSource { get; init; }
}
