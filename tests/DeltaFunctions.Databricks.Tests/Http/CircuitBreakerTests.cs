using DeltaFunctions.Databricks.Auth;
using DeltaFunctions.Databricks.Telemetry;
using DeltaFunctions.TestUtilities.Http;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;

namespace DeltaFunctions.Databricks.Tests.Http;

public sealed class CircuitBreakerTests : IAsyncLifetime
{
    private const string Path = "/api/2.2/jobs/get";
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private ScriptedHttpServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await ScriptedHttpServer.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private DatabricksClient CreateClient() => TestDatabricksClients.Create(
        _server.BaseAddress,
        DatabricksCredential.FromPersonalAccessToken("dapi-breaker-token"),
        o =>
        {
            o.MaxRetries = 0;
            o.CircuitBreakerMinimumThroughput = 2;
            o.CircuitBreakerFailureRatio = 0.5;
            o.CircuitBreakerBreakDuration = TimeSpan.FromSeconds(5);
            o.CircuitBreakerSamplingDuration = TimeSpan.FromSeconds(30);
        },
        _time);

    private static Task CallAsync(DatabricksClient client) =>
        client.Api.GetAsync(Path, null, DatabricksJsonContext.Default.JsonElement, TestContext.Current.CancellationToken);

    private async Task OpenAsync(DatabricksClient client)
    {
        _server.Enqueue(ScriptedResponse.Error(503, "TEMPORARILY_UNAVAILABLE", "down"), ScriptedResponse.Error(503, "TEMPORARILY_UNAVAILABLE", "down"));
        await Assert.ThrowsAsync<DatabricksException>(() => CallAsync(client));
        await Assert.ThrowsAsync<DatabricksException>(() => CallAsync(client));
    }

    [Fact]
    public async Task Call_RepeatedServerFailures_OpensCircuitAndFailsFastWithoutSending()
    {
        using var client = CreateClient();
        await OpenAsync(client);

        var error = await Assert.ThrowsAsync<DatabricksException>(() => CallAsync(client));

        Assert.Equal(DatabricksCircuitState.Open, client.CircuitState);
        Assert.Equal(DatabricksErrorCode.CircuitOpen, error.ErrorCode);
        Assert.True(error.IsTransient);
        Assert.NotNull(error.RetryAfter);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task Call_AfterBreak_HalfOpensThenClosesOnSuccessfulTrial()
    {
        using var client = CreateClient();
        await OpenAsync(client);
        var gate = new TaskCompletionSource<ScriptedResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.MapAsync(Path, _ => gate.Task);

        _time.Advance(TimeSpan.FromSeconds(5));
        var trial = CallAsync(client);
        await _server.WaitForRequestsAsync(3, TestContext.Current.CancellationToken);
        var duringTrial = client.CircuitState;
        gate.SetResult(ScriptedResponse.Json(200, "{}"));
        await trial;

        Assert.Equal(DatabricksCircuitState.HalfOpen, duringTrial);
        Assert.Equal(DatabricksCircuitState.Closed, client.CircuitState);
    }

    [Fact]
    public async Task Call_FailedTrial_ReopensCircuit()
    {
        using var client = CreateClient();
        await OpenAsync(client);
        _server.Enqueue(ScriptedResponse.Error(503, "TEMPORARILY_UNAVAILABLE", "still down"));

        _time.Advance(TimeSpan.FromSeconds(5));
        await Assert.ThrowsAsync<DatabricksException>(() => CallAsync(client));
        var again = await Assert.ThrowsAsync<DatabricksException>(() => CallAsync(client));

        Assert.Equal(DatabricksCircuitState.Open, client.CircuitState);
        Assert.Equal(DatabricksErrorCode.CircuitOpen, again.ErrorCode);
        Assert.Equal(3, _server.Requests.Count);
    }

    [Fact]
    public async Task Call_ClientErrors_DoNotOpenCircuit()
    {
        using var client = CreateClient();
        _server.Fallback = _ => ScriptedResponse.Error(404, "RESOURCE_DOES_NOT_EXIST", "missing");

        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAsync<DatabricksException>(() => CallAsync(client));
        }

        Assert.Equal(DatabricksCircuitState.Closed, client.CircuitState);
        Assert.Equal(5, _server.Requests.Count);
    }

    [Fact]
    public async Task Gauge_ReportsBreakerState()
    {
        using var client = CreateClient();
        using var gauge = new MetricCollector<int>(client.Meter, DatabricksTelemetry.CircuitBreakerState);
        gauge.RecordObservableInstruments();
        var closed = gauge.LastMeasurement?.Value;

        await OpenAsync(client);
        gauge.RecordObservableInstruments();

        Assert.Equal(0, closed);
        Assert.Equal(1, gauge.LastMeasurement?.Value);
    }
}
