namespace DeltaFunctions.Databricks.Sql;

/// <summary>One page of <c>GET /api/2.0/sql/warehouses</c>.</summary>
internal sealed record WarehousesListResponse
{
    /// <summary>The warehouses of this page.</summary>
    public IReadOnlyList<SqlWarehouse>? Warehouses { get; init; }

    /// <summary>The token of the next page; absent on the last.</summary>
    public string? NextPageToken { get; init; }
}
