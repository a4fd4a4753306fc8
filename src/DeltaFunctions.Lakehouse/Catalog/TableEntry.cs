namespace DeltaFunctions.Lakehouse.Catalog;

/// <summary>A table as Unity Catalog describes it, read from the table's latest Delta snapshot.</summary>
/// <param name="Catalog">The catalog name.</param>
/// <param name="Schema">The schema name.</param>
/// <param name="Name">The table name (lower case).</param>
/// <param name="TableType"><c>MANAGED</c>, or <c>EXTERNAL</c> for a table registered by location.</param>
/// <param name="DataSourceFormat">Always <c>DELTA</c> here.</param>
/// <param name="TableId">The Delta metadata id.</param>
/// <param name="StorageLocation">The local folder that holds <c>_delta_log</c>.</param>
/// <param name="Comment">The table comment, if any.</param>
/// <param name="Properties">The table properties (the Delta configuration map).</param>
/// <param name="Columns">The columns of the latest schema.</param>
/// <param name="PartitionColumns">The partition columns in order.</param>
/// <param name="CreatedAt">When version 0 was committed.</param>
/// <param name="UpdatedAt">When the latest version was committed.</param>
/// <param name="Version">The latest version.</param>
/// <param name="PredictiveOptimization">The table's own predictive optimization setting: <c>ENABLE</c>, <c>DISABLE</c> or <c>INHERIT</c>.</param>
public sealed record TableEntry(
    string Catalog,
    string Schema,
    string Name,
    string TableType,
    string DataSourceFormat,
    string TableId,
    string StorageLocation,
    string? Comment,
    IReadOnlyDictionary<string, string> Properties,
    IReadOnlyList<ColumnEntry> Columns,
    IReadOnlyList<string> PartitionColumns,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version,
    string PredictiveOptimization = "INHERIT")
{
    /// <summary>Gets the three-part name <c>catalog.schema.table</c>.</summary>
    public string FullName => $"{Catalog}.{Schema}.{Name}";

    /// <summary>
    /// Gets whether predictive optimization is in effect: the table's own ENABLE or DISABLE, or, for INHERIT, the
    /// emulator metastore's default, which is DISABLE (so maintenance tests opt tables in explicitly).
    /// </summary>
    public bool PredictiveOptimizationEnabled => PredictiveOptimization == "ENABLE";
}
