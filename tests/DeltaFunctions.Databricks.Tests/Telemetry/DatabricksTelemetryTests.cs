using System.Diagnostics;
using DeltaFunctions.Databricks.Auth;
using DeltaFunctions.Databricks.Telemetry;
using DeltaFunctions.TestUtilities.Http;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace DeltaFunctions.Databricks.Tests.Telemetry;

public sealed class DatabricksTelemetryTests : IAsyncLifetime
{
    private ScriptedHttpServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await ScriptedHttpServer.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private DatabricksClient CreateClient() =>
        TestDatabricksClients.Create(_server.BaseAddress, DatabricksCredential.FromPersonalAccessToken("dapi-telemetry"));

    private static Task CallAsync(DatabricksClient client) =>
        client.Api.GetAsync("/api/2.2/jobs/list", null, DatabricksJsonContext.Default.JsonElement, TestContext.Current.CancellationToken);

    [Fact]
    public void Meter_IsNamedForTheLibrary()
    {
        using var client = CreateClient();

        Assert.Equal("DeltaFunctions.Databricks", client.Meter.Name);
        Assert.Equal("DeltaFunctions.Databricks", client.ActivitySource.Name);
    }

    [Fact]
    public async Task RequestsTotal_CountsEveryAttemptWithStatus()
    {
        _server.Enqueue(ScriptedResponse.Error(503, "TEMPORARILY_UNAVAILABLE", "busy"), ScriptedResponse.Json(200, "{}"));
        using var client = CreateClient();
        using var requests = new MetricCollector<long>(client.Meter, DatabricksTelemetry.RequestsTotal);

        await CallAsync(client);

        var measurements = requests.GetMeasurementSnapshot();
        Assert.Equal(2, measurements.Sum(m => m.Value));
        Assert.Equal([503, 200], measurements.Select(m => (int)m.Tags["status"]!));
        Assert.All(measurements, m => Assert.Equal("GET", m.Tags["method"]));
    }

    [Fact]
    public async Task ErrorsTotal_CountsFailedCallByErrorType()
    {
        _server.Enqueue(ScriptedResponse.Error(404, "RESOURCE_DOES_NOT_EXIST", "gone"), ScriptedResponse.Error(403, "PERMISSION_DENIED", "no"));
        using var client = CreateClient();
        using var errors = new MetricCollector<long>(client.Meter, DatabricksTelemetry.ErrorsTotal);

        await Assert.ThrowsAsync<DatabricksException>(() => CallAsync(client));
        await Assert.ThrowsAsync<DatabricksException>(() => CallAsync(client));

        Assert.Equal(["RESOURCE_DOES_NOT_EXIST", "PERMISSION_DENIED"], errors.GetMeasurementSnapshot().Select(m => (string)m.Tags["error_type"]!));
    }

    [Fact]
    public async Task RateLimitsTotal_CountsServerThrottling()
    {
        _server.Enqueue(ScriptedResponse.Error(429, "REQUEST_LIMIT_EXCEEDED", "slow", ("Retry-After", "0")), ScriptedResponse.Json(200, "{}"));
        using var client = CreateClient();
        using var throttles = new MetricCollector<long>(client.Meter, DatabricksTelemetry.RateLimitsTotal);

        await CallAsync(client);

        var measurement = Assert.Single(throttles.GetMeasurementSnapshot());
        Assert.Equal("server", measurement.Tags["source"]);
    }

    [Fact]
    public async Task Activity_RecordsMethodPathStatusAndError()
    {
        var activities = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == DatabricksTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (activities) { activities.Add(activity); } },
        };
        ActivitySource.AddActivityListener(listener);
        _server.Enqueue(ScriptedResponse.Json(200, "{}"), ScriptedResponse.Error(404, "RESOURCE_DOES_NOT_EXIST", "gone"));
        using var client = CreateClient();

        await CallAsync(client);
        await Assert.ThrowsAsync<DatabricksException>(() => CallAsync(client));

        var mine = activities.Where(a => a.Source == client.ActivitySource).ToList();
        Assert.Equal(2, mine.Count);
        Assert.Equal("GET", mine[0].GetTagItem("http.request.method"));
        Assert.Equal("/api/2.2/jobs/list", mine[0].GetTagItem("url.path"));
        Assert.Equal(200, mine[0].GetTagItem("http.response.status_code"));
        Assert.Equal(ActivityStatusCode.Error, mine[1].Status);
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", mine[1].GetTagItem("error.type"));
    }
}
