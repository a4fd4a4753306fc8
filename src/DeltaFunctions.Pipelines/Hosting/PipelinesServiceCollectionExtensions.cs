using DeltaFunctions.Databricks;
using DeltaFunctions.Databricks.Jobs;
using DeltaFunctions.Pipelines.Activities;
using DeltaFunctions.Pipelines.Handlers;
using DeltaFunctions.Pipelines.Jobs;
using DeltaFunctions.Pipelines.Sql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SqlClient = DeltaFunctions.Databricks.Sql.SqlClient;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Pipelines services the functions call.</summary>
public static class PipelinesServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="MergeRequestHandler"/>, <see cref="SqlRequestHandler"/> and the activity implementations
    /// (<see cref="IJobRunActivities"/>, <see cref="IStatementActivities"/>) as singletons over the Databricks client
    /// registered by <c>AddDatabricks</c>, with <see cref="RequestHandlerOptions"/> bound from
    /// <c>Pipelines:Handlers</c> and validated at start-up. The handlers and maintenance run SQL, so a default warehouse
    /// (<c>DATABRICKS_WAREHOUSE_ID</c>) is required at start-up too (<c>RequireDatabricksWarehouse</c>).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration root.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddPipelines(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<RequestHandlerOptions>()
            .Bind(configuration.GetSection(RequestHandlerOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.RequireDatabricksWarehouse();
        services.TryAddSingleton(static provider => provider.GetRequiredService<DatabricksClient>().GetSqlClient());
        services.TryAddSingleton(static provider => provider.GetRequiredService<DatabricksClient>().GetJobsClient());
        services.TryAddSingleton(static provider => new MergeRequestHandler(
            provider.GetRequiredService<DatabricksClient>(),
            provider.GetRequiredService<IOptions<RequestHandlerOptions>>().Value,
            provider.GetService<ILogger<MergeRequestHandler>>()));
        services.TryAddSingleton(static provider => new SqlRequestHandler(
            provider.GetRequiredService<SqlClient>(),
            provider.GetRequiredService<IOptions<RequestHandlerOptions>>().Value,
            provider.GetService<ILogger<SqlRequestHandler>>()));
        services.TryAddSingleton<IJobRunActivities>(static provider => new JobRunActivities(provider.GetRequiredService<JobsClient>()));
        services.TryAddSingleton<IStatementActivities>(static provider => new StatementActivities(provider.GetRequiredService<DatabricksClient>()));
        return services;
    }
}
