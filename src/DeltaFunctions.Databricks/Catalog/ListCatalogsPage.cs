namespace DeltaFunctions.Databricks.Catalog;

/// <summary>One page of <c>GET /api/2.1/unity-catalog/catalogs</c>.</summary>
internal sealed record ListCatalogsPage
{
    public IReadOnlyList<CatalogInfo>? Catalogs { get; init; }

    public string? NextPageToken { get; init; }
}
