using Microsoft.Extensions.Options;

namespace DeltaFunctions.Databricks.Configuration;

/// <summary>
/// The rule <c>RequireDatabricksWarehouse()</c> adds: a default SQL warehouse is configured. The message names the
/// key to set and where its value comes from.
/// </summary>
internal sealed class DatabricksWarehouseRequirement : IValidateOptions<DatabricksClientOptions>
{
    /// <summary>The failure message.</summary>
    internal const string Missing =
        "Databricks:WarehouseId (DATABRICKS_WAREHOUSE_ID) is not set: SQL statements and Delta operations run on a SQL warehouse. "
        + "Set it to the warehouse id, the last segment of the warehouse's HTTP path (/sql/1.0/warehouses/<id>).";

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, DatabricksClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.IsNullOrWhiteSpace(options.WarehouseId) ? ValidateOptionsResult.Fail(Missing) : ValidateOptionsResult.Success;
    }
}
