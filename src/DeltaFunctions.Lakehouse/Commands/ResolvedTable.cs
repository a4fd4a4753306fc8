namespace DeltaFunctions.Lakehouse.Commands;

/// <summary>A table the statement names, found in the catalog (or by path).</summary>
/// <param name="Catalog">The catalog, or null for a path-based table.</param>
/// <param name="Schema">The schema, or null for a path-based table.</param>
/// <param name="Name">The table name (or the path).</param>
/// <param name="Location">The folder holding <c>_delta_log</c>.</param>
/// <param name="External">Whether the table is external (registered by location).</param>
internal sealed record ResolvedTable(string? Catalog, string? Schema, string Name, string Location, bool External)
{
    /// <summary>Gets the name as Databricks prints it.</summary>
    public string FullName => Catalog is null ? $"delta.`{Name}`" : $"{Catalog}.{Schema}.{Name}";
}
