using DeltaFunctions.Databricks.Http;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// SQL warehouses: list, get and start (REST <c>/api/2.0/sql/warehouses</c>). Get one from
/// <see cref="DatabricksClient.GetWarehousesClient"/>. Unsealed with virtual members for mocking.
/// </summary>
public class WarehousesClient
{
    private readonly DatabricksApiClient _api = null!;

    /// <summary>Creates the client over the shared request seam.</summary>
    /// <param name="api">The request seam.</param>
    internal WarehousesClient(DatabricksApiClient api) => _api = api;

    /// <summary>For mocking only.</summary>
    protected WarehousesClient()
    {
    }

    /// <summary>Lists the workspace's SQL warehouses, following page tokens. REST: <c>GET /api/2.0/sql/warehouses</c>.</summary>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The warehouses.</returns>
    public virtual IAsyncEnumerable<SqlWarehouse> ListWarehousesAsync(CancellationToken cancellationToken = default) =>
        _api.GetPagesAsync("/api/2.0/sql/warehouses", [], WarehousesJsonContext.Default.WarehousesListResponse, page => (page.Warehouses, page.NextPageToken), cancellationToken);

    /// <summary>Gets one warehouse. REST: <c>GET /api/2.0/sql/warehouses/{id}</c>.</summary>
    /// <param name="warehouseId">The warehouse id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The warehouse.</returns>
    /// <exception cref="DatabricksException">It does not exist (<see cref="DatabricksException.IsNotFound"/>) or the call failed.</exception>
    public virtual Task<SqlWarehouse> GetWarehouseAsync(string warehouseId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(warehouseId);
        return _api.GetAsync(
            $"/api/2.0/sql/warehouses/{Uri.EscapeDataString(warehouseId)}", query: null, WarehousesJsonContext.Default.SqlWarehouse, cancellationToken);
    }

    /// <summary>
    /// Asks a warehouse to start (asynchronous on the service side; poll <see cref="GetWarehouseAsync"/> for
    /// <see cref="SqlWarehouseState.Running"/>). Idempotent: starting a running warehouse changes nothing.
    /// REST: <c>POST /api/2.0/sql/warehouses/{id}/start</c>.
    /// </summary>
    /// <param name="warehouseId">The warehouse id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when Databricks accepted the request.</returns>
    public virtual async Task StartWarehouseAsync(string warehouseId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(warehouseId);
        await _api.SendAsync(
            HttpMethod.Post,
            $"/api/2.0/sql/warehouses/{Uri.EscapeDataString(warehouseId)}/start",
            query: null,
            WarehousesJsonContext.Default.WarehousesEmptyResponse,
            RequestSafety.Idempotent,
            cancellationToken).ConfigureAwait(false);
    }
}
