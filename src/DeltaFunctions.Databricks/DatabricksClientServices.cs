using System.Diagnostics.Metrics;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Logging;

namespace DeltaFunctions.Databricks;

/// <summary>The services a <see cref="DatabricksClient"/> runs on; dependency injection and tests fill them in.</summary>
internal sealed class DatabricksClientServices
{
    /// <summary>The API HTTP client; null: the client creates and owns one.</summary>
    public HttpClient? HttpClient { get; init; }

    /// <summary>
    /// Gives the HTTP client for token endpoints, asked only by a credential that fetches tokens over HTTP (OAuth M2M);
    /// null: <see cref="HttpClient"/>. A delegate so a client with a personal access token does not build a second
    /// <c>IHttpClientFactory</c> handler chain on a cold start.
    /// </summary>
    public Func<HttpClient>? CreateTokenHttpClient { get; init; }

    /// <summary>The clock; null: <see cref="System.TimeProvider.System"/>.</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>The logger factory; null: no logging.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>The meter factory; null: the client owns its meter.</summary>
    public IMeterFactory? MeterFactory { get; init; }

    /// <summary>Transport for Azure.Identity credentials built from options; null: Azure.Identity's default.</summary>
    public HttpPipelineTransport? AzureTransport { get; init; }

    /// <summary>The cassette <see cref="HttpClient"/>'s pipeline already records to or replays from; the result-link client uses it too.</summary>
    public Simulation.CassetteSession? Cassette { get; init; }

    /// <summary>Jitter source; null: <see cref="System.Random.Shared"/>.</summary>
    public Func<double>? Random { get; init; }
}
