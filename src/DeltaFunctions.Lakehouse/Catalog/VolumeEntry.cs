namespace DeltaFunctions.Lakehouse.Catalog;

/// <summary>A managed volume: a folder of files addressed as <c>/Volumes/&lt;catalog&gt;/&lt;schema&gt;/&lt;volume&gt;/…</c>.</summary>
/// <param name="Catalog">The catalog name.</param>
/// <param name="Schema">The schema name.</param>
/// <param name="Name">The volume name (lower case).</param>
/// <param name="Comment">The comment given at creation, if any.</param>
/// <param name="StorageLocation">The local folder that holds the volume's files.</param>
/// <param name="CreatedAt">When the volume was created.</param>
public sealed record VolumeEntry(string Catalog, string Schema, string Name, string? Comment, string StorageLocation, DateTimeOffset CreatedAt)
{
    /// <summary>Gets the three-part name <c>catalog.schema.volume</c>.</summary>
    public string FullName => $"{Catalog}.{Schema}.{Name}";
}
