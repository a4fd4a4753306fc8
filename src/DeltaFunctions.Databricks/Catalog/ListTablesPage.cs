namespace DeltaFunctions.Databricks.Catalog;

/// <summary>One page of <c>GET /api/2.1/unity-catalog/tables</c>.</summary>
internal sealed record ListTablesPage
{
    public IReadOnlyList<TableInfo>? Tables { get; init; }

    public string? NextPageToken { get; init; }
}
