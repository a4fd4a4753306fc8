using DeltaFunctions.Databricks.Simulation;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Record and replay in the one API pipeline (<see cref="DeltaFunctions.Databricks.DatabricksClientOptions.RecordPath"/>, <see cref="DeltaFunctions.Databricks.DatabricksClientOptions.ReplayPath"/>).</summary>
public static partial class DatabricksServiceCollectionExtensions
{
    // The cassette handler sits last before the primary handler: it sees each attempt as sent (retries included) and,
    // on replay, answers instead of the network.
    private static IHttpClientBuilder AddCassetteHandler(this IHttpClientBuilder builder)
    {
        builder.Services.TryAddSingleton<CassetteRegistration>();
        return builder.AddHttpMessageHandler(static provider => provider.GetRequiredService<CassetteRegistration>().CreateHandler());
    }
}
