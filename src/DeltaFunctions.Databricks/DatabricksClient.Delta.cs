using DeltaFunctions.Databricks.Delta;
using DeltaFunctions.Databricks.Schema;
using Microsoft.Extensions.Logging;

namespace DeltaFunctions.Databricks;

/// <summary>The Delta and schema-management sub-clients.</summary>
public partial class DatabricksClient
{
    /// <summary>
    /// Returns the client for Delta operations on the tables of the default catalog and schema,
    /// <see cref="DatabricksClientOptions.Catalog"/> and <see cref="DatabricksClientOptions.Schema"/> (keys
    /// <c>DATABRICKS_CATALOG</c> / <c>DATABRICKS_SCHEMA</c>), or <c>main</c> and <c>default</c> where they are not set.
    /// </summary>
    /// <param name="options">The options (row encoding), or null for defaults.</param>
    /// <returns>The Delta client.</returns>
    public virtual DeltaClient GetDeltaClient(DeltaClientOptions? options = null) =>
        GetDeltaClient(Options.Catalog ?? "main", Options.Schema ?? "default", options);

    /// <summary>Returns the client for Delta operations on the tables of one catalog and schema.</summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="schema">The schema.</param>
    /// <param name="options">The options (row encoding), or null for defaults.</param>
    /// <returns>The Delta client.</returns>
    /// <exception cref="ArgumentException">The catalog or schema cannot be an identifier.</exception>
    public virtual DeltaClient GetDeltaClient(string catalog, string schema, DeltaClientOptions? options = null) =>
        new(GetSqlClient(), GetFilesClient(), SqlTelemetry, TimeProvider, LoggerFactory.CreateLogger<DeltaClient>(), catalog, schema, options);

    /// <summary>Returns the schema manager (read, compare and evolve table schemas).</summary>
    /// <returns>The schema manager.</returns>
    public virtual SchemaClient GetSchemaClient() =>
        new(GetCatalogClient(), GetSqlClient(), SqlTelemetry, LoggerFactory.CreateLogger<SchemaClient>());
}
