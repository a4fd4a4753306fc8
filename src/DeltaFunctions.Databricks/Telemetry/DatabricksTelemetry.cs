using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DeltaFunctions.Databricks.Telemetry;

/// <summary>
/// The library's <see cref="Meter"/> and <see cref="ActivitySource"/>, both named <see cref="Name"/>, and the
/// core instruments under the names the Prometheus dashboards use. Sub-clients add their own instruments to
/// <see cref="Meter"/>. One instance per <see cref="DatabricksClient"/>; created through <see cref="IMeterFactory"/>
/// when the client comes from dependency injection.
/// </summary>
internal sealed class DatabricksTelemetry : IDisposable
{
    /// <summary>The meter and activity source name: <c>DeltaFunctions.Databricks</c>.</summary>
    public const string Name = "DeltaFunctions.Databricks";

    /// <summary>Counter: HTTP requests sent to Databricks (every attempt), tagged method and status.</summary>
    public const string RequestsTotal = "databricks_api_requests_total";

    /// <summary>Counter: calls that failed, tagged <c>error_type</c> (the Databricks error code).</summary>
    public const string ErrorsTotal = "databricks_errors_total";

    /// <summary>Counter: throttling seen, tagged <c>source</c> (<c>server</c> for 429, <c>client</c> for a wait in the local limiter).</summary>
    public const string RateLimitsTotal = "databricks_rate_limits_total";

    /// <summary>Gauge: the circuit breaker state (0 closed, 1 open, 2 half-open, 3 isolated).</summary>
    public const string CircuitBreakerState = "databricks_circuit_breaker_state";

    private readonly bool _ownsMeter;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _errors;
    private readonly Counter<long> _rateLimits;
    private Func<DatabricksCircuitState> _circuitState = static () => DatabricksCircuitState.Closed;

    /// <summary>Creates the telemetry objects.</summary>
    /// <param name="meterFactory">The DI meter factory, or null to own a plain <see cref="Meter"/>.</param>
    public DatabricksTelemetry(IMeterFactory? meterFactory)
    {
        var version = typeof(DatabricksTelemetry).Assembly.GetName().Version?.ToString();
        if (meterFactory is null)
        {
            Meter = new Meter(Name, version);
            _ownsMeter = true;
        }
        else
        {
            Meter = meterFactory.Create(new MeterOptions(Name) { Version = version });
        }

        ActivitySource = new ActivitySource(Name, version);
        _requests = Meter.CreateCounter<long>(RequestsTotal, "{request}", "HTTP requests sent to the Databricks REST API.");
        _errors = Meter.CreateCounter<long>(ErrorsTotal, "{error}", "Databricks calls that failed, by error_type.");
        _rateLimits = Meter.CreateCounter<long>(RateLimitsTotal, "{event}", "Throttling events (server 429 or client-side limiter waits).");
        Meter.CreateObservableGauge(
            CircuitBreakerState,
            () => (int)_circuitState(),
            "{state}",
            "Circuit breaker state: 0 closed, 1 open, 2 half-open, 3 isolated.");
    }

    /// <summary>The library's meter; sub-clients create their instruments on it.</summary>
    public Meter Meter { get; }

    /// <summary>The library's activity source; one activity per API call.</summary>
    public ActivitySource ActivitySource { get; }

    /// <summary>Tells the gauge where to read the breaker state.</summary>
    /// <param name="state">Reads the current state.</param>
    public void ObserveCircuit(Func<DatabricksCircuitState> state) => _circuitState = state;

    /// <summary>Counts one HTTP attempt.</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="statusCode">The status, or 0 when no answer came back.</param>
    public void RequestSent(string method, int statusCode)
    {
        // Checked first so the status is not boxed for a counter nobody listens to.
        if (_requests.Enabled)
        {
            _requests.Add(1, new KeyValuePair<string, object?>("method", method), new KeyValuePair<string, object?>("status", statusCode));
        }
    }

    /// <summary>Counts one failed call.</summary>
    /// <param name="errorType">The error code.</param>
    public void Error(string errorType) => _errors.Add(1, new KeyValuePair<string, object?>("error_type", errorType));

    /// <summary>Counts one throttling event.</summary>
    /// <param name="source"><c>server</c> or <c>client</c>.</param>
    public void RateLimited(string source) => _rateLimits.Add(1, new KeyValuePair<string, object?>("source", source));

    /// <inheritdoc />
    public void Dispose()
    {
        ActivitySource.Dispose();
        if (_ownsMeter)
        {
            Meter.Dispose();
        }
    }
}
