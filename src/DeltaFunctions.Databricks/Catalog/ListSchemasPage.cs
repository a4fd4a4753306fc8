namespace DeltaFunctions.Databricks.Catalog;

/// <summary>One page of <c>GET /api/2.1/unity-catalog/schemas</c>.</summary>
internal sealed record ListSchemasPage
{
    public IReadOnlyList<SchemaInfo>? Schemas { get; init; }

    public string? NextPageToken { get; init; }
}
