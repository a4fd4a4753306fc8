namespace DeltaFunctions.Lakehouse.Catalog;

/// <summary>A catalog known to the lakehouse.</summary>
/// <param name="Name">The catalog name (lower case).</param>
/// <param name="Comment">The comment given at creation, if any.</param>
/// <param name="StorageRoot">The local folder that holds the catalog.</param>
/// <param name="CreatedAt">When the catalog was created.</param>
public sealed record CatalogEntry(string Name, string? Comment, string StorageRoot, DateTimeOffset CreatedAt);
