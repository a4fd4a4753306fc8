namespace DeltaFunctions.Databricks.Catalog;

/// <summary>A Unity Catalog catalog (reference §5).</summary>
public sealed record CatalogInfo
{
    /// <summary>Gets the name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the full name.</summary>
    public string? FullName { get; init; }

    /// <summary>Gets the catalog type.</summary>
    public CatalogType? CatalogType { get; init; }

    /// <summary>Gets the comment.</summary>
    public string? Comment { get; init; }

    /// <summary>Gets the owner.</summary>
    public string? Owner { get; init; }

    /// <summary>Gets the properties.</summary>
    public IReadOnlyDictionary<string, string>? Properties { get; init; }

    /// <summary>Gets the storage root.</summary>
    public string? StorageRoot { get; init; }

    /// <summary>Gets the metastore id.</summary>
    public string? MetastoreId { get; init; }

    /// <summary>Gets the creation time (epoch milliseconds).</summary>
    public long? CreatedAt { get; init; }

    /// <summary>Gets the creator.</summary>
    public string? CreatedBy { get; init; }

    /// <summary>Gets the last update time (epoch milliseconds).</summary>
    public long? UpdatedAt { get; init; }
}

/// <summary>A Unity Catalog schema.</summary>
public sealed record SchemaInfo
{
    /// <summary>Gets the name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the catalog name.</summary>
    public string? CatalogName { get; init; }

    /// <summary>Gets the full name <c>catalog.schema</c>.</summary>
    public string? FullName { get; init; }

    /// <summary>Gets the schema id.</summary>
    public string? SchemaId { get; init; }

    /// <summary>Gets the owner.</summary>
    public string? Owner { get; init; }

    /// <summary>Gets the comment.</summary>
    public string? Comment { get; init; }

    /// <summary>Gets the properties.</summary>
    public IReadOnlyDictionary<string, string>? Properties { get; init; }

    /// <summary>Gets the storage location.</summary>
    public string? StorageLocation { get; init; }

    /// <summary>Gets the creation time (epoch milliseconds).</summary>
    public long? CreatedAt { get; init; }

    /// <summary>Gets the last update time (epoch milliseconds).</summary>
    public long? UpdatedAt { get; init; }
}

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

/// <summary>A column of a Unity Catalog table.</summary>
public sealed record ColumnInfo
{
    /// <summary>Gets the name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the type text (lower-case catalog string, for example <c>decimal(10,2)</c>).</summary>
    public string? TypeText { get; init; }

    /// <summary>Gets the type name (open: GEOGRAPHY, VARIANT and others are kept).</summary>
    public Sql.SqlTypeName? TypeName { get; init; }

    /// <summary>Gets the Spark StructField JSON.</summary>
    public string? TypeJson { get; init; }

    /// <summary>Gets the decimal precision.</summary>
    public int? TypePrecision { get; init; }

    /// <summary>Gets the decimal scale.</summary>
    public int? TypeScale { get; init; }

    /// <summary>Gets the 0-based position.</summary>
    public int? Position { get; init; }

    /// <summary>Gets a value indicating whether the column may hold NULL (true when absent).</summary>
    public bool? Nullable { get; init; }

    /// <summary>Gets the comment.</summary>
    public string? Comment { get; init; }

    /// <summary>Gets the partition index, for partition columns.</summary>
    public int? PartitionIndex { get; init; }
}

/// <summary>One page of <c>GET /api/2.1/unity-catalog/catalogs</c>.</summary>
internal sealed record ListCatalogsPage
{
    public IReadOnlyList<CatalogInfo>? Catalogs { get; init; }

    public string? NextPageToken { get; init; }
}

/// <summary>One page of <c>GET /api/2.1/unity-catalog/schemas</c>.</summary>
internal sealed record ListSchemasPage
{
    public IReadOnlyList<SchemaInfo>? Schemas { get; init; }

    public string? NextPageToken { get; init; }
}

/// <summary>One page of <c>GET /api/2.1/unity-catalog/tables</c>.</summary>
internal sealed record ListTablesPage
{
    public IReadOnlyList<TableInfo>? Tables { get; init; }

    public string? NextPageToken { get; init; }
}
