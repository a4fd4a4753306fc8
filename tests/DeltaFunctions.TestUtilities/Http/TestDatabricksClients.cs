using DeltaFunctions.Databricks;
using DeltaFunctions.Databricks.Auth;
using DeltaFunctions.Databricks.Testing;
using Microsoft.Extensions.Logging;

namespace DeltaFunctions.TestUtilities.Http;

/// <summary>
/// Builds <see cref="DatabricksClient"/>s for tests through the constructor dependency injection uses, with the test
/// kit's defaults (<see cref="TestClientDefaults"/>: short backoff so real-time retries stay fast, a lenient circuit
/// breaker) and services (clock, loggers, jitter, HTTP client) the kit's public constructors cannot take.
/// </summary>
public static class TestDatabricksClients
{
    /// <summary>Options with test-friendly delays; <paramref name="configure"/> changes them further.</summary>
    /// <param name="configure">Changes, or null.</param>
    /// <returns>The options.</returns>
    public static DatabricksClientOptions Options(Action<DatabricksClientOptions>? configure = null) => TestClientDefaults.Create(configure);

    /// <summary>Creates a client.</summary>
    /// <param name="host">The server address.</param>
    /// <param name="credential">The credential.</param>
    /// <param name="configure">Option changes, or null.</param>
    /// <param name="timeProvider">The clock, or null for the system clock.</param>
    /// <param name="loggerFactory">The logger factory, or null.</param>
    /// <param name="random">The jitter source, or null.</param>
    /// <param name="httpClient">The API HTTP client, or null to let the client own one.</param>
    /// <returns>The client; dispose it.</returns>
    public static DatabricksClient Create(
        Uri host,
        DatabricksCredential credential,
        Action<DatabricksClientOptions>? configure = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null,
        Func<double>? random = null,
        HttpClient? httpClient = null) =>
        new(host, credential, Options(configure), new DatabricksClientServices
        {
            TimeProvider = timeProvider,
            LoggerFactory = loggerFactory,
            Random = random,
            HttpClient = httpClient,
        });
}
