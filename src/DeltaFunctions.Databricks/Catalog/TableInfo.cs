namespace DeltaFunctions.Databricks.Catalog;

/// <summary>A Unity Catalog table.</summary>
public sealed record TableInfo
{
    /// <summary>Gets the name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the catalog name.</summary>
    public string? CatalogName { get; init; }

    /// <summary>Gets the schema name.</summary>
    public string? SchemaName { get; init; }

    /// <summary>Gets the full name <c>catalog.schema.table</c>.</summary>
    public string? FullName { get; init; }

    /// <summary>Gets the table type (open: unknown values are kept).</summary>
    public TableType? TableType { get; init; }

    /// <summary>Gets the data source format (open: unknown values are kept).</summary>
    public DataSourceFormat? DataSourceFormat { get; init; }

    /// <summary>Gets the table id.</summary>
    public string? TableId { get; init; }

    /// <summary>Gets the storage location.</summary>
    public string? StorageLocation { get; init; }

    /// <summary>Gets the owner.</summary>
    public string? Owner { get; init; }

    /// <summary>Gets the comment.</summary>
    public string? Comment { get; init; }

    /// <summary>Gets the table properties (for example <c>delta.enableTypeWidening</c>).</summary>
    public IReadOnlyDictionary<string, string>? Properties { get; init; }

    /// <summary>Gets the columns (absent when listed with <c>omit_columns</c>).</summary>
    public IReadOnlyList<ColumnInfo>? Columns { get; init; }

    /// <summary>Gets the table's own predictive optimization setting: <c>ENABLE</c>, <c>DISABLE</c> or <c>INHERIT</c>.</summary>
    public string? EnablePredictiveOptimization { get; init; }

    /// <summary>Gets the predictive optimization in effect for the table and where it is inherited from.</summary>
    public EffectivePredictiveOptimizationFlag? EffectivePredictiveOptimizationFlag { get; init; }

    /// <summary>
    /// Gets a value indicating whether Databricks maintains the table itself: a managed table with predictive
    /// optimization in effect gets OPTIMIZE, VACUUM and ANALYZE run for it, so scheduled maintenance is redundant.
    /// </summary>
    public bool IsManagedByPredictiveOptimization => TableType == global::DeltaFunctions.Databricks.Catalog.TableType.Managed && EffectivePredictiveOptimizationFlag is { IsEnabled: true };

    /// <summary>Gets the view text, for views.</summary>
    public string? ViewDefinition { get; init; }

    /// <summary>Gets the creation time (epoch milliseconds).</summary>
    public long? CreatedAt { get; init; }

    /// <summary>Gets the creator.</summary>
    public string? CreatedBy { get; init; }

    /// <summary>Gets the last update time (epoch milliseconds).</summary>
    public long? UpdatedAt { get; init; }

    /// <summary>Gets the last updater.</summary>
    public string? UpdatedBy { get; init; }
}
