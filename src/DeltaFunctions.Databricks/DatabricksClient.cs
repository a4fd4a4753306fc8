using System.Diagnostics;
using System.Diagnostics.Metrics;
using Azure.Core;
using DeltaFunctions.Databricks.Auth;
using DeltaFunctions.Databricks.Configuration;
using DeltaFunctions.Databricks.Http;
using DeltaFunctions.Databricks.Simulation;
using DeltaFunctions.Databricks.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeltaFunctions.Databricks;

/// <summary>
/// The entry point of the client library: one per workspace, immutable and thread-safe, meant to live as a
/// singleton. Hands out one sub-client per API (<c>GetJobsClient()</c>, <c>GetWarehousesClient()</c>, …; each
/// declared in a partial file <c>DatabricksClient.&lt;Api&gt;.cs</c>). Build it with a host and a credential, from
/// <see cref="DatabricksClientOptions"/>, or through <c>services.AddDatabricks(configuration)</c>. Unsealed with a
/// protected parameterless constructor and virtual members so application tests can substitute it.
/// </summary>
public partial class DatabricksClient : IDisposable
{
    private readonly bool _disposeTelemetry;
    private bool _disposed;

    /// <summary>Creates a client for a workspace with a credential.</summary>
    /// <param name="host">The workspace URL, e.g. <c>https://adb-123.4.azuredatabricks.net</c>.</param>
    /// <param name="credential">How to authenticate.</param>
    /// <param name="options">Optional settings (the host and auth values in it are ignored); null: defaults.</param>
    /// <exception cref="ArgumentException">An option is out of range; the message names the key.</exception>
    public DatabricksClient(Uri host, DatabricksCredential credential, DatabricksClientOptions? options = null)
        : this(host, credential, options ?? new DatabricksClientOptions(), new DatabricksClientServices())
    {
    }

    /// <summary>Creates a client for an Azure Databricks workspace with any Azure.Identity credential.</summary>
    /// <param name="host">The workspace URL.</param>
    /// <param name="credential">The credential, e.g. <c>DefaultAzureCredential</c>; asked for the Azure Databricks scope.</param>
    /// <param name="options">Optional settings; <see cref="DatabricksClientOptions.AzureResourceId"/> adds the SP management token.</param>
    public DatabricksClient(Uri host, TokenCredential credential, DatabricksClientOptions? options = null)
        : this(host, DatabricksCredential.FromTokenCredential(credential, options?.AzureResourceId), options)
    {
    }

    /// <summary>
    /// Creates a client from options alone: <see cref="DatabricksClientOptions.Host"/> and the credential detected by
    /// <see cref="DatabricksCredential.FromOptions"/>.
    /// </summary>
    /// <param name="options">The options (e.g. bound with <c>DatabricksConfiguration.Bind</c>).</param>
    /// <exception cref="ArgumentException">The host or authentication is missing or invalid; the message names the key.</exception>
    public DatabricksClient(DatabricksClientOptions options)
        : this(
            DatabricksHost.Parse(CassetteSettings.Host(options)),
            CassetteSettings.Credential(options!, () => DatabricksCredential.FromOptions(options!)),
            options!,
            new DatabricksClientServices())
    {
    }

    /// <summary>For mocking only: a client with no connection. Calling a non-overridden member fails.</summary>
    protected DatabricksClient()
    {
        Options = new DatabricksClientOptions();
        TimeProvider = TimeProvider.System;
        LoggerFactory = NullLoggerFactory.Instance;
        Api = null!;
        Telemetry = null!;
    }

    /// <summary>The constructor every path ends in: dependency injection and tests supply the services.</summary>
    /// <param name="host">The workspace URL.</param>
    /// <param name="credential">How to authenticate.</param>
    /// <param name="options">The settings.</param>
    /// <param name="services">HTTP clients, clock, loggers, meters (null members: defaults).</param>
    internal DatabricksClient(Uri host, DatabricksCredential credential, DatabricksClientOptions options, DatabricksClientServices services)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(services);
        DatabricksClientOptionsValidation.ThrowIfInvalid(options, requireHostAndAuth: false);

        host = DatabricksHost.Parse(host.ToString());
        Options = options;
        TimeProvider = services.TimeProvider ?? TimeProvider.System;
        LoggerFactory = services.LoggerFactory ?? NullLoggerFactory.Instance;
        Telemetry = new DatabricksTelemetry(services.MeterFactory);
        _disposeTelemetry = true;
        var logger = LoggerFactory.CreateLogger<DatabricksClient>();

