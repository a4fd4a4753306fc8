using System.Globalization;
using DeltaFunctions.Databricks.Http;
using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks.Catalog;

/// <summary>
/// Unity Catalog 2.1 (reference §5): list catalogs, schemas and tables across pages, get one. Pages may be empty yet
/// carry a token, so listing stops only when the token is absent. Get one from
/// <see cref="DatabricksClient.GetCatalogClient"/>. Unsealed with virtual members for mocking.
/// </summary>
public class CatalogClient
{
    private const string Root = "/api/2.1/unity-catalog";
    private readonly DatabricksApiClient _api = null!;

    internal CatalogClient(DatabricksApiClient api) => _api = api;

    /// <summary>For mocking only.</summary>
    protected CatalogClient()
    {
    }

    /// <summary>Lists catalogs. REST: <c>GET /api/2.1/unity-catalog/catalogs</c>.</summary>
    /// <param name="maxResults">Page size; 0 (default) lets the server choose, as the Go SDK does.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The catalogs.</returns>
    public virtual IAsyncEnumerable<CatalogInfo> ListCatalogsAsync(int maxResults = 0, CancellationToken cancellationToken = default) =>
        PagesAsync($"{Root}/catalogs", [], maxResults, DatabricksCatalogJsonContext.Default.ListCatalogsPage, p => (p.Catalogs, p.NextPageToken), cancellationToken);

    /// <summary>Lists the schemas of a catalog. REST: <c>GET /api/2.1/unity-catalog/schemas</c>.</summary>
    /// <param name="catalog">The catalog name.</param>
    /// <param name="maxResults">Page size; 0 lets the server choose.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The schemas.</returns>
    public virtual IAsyncEnumerable<SchemaInfo> ListSchemasAsync(string catalog, int maxResults = 0, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(catalog);
        return PagesAsync($"{Root}/schemas", [new("catalog_name", catalog)], maxResults, DatabricksCatalogJsonContext.Default.ListSchemasPage, p => (p.Schemas, p.NextPageToken), cancellationToken);
    }

    /// <summary>Lists the tables of a schema. REST: <c>GET /api/2.1/unity-catalog/tables</c>.</summary>
    /// <param name="catalog">The catalog name.</param>
    /// <param name="schema">The schema name.</param>
    /// <param name="maxResults">Page size; 0 lets the server choose.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The tables.</returns>
    public virtual IAsyncEnumerable<TableInfo> ListTablesAsync(string catalog, string schema, int maxResults = 0, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(catalog);
        ArgumentException.ThrowIfNullOrWhiteSpace(schema);
        return PagesAsync(
            $"{Root}/tables",
            [new("catalog_name", catalog), new("schema_name", schema)],
            maxResults,
            DatabricksCatalogJsonContext.Default.ListTablesPage,
            p => (p.Tables, p.NextPageToken),
            cancellationToken);
    }

    /// <summary>Gets a catalog. REST: <c>GET /api/2.1/unity-catalog/catalogs/{name}</c>.</summary>
    /// <param name="name">The catalog name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The catalog.</returns>
    /// <exception cref="DatabricksException">It does not exist (<see cref="DatabricksException.IsNotFound"/>) or the call failed.</exception>
    public virtual Task<CatalogInfo> GetCatalogAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return _api.GetAsync($"{Root}/catalogs/{Uri.EscapeDataString(name)}", null, DatabricksCatalogJsonContext.Default.CatalogInfo, cancellationToken);
    }

    /// <summary>Gets a schema. REST: <c>GET /api/2.1/unity-catalog/schemas/{catalog.schema}</c>.</summary>
    /// <param name="catalog">The catalog name.</param>
    /// <param name="schema">The schema name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The schema.</returns>
    public virtual Task<SchemaInfo> GetSchemaAsync(string catalog, string schema, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(catalog);
        ArgumentException.ThrowIfNullOrWhiteSpace(schema);
        return _api.GetAsync($"{Root}/schemas/{Uri.EscapeDataString(catalog + "." + schema)}", null, DatabricksCatalogJsonContext.Default.SchemaInfo, cancellationToken);
    }

    /// <summary>Gets a table with its columns and properties. REST: <c>GET /api/2.1/unity-catalog/tables/{full_name}</c>.</summary>
    /// <param name="table">The table.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The table.</returns>
    /// <exception cref="DatabricksException">It does not exist (<see cref="DatabricksException.IsNotFound"/>) or the call failed.</exception>
    public virtual Task<TableInfo> GetTableAsync(TableName table, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        return _api.GetAsync($"{Root}/tables/{Uri.EscapeDataString(table.FullName)}", null, DatabricksCatalogJsonContext.Default.TableInfo, cancellationToken);
    }

    private IAsyncEnumerable<TItem> PagesAsync<TPage, TItem>(
        string path,
        KeyValuePair<string, string?>[] query,
        int maxResults,
        System.Text.Json.Serialization.Metadata.JsonTypeInfo<TPage> pageType,
        Func<TPage, (IReadOnlyList<TItem>? Items, string? Next)> read,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxResults);
        return _api.GetPagesAsync(path, [.. query, new("max_results", maxResults.ToString(CultureInfo.InvariantCulture))], pageType, read, cancellationToken);
    }
}
