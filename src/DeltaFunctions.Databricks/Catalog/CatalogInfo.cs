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
