using DeltaFunctions.Databricks;
using DeltaFunctions.Databricks.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Databricks client library with dependency injection.</summary>
public static partial class DatabricksServiceCollectionExtensions
{
    /// <summary>
    /// Makes a default SQL warehouse (<see cref="DatabricksClientOptions.WarehouseId"/>, key <c>Databricks:WarehouseId</c>
    /// or <c>DATABRICKS_WAREHOUSE_ID</c>) required, checked when the host starts: an application that runs SQL
    /// statements or Delta operations then fails at start-up with a message naming the key, instead of at its first
    /// statement. <see cref="AddDatabricks"/> alone does not require it, so applications that only use Jobs, Files or
    /// Unity Catalog need no warehouse.
    /// </summary>
    /// <param name="services">The services, with <see cref="AddDatabricks"/> called (before or after).</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection RequireDatabricksWarehouse(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<DatabricksClientOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DatabricksClientOptions>, DatabricksWarehouseRequirement>());
        return services;
    }
}