        // Record and replay (Simulation/): the client's own HTTP clients get the cassette handler here; dependency
        // injection puts it in the IHttpClientFactory pipeline and passes the same session for the result links.
        Cassette = services.Cassette ?? (services.HttpClient is null ? CassetteSession.Create(options, host, TimeProvider) : null);
        if (Cassette is null && (!string.IsNullOrWhiteSpace(options.RecordPath) || !string.IsNullOrWhiteSpace(options.ReplayPath)))
        {
            throw new ArgumentException("RecordPath and ReplayPath need the client to create its own HttpClient (or AddDatabricks).", nameof(services));
        }

        if (Cassette is { Replaying: true })
        {
            credential = CassetteSettings.Credential(options, () => credential);
            options.WarehouseId ??= Cassette.RecordedWarehouseId;
        }

        // Created before the HTTP client and the credential's provider: the Polly pipeline builds on the thread pool
        // meanwhile (see DatabricksResiliencePipeline), so the rest of this constructor overlaps it.
        var resilience = new DatabricksResiliencePipeline(options, TimeProvider, Telemetry, logger, services.Random);
        try
        {
            var ownsHttpClient = services.HttpClient is null;
            var httpClient = services.HttpClient ?? CreateDefaultHttpClient(Cassette);
            httpClient.Timeout = Timeout.InfiniteTimeSpan;
            var auth = credential.CreateProvider(new AuthProviderContext(host, services.CreateTokenHttpClient ?? (() => httpClient), TimeProvider, LoggerFactory)
            {
                AzureTransport = services.AzureTransport,
                AzureAuthorityHost = options.AzureAuthorityHost,
            });
            Api = new DatabricksApiClient(httpClient, ownsHttpClient, host, auth, resilience, Telemetry, TimeProvider, logger)
            {
                CredentialSource = credential.Source,
                DryRun = options.DryRun,
            };
        }
        catch
        {
            resilience.Dispose();
            throw;
        }

        Log.ClientCreated(logger, host.Host, Api.AuthType);
    }

    /// <summary>The workspace URL.</summary>
    public virtual Uri Host => Api.Host;

    /// <summary>The authentication method in use, spelled as the official SDKs' <c>auth_type</c>.</summary>
    public virtual string AuthType => Api.AuthType;

    /// <summary>
    /// The circuit breaker's state (also exported as the <c>databricks_circuit_breaker_state</c> gauge). While
    /// <see cref="DatabricksCircuitState.Open"/>, calls fail at once with <see cref="DatabricksErrorCode.CircuitOpen"/>.
    /// </summary>
    public virtual DatabricksCircuitState CircuitState => Api.CircuitState;

    /// <summary>The cassette this client records to or replays from, or null.</summary>
    internal CassetteSession? Cassette { get; }

    /// <summary>The request seam sub-clients call.</summary>
    internal DatabricksApiClient Api { get; }

    /// <summary>The settings (defaults such as <see cref="DatabricksClientOptions.WarehouseId"/> for sub-clients).</summary>
    internal DatabricksClientOptions Options { get; }

    /// <summary>The clock sub-clients wait and poll with.</summary>
    internal TimeProvider TimeProvider { get; }

    /// <summary>The logger factory sub-clients create their loggers from.</summary>
    internal ILoggerFactory LoggerFactory { get; }

    /// <summary>The library's meter and activity source.</summary>
    internal DatabricksTelemetry Telemetry { get; }

    /// <summary>The library's meter (named <c>DeltaFunctions.Databricks</c>); sub-clients add their instruments.</summary>
    internal Meter Meter => Telemetry.Meter;

    /// <summary>The library's activity source (named <c>DeltaFunctions.Databricks</c>).</summary>
    internal ActivitySource ActivitySource => Telemetry.ActivitySource;

    /// <summary>
    /// Releases the HTTP client (when owned), the external-link HTTP client, the rate limiter's timer and the telemetry
    /// objects.
    /// </summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases resources.</summary>
    /// <param name="disposing">True from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (_disposed || !disposing)
        {
            return;
        }

        _disposed = true;
        Api?.Dispose();
        DisposeExternalLinkHttpClient();
        if (_disposeTelemetry)
        {
            Telemetry?.Dispose();
        }
    }

    private static HttpClient CreateDefaultHttpClient(CassetteSession? cassette)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AutomaticDecompression = System.Net.DecompressionMethods.All };
        return new(cassette is null ? handler : cassette.CreateHandler(handler));
    }
}
