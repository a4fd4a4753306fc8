using Azure.Monitor.OpenTelemetry.Exporter;
using DeltaFunctions.Databricks.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DeltaFunctions.App.Hosting;

/// <summary>
/// Sends the client library's meter (<see cref="DatabricksInstrumentation.Name"/>: requests, errors, rate limiting, circuit
/// state, job durations, auth failures) to Application Insights <c>customMetrics</c> through OpenTelemetry, where the
/// alerts and the workbook in <c>infra/</c> and <c>monitoring/</c> read it. The classic Application Insights SDK the
/// worker also uses collects logs, requests and dependencies but not <c>System.Diagnostics.Metrics</c> meters.
/// </summary>
internal static class MetricsExport
{
    /// <summary>The setting Azure sets when the app is linked to an Application Insights resource.</summary>
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>Adds the export when <see cref="ConnectionStringSetting"/> has a value; without it nothing is exported.</summary>
    /// <param name="services">The app's services.</param>
    /// <param name="configuration">The app's configuration.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddDatabricksMetricsExport(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration[ConnectionStringSetting];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return services;
        }

        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(DatabricksInstrumentation.Name)
            .AddAzureMonitorMetricExporter(options => options.ConnectionString = connectionString));
        return services;
    }
}
