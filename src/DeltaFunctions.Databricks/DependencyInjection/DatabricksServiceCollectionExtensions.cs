using System.Diagnostics.Metrics;
using DeltaFunctions.Databricks;
using DeltaFunctions.Databricks.Auth;
using DeltaFunctions.Databricks.Configuration;
using DeltaFunctions.Databricks.Simulation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Databricks client library with dependency injection.</summary>
public static partial class DatabricksServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the API calls go through (<c>IHttpClientFactory</c>).</summary>
    public const string HttpClientName = "DeltaFunctions.Databricks";

    /// <summary>The name of the <see cref="HttpClient"/> token requests go through.</summary>
    public const string TokenHttpClientName = "DeltaFunctions.Databricks.Auth";

    /// <summary>
    /// Registers a singleton <see cref="DatabricksClient"/>: options bound from <paramref name="configuration"/> (the
    /// <c>Databricks</c> section over the SDK environment variables) and validated at start-up with messages that name
    /// the key to set; HTTP clients from <c>IHttpClientFactory</c> without the factory's own request loggers (at Trace
    /// they put raw header values, the bearer token included, into the structured log state even when
    /// <c>RedactLoggedHeaders</c> is set; the library logs requests itself, without secrets); the
    /// resilience pipeline, telemetry (<c>IMeterFactory</c>) and <see cref="TimeProvider"/> from the container.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration root (so environment variables are visible as top-level keys).</param>
    /// <param name="configure">Changes applied after binding (e.g. a caller-supplied <c>TokenCredential</c>), or null.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddDatabricks(
        this IServiceCollection services, IConfiguration configuration, Action<DatabricksClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        var builder = services
            .AddOptionsWithValidateOnStart<DatabricksClientOptions, DatabricksClientOptionsValidation>()
            .Configure(options => DatabricksConfiguration.Bind(configuration, options));
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddLogging();

        services.AddHttpClient(HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(CreatePrimaryHandler)
            .RemoveAllLoggers()
            .AddCassetteHandler();
        services.AddHttpClient(TokenHttpClientName)
            .ConfigurePrimaryHttpMessageHandler(CreatePrimaryHandler)
            .RemoveAllLoggers();

        services.TryAddSingleton(static provider =>
        {
            var options = provider.GetRequiredService<IOptions<DatabricksClientOptions>>().Value;
            var httpClients = provider.GetRequiredService<IHttpClientFactory>();
            return new DatabricksClient(
                DatabricksHost.Parse(CassetteSettings.Host(options)),
                CassetteSettings.Credential(options, () => DatabricksCredential.FromOptions(options)),
                options,
                new DatabricksClientServices
                {
                    Cassette = provider.GetRequiredService<CassetteRegistration>().Session,
                    HttpClient = httpClients.CreateClient(HttpClientName),
                    CreateTokenHttpClient = () => httpClients.CreateClient(TokenHttpClientName),
                    TimeProvider = provider.GetService<TimeProvider>(),
                    LoggerFactory = provider.GetService<ILoggerFactory>(),
                    MeterFactory = provider.GetService<IMeterFactory>(),
                });
        });
        return services;
    }

    // The client is a singleton holding its HttpClient, so connections are recycled by lifetime (DNS changes).
    private static SocketsHttpHandler CreatePrimaryHandler() => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = System.Net.DecompressionMethods.All,
    };
}
