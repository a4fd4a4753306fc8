using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks;

/// <summary>The SQL warehouses sub-client.</summary>
public partial class DatabricksClient
{
    /// <summary>Returns the client for SQL warehouses (list, get, start).</summary>
    /// <returns>The warehouses client.</returns>
    public virtual WarehousesClient GetWarehousesClient() => new(Api);
}
