namespace DeltaFunctions.Databricks.Catalog;

/// <summary>
/// Whether predictive optimization is in effect for a securable and where that comes from: Unity Catalog's
/// <c>effective_predictive_optimization_flag</c> (<c>value</c> ENABLE or DISABLE, <c>inherited_from_type</c> CATALOG,
/// SCHEMA or METASTORE when not set on the object itself, <c>inherited_from_name</c>).
/// </summary>
public sealed record EffectivePredictiveOptimizationFlag
{
    /// <summary>The value for <see cref="Value"/> when predictive optimization runs OPTIMIZE, VACUUM and ANALYZE on the table.</summary>
    public const string Enable = "ENABLE";

    /// <summary>Gets the setting in effect: <c>ENABLE</c> or <c>DISABLE</c>.</summary>
    public string? Value { get; init; }

    /// <summary>Gets the kind of securable the value is inherited from (<c>CATALOG</c>, <c>SCHEMA</c>, <c>METASTORE</c>), or null when set on the object.</summary>
    public string? InheritedFromType { get; init; }

    /// <summary>Gets the name of the securable the value is inherited from, if inherited.</summary>
    public string? InheritedFromName { get; init; }

    /// <summary>Gets a value indicating whether predictive optimization is in effect.</summary>
    public bool IsEnabled => string.Equals(Value, Enable, StringComparison.OrdinalIgnoreCase);
}
