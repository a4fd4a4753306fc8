using DeltaFunctions.Databricks.Catalog;

namespace DeltaFunctions.Databricks;

/// <summary>The Unity Catalog sub-client.</summary>
public partial class DatabricksClient
{
    /// <summary>Returns the client for Unity Catalog (catalogs, schemas, tables).</summary>
    /// <returns>The catalog client.</returns>
    public virtual CatalogClient GetCatalogClient() => new(Api);
}
