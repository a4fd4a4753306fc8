using System.Net;
using DeltaFunctions.Databricks.Auth;
using DeltaFunctions.Databricks.Http;
using DeltaFunctions.TestUtilities.Http;
using DeltaFunctions.TestUtilities.Logging;
using Microsoft.Extensions.Time.Testing;

namespace DeltaFunctions.Databricks.Tests.Http;

public sealed class DatabricksResiliencePipelineTests : IAsyncLifetime
{
    private const string Path = "/api/2.2/jobs/runs/submit";
    private const int RetryScheduledEvent = LogEvents.HttpBase + 2;
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private readonly TestLogs _logs = new();
    private ScriptedHttpServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await ScriptedHttpServer.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _logs.Dispose();
    }

    private DatabricksClient CreateClient(Action<DatabricksClientOptions>? configure = null, TimeProvider? time = null) =>
        TestDatabricksClients.Create(
            _server.BaseAddress, DatabricksCredential.FromPersonalAccessToken("dapi-resilience-token-0001"), configure, time, _logs.Factory, random: () => 0.5);

    private static Task<Dictionary<string, string>> GetAsync(DatabricksClient client) =>
        client.Api.GetAsync("/api/2.2/jobs/get", null, DatabricksJsonContext.Default.DictionaryStringString, TestContext.Current.CancellationToken);

    private static Task<Dictionary<string, string>> PostAsync(DatabricksClient client, RequestSafety safety) =>
        client.Api.SendAsync(
            HttpMethod.Post, Path, new Dictionary<string, string> { ["run_name"] = "r" },
            DatabricksJsonContext.Default.DictionaryStringString, DatabricksJsonContext.Default.DictionaryStringString,
            safety, TestContext.Current.CancellationToken);

    [Fact]
    public async Task GetAsync_503ThenSuccess_RetriesAndSucceeds()
    {
        _server.Enqueue(ScriptedResponse.Error(503, "TEMPORARILY_UNAVAILABLE", "busy"), ScriptedResponse.Json(200, """{"ok":"yes"}"""));
        using var client = CreateClient();

        var result = await GetAsync(client);

        Assert.Equal("yes", result["ok"]);
        Assert.Equal(2, _server.Requests.Count);
        Assert.Single(_logs.WithEvent(RetryScheduledEvent));
    }

    [Fact]
    public async Task GetAsync_Always503_StopsAfterMaxRetries()
    {
        _server.Fallback = _ => ScriptedResponse.Error(503, "TEMPORARILY_UNAVAILABLE", "busy");
        using var client = CreateClient(o => o.MaxRetries = 2);

        var error = await Assert.ThrowsAsync<DatabricksException>(() => GetAsync(client));

        Assert.Equal(3, _server.Requests.Count);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task GetAsync_MaxRetriesZero_SendsOnce()
    {
        _server.Fallback = _ => ScriptedResponse.Error(503, "TEMPORARILY_UNAVAILABLE", "busy");
        using var client = CreateClient(o => o.MaxRetries = 0);

        await Assert.ThrowsAsync<DatabricksException>(() => GetAsync(client));

        Assert.Single(_server.Requests);
    }

    [Theory]
    [InlineData(400, "INVALID_PARAMETER_VALUE")]
    [InlineData(403, "PERMISSION_DENIED")]
    [InlineData(404, "RESOURCE_DOES_NOT_EXIST")]
    [InlineData(405, "BAD_REQUEST")]
    [InlineData(409, "RESOURCE_CONFLICT")]
    [InlineData(410, "NOT_FOUND")]
    [InlineData(413, "BAD_REQUEST")]
    [InlineData(416, "BAD_REQUEST")]
    public async Task GetAsync_ClientError400To416_IsNotRetried(int status, string code)
    {
        _server.Enqueue(ScriptedResponse.Error(status, code, "caller mistake"), ScriptedResponse.Json(200, "{}"));
        using var client = CreateClient();

        var error = await Assert.ThrowsAsync<DatabricksException>(() => GetAsync(client));

        Assert.Equal(status, (int)error.StatusCode!.Value);
        Assert.Single(_server.Requests);
    }

    [Theory]
    [InlineData(408, "DEADLINE_EXCEEDED")]
    [InlineData(418, "BAD_REQUEST")]
    [InlineData(500, "INTERNAL_ERROR")]
    [InlineData(501, "NOT_IMPLEMENTED")]
    public async Task GetAsync_StatusOutside400To416OrRequestTimeout_IsRetried(int status, string code)
    {
        _server.Enqueue(ScriptedResponse.Error(status, code, "failed"), ScriptedResponse.Json(200, """{"ok":"yes"}"""));
        using var client = CreateClient();

        var result = await GetAsync(client);

        Assert.Equal("yes", result["ok"]);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task GetAsync_RetryAfterBeyondBudget_FailsAtOnceWithTheRealError()
    {
        var time = new FakeTimeProvider(Start);
        _server.Enqueue(ScriptedResponse.Error(503, "TEMPORARILY_UNAVAILABLE", "busy", ("Retry-After", "30")), ScriptedResponse.Json(200, "{}"));
        using var client = CreateClient(o => { o.RetryAfterMax = TimeSpan.FromSeconds(60); o.TotalTimeoutSeconds = 20; }, time);

        var error = await Assert.ThrowsAsync<DatabricksException>(() => GetAsync(client));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Single(_server.Requests);
        Assert.Empty(_logs.WithEvent(RetryScheduledEvent));
        Assert.Single(_logs.WithEvent(LogEvents.HttpBase + 11));
    }

    [Theory]
    [InlineData(400, "INVALID_STATE", "ClusterNotReadyException: the cluster is starting")]
    [InlineData(400, "INVALID_STATE", "Unknown worker environment")]
    [InlineData(502, "BAD_GATEWAY", "proxy")]
    [InlineData(504, "DEADLINE_EXCEEDED", "slow")]
    [InlineData(429, "REQUEST_LIMIT_EXCEEDED", "slow down")]
    public async Task GetAsync_RetryableFailure_IsRetried(int status, string code, string message)
    {
        _server.Enqueue(ScriptedResponse.Error(status, code, message), ScriptedResponse.Json(200, "{}"));
        using var client = CreateClient();

        await GetAsync(client);

        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task GetAsync_DroppedConnection_IsRetried()
    {
        _server.Enqueue(ScriptedResponse.Drop(), ScriptedResponse.Json(200, "{}"));
        using var client = CreateClient();

        await GetAsync(client);

        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task GetAsync_DroppedEveryTime_ThrowsIoError()
    {
        _server.Fallback = _ => ScriptedResponse.Drop();
        using var client = CreateClient(o => o.MaxRetries = 1);

        var error = await Assert.ThrowsAsync<DatabricksException>(() => GetAsync(client));

        Assert.Equal(DatabricksErrorCode.IoError, error.ErrorCode);
        Assert.Null(error.StatusCode);
        Assert.True(error.IsTransient);
        Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.Equal(2, _server.Requests.Count);
    }

    public static TheoryData<string> UnsafeFailures => ["500", "502", "503-without-retry-after", "504", "408", "drop", "400-cluster-not-ready"];

    [Theory]
    [MemberData(nameof(UnsafeFailures))]
    public async Task SendAsync_NotIdempotentPostFailsAmbiguously_IsNotResent(string failure)
    {
        _server.Enqueue(
            failure switch
            {
                "drop" => ScriptedResponse.Drop(),
                "400-cluster-not-ready" => ScriptedResponse.Error(400, "INVALID_STATE", "ClusterNotReadyException"),
                "503-without-retry-after" => ScriptedResponse.Error(503, "TEMPORARILY_UNAVAILABLE", "busy"),
                _ => ScriptedResponse.Error(int.Parse(failure, System.Globalization.CultureInfo.InvariantCulture), "X", "failed"),
            },
            ScriptedResponse.Json(200, """{"run_id":"1"}"""));
        using var client = CreateClient();

        await Assert.ThrowsAsync<DatabricksException>(() => PostAsync(client, RequestSafety.NotIdempotent));

        Assert.Single(_server.RequestsTo(Path));
    }

    [Theory]
    [InlineData(429, null)]
    [InlineData(429, "1")]
    [InlineData(503, "1")]
    public async Task SendAsync_NotIdempotentPostRejectedBeforeProcessing_IsResent(int status, string? retryAfter)
    {
        (string, string)[] headers = retryAfter is null ? [] : [("Retry-After", retryAfter)];
        _server.Enqueue(
            ScriptedResponse.Error(status, status == 429 ? "REQUEST_LIMIT_EXCEEDED" : "TEMPORARILY_UNAVAILABLE", "rejected", headers),
            ScriptedResponse.Json(200, """{"run_id":"1"}"""));
        using var client = CreateClient();

        var result = await PostAsync(client, RequestSafety.NotIdempotent);

        Assert.Equal("1", result["run_id"]);
        Assert.Equal(2, _server.RequestsTo(Path).Count);
    }

    [Fact]
    public async Task SendAsync_NotIdempotentPostConnectionRefused_IsResentOnlyBecauseNothingWasSent()
    {
        // A port nobody listens on: the connection is refused, so the request provably never left.
        var port = FreePort();
        using var client = TestDatabricksClients.Create(
            new Uri($"http://127.0.0.1:{port}"), DatabricksCredential.FromPersonalAccessToken("dapi-x"), o => o.MaxRetries = 2, loggerFactory: _logs.Factory);

        var error = await Assert.ThrowsAsync<DatabricksException>(() => PostAsync(client, RequestSafety.NotIdempotent));

        Assert.Equal(DatabricksErrorCode.IoError, error.ErrorCode);
        Assert.Equal(2, _logs.WithEvent(RetryScheduledEvent).Count);
    }

    [Theory]
    [InlineData("504")]
    [InlineData("drop")]
    public async Task SendAsync_PostWithIdempotencyToken_IsResent(string failure)
    {
        _server.Enqueue(
            failure == "drop" ? ScriptedResponse.Drop() : ScriptedResponse.Error(504, "DEADLINE_EXCEEDED", "slow"),
            ScriptedResponse.Json(200, """{"run_id":"1"}"""));
        using var client = CreateClient();

        await PostAsync(client, RequestSafety.IdempotencyToken);

        var requests = _server.RequestsTo(Path);
        Assert.Equal(2, requests.Count);
        Assert.Equal(requests[0].Body, requests[1].Body);
    }

    [Fact]
    public async Task GetAsync_RetryAfterSeconds_WaitsAtLeastThatLong()
    {
        var time = new FakeTimeProvider(Start);
        _server.Enqueue(ScriptedResponse.Error(429, "REQUEST_LIMIT_EXCEEDED", "slow", ("Retry-After", "3")), ScriptedResponse.Json(200, "{}"));
        using var client = CreateClient(o => o.RetryAfterMax = TimeSpan.FromSeconds(10), time);

        var call = GetAsync(client);
        await _logs.WaitForEventAsync(RetryScheduledEvent, 1, TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromMilliseconds(2990));
        await Task.Delay(100, TestContext.Current.CancellationToken);
        var beforeFloor = _server.Requests.Count;
        time.Advance(TimeSpan.FromMilliseconds(10));
        await call;

        Assert.Equal(1, beforeFloor);
        Assert.Equal(2, _server.Requests.Count);
        Assert.Equal("3000", _logs.WithEvent(RetryScheduledEvent)[0].GetStructuredStateValue("DelayMs"));
    }

    [Fact]
    public async Task GetAsync_RetryAfterHttpDate_WaitsUntilThatDate()
    {
        var time = new FakeTimeProvider(Start);
        var retryAt = Start.AddSeconds(4).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        _server.Enqueue(ScriptedResponse.Error(503, "TEMPORARILY_UNAVAILABLE", "busy", ("Retry-After", retryAt)), ScriptedResponse.Json(200, "{}"));
        using var client = CreateClient(o => o.RetryAfterMax = TimeSpan.FromSeconds(10), time);

        var call = GetAsync(client);
        await _logs.WaitForEventAsync(RetryScheduledEvent, 1, TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromMilliseconds(3990));
        await Task.Delay(100, TestContext.Current.CancellationToken);
        var beforeFloor = _server.Requests.Count;
        time.Advance(TimeSpan.FromMilliseconds(10));
        await call;

        Assert.Equal(1, beforeFloor);
        Assert.Equal(2, _server.Requests.Count);
        Assert.Equal("4000", _logs.WithEvent(RetryScheduledEvent)[0].GetStructuredStateValue("DelayMs"));
    }

    [Fact]
    public async Task GetAsync_RetryAfterAboveCap_WaitsOnlyTheCap()
    {
        var time = new FakeTimeProvider(Start);
        _server.Enqueue(ScriptedResponse.Error(429, "REQUEST_LIMIT_EXCEEDED", "slow", ("Retry-After", "3600")), ScriptedResponse.Json(200, "{}"));
        using var client = CreateClient(o => o.RetryAfterMax = TimeSpan.FromSeconds(5), time);

        var call = GetAsync(client);
        await _logs.WaitForEventAsync(RetryScheduledEvent, 1, TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromSeconds(5));
        await call;

        Assert.Equal(2, _server.Requests.Count);
        Assert.Equal("5000", _logs.WithEvent(RetryScheduledEvent)[0].GetStructuredStateValue("DelayMs"));
    }

    [Fact]
    public async Task GetAsync_AttemptExceedsTimeout_ThrowsDeadlineExceeded()
    {
        var time = new FakeTimeProvider(Start);
        _server.Enqueue(new ScriptedResponse { Delay = TimeSpan.FromSeconds(30), Body = "{}" });
        using var client = CreateClient(o => { o.TimeoutSeconds = 5; o.MaxRetries = 0; }, time);

        var call = GetAsync(client);
        await _server.WaitForRequestsAsync(1, TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromSeconds(5));
        var error = await Assert.ThrowsAsync<DatabricksException>(() => call);

        Assert.Equal(DatabricksErrorCode.DeadlineExceeded, error.ErrorCode);
        Assert.True(error.IsTransient);
        Assert.Null(error.StatusCode);
    }

    [Fact]
    public async Task GetAsync_OptionsChangedAfterConstruction_PipelineKeepsTheConstructionValues()
    {
        // The pipeline is built on the thread pool from construction; it must use the values validated then.
        var time = new FakeTimeProvider(Start);
        _server.Enqueue(new ScriptedResponse { Delay = TimeSpan.FromSeconds(30), Body = "{}" });
        DatabricksClientOptions? options = null;
        using var client = CreateClient(o => { o.TimeoutSeconds = 5; o.MaxRetries = 0; options = o; }, time);
        options!.TimeoutSeconds = 3600;
        options.TotalTimeoutSeconds = 86400;

        var call = GetAsync(client);
        await _server.WaitForRequestsAsync(1, TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromSeconds(5));
        var error = await Assert.ThrowsAsync<DatabricksException>(() => call);

        Assert.Equal(DatabricksErrorCode.DeadlineExceeded, error.ErrorCode);
        Assert.Contains("timed out after 5 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_CallerCancels_ThrowsOperationCanceled()
    {
        _server.Enqueue(new ScriptedResponse { Delay = TimeSpan.FromSeconds(30), Body = "{}" });
        using var client = CreateClient();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        var call = client.Api.GetAsync("/api/2.2/jobs/get", null, DatabricksJsonContext.Default.DictionaryStringString, cts.Token);
        await _server.WaitForRequestsAsync(1, TestContext.Current.CancellationToken);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task GetAsync_PatRejectedWith401_FailsWithoutRetry()
    {
        _server.Fallback = _ => ScriptedResponse.Error(401, "UNAUTHENTICATED", "Invalid access token.");
        using var client = CreateClient();

        var error = await Assert.ThrowsAsync<DatabricksException>(() => GetAsync(client));

        Assert.Equal(DatabricksErrorCode.Unauthenticated, error.ErrorCode);
        Assert.False(error.IsTransient);
        Assert.Single(_server.Requests);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
