namespace DeltaFunctions.Lakehouse.Catalog;

/// <summary>A schema (database) inside a catalog.</summary>
/// <param name="Catalog">The catalog name.</param>
/// <param name="Name">The schema name (lower case).</param>
/// <param name="Comment">The comment given at creation, if any.</param>
/// <param name="StorageRoot">The local folder that holds the schema.</param>
/// <param name="CreatedAt">When the schema was created.</param>
public sealed record SchemaEntry(string Catalog, string Name, string? Comment, string StorageRoot, DateTimeOffset CreatedAt)
{
    /// <summary>Gets the two-part name <c>catalog.schema</c>.</summary>
    public string FullName => $"{Catalog}.{Name}";
}
