namespace DeltaFunctions.Databricks.Catalog;

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
