using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using DeltaFunctions.TestUtilities.Emulator;

namespace DeltaFunctions.Emulator.Tests.Faults;

public sealed class FaultsEndpointsTests : IAsyncLifetime
{
    private EmulatorFixture _emulator = null!;

    public async ValueTask InitializeAsync() => _emulator = await EmulatorFixture.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => _emulator.DisposeAsync();

    [Fact]
    public async Task Post_429WithRetryAfter_FailsTheNextNMatchingRequestsThenStops()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = _emulator.CreateClient();
        await sut.PostJsonAsync("emulator/faults", new JsonObject { ["method"] = "GET", ["path_prefix"] = "/api/2.0/sql/warehouses", ["status"] = 429, ["retry_after_seconds"] = 2, ["count"] = 2 }, ct);

        using var first = await sut.GetAsync("api/2.0/sql/warehouses", ct);
        using var second = await sut.GetAsync("api/2.0/sql/warehouses", ct);
        using var third = await sut.GetAsync("api/2.0/sql/warehouses", ct);

        await first.AssertErrorAsync(HttpStatusCode.TooManyRequests, "REQUEST_LIMIT_EXCEEDED", null, ct);
        Assert.Equal("2", first.Headers.GetValues("Retry-After").Single());
        await second.AssertErrorAsync(HttpStatusCode.TooManyRequests, "REQUEST_LIMIT_EXCEEDED", null, ct);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Fact]
    public async Task Post_503Rule_AffectsOnlyMatchingMethodAndPathPrefix()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = _emulator.CreateClient();
        await sut.PostJsonAsync("emulator/faults", new JsonObject { ["method"] = "POST", ["path_prefix"] = "/api/2.2/jobs/runs/submit", ["status"] = 503, ["retry_after_seconds"] = 1 }, ct);

        using var otherMethod = await sut.GetAsync("api/2.2/jobs/runs/list", ct);
        using var otherPath = await sut.PostAsync("api/2.0/sql/warehouses/" + _emulator.WarehouseId + "/start", HttpJson.Content("{}"), ct);
        using var matching = await sut.PostAsync("api/2.2/jobs/runs/submit", HttpJson.Content("{}"), ct);

        Assert.Equal(HttpStatusCode.OK, otherMethod.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherPath.StatusCode);
        await matching.AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "TEMPORARILY_UNAVAILABLE", null, ct);
        Assert.Equal("1", matching.Headers.GetValues("Retry-After").Single());
    }

    [Fact]
    public async Task Post_ResetConnection_AbortsTheRequest()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = _emulator.CreateClient();
        await sut.PostJsonAsync("emulator/faults", new JsonObject { ["path_prefix"] = "/api/2.0/sql/warehouses", ["reset_connection"] = true }, ct);

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => sut.GetAsync("api/2.0/sql/warehouses", ct));
        using var next = await sut.GetAsync("api/2.0/sql/warehouses", ct);

        Assert.NotNull(failure);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task Post_LoseResponse_RunsTheRequestButTheAnswerNeverArrives()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = _emulator.CreateClient();
        await sut.PostJsonAsync("emulator/faults", new JsonObject { ["method"] = "POST", ["path_prefix"] = "/api/2.2/jobs/create", ["lose_response"] = true }, ct);

        var failure = await Assert.ThrowsAsync<HttpRequestException>(
            () => sut.PostAsync("api/2.2/jobs/create", HttpJson.Content(new JsonObject { ["name"] = "lost-answer-job" }), ct));
        var jobs = await sut.GetJsonAsync("api/2.2/jobs/list?name=lost-answer-job", ct);
        var armed = await sut.GetJsonAsync("emulator/faults", ct);

        Assert.NotNull(failure);
        Assert.Single(jobs["jobs"]!.AsArray());
        Assert.Empty(armed["rules"]!.AsArray());
    }

    [Fact]
    public async Task Post_LoseResponseWithStatus_Returns400()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = _emulator.CreateClient();

        using var response = await sut.PostAsync(
            "emulator/faults", HttpJson.Content(new JsonObject { ["path_prefix"] = "/api/", ["lose_response"] = true, ["status"] = 503 }), ct);

        await response.AssertErrorAsync(
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "lose_response runs the request, so it cannot be combined with status or reset_connection.", ct);
    }

    [Fact]
    public async Task Post_Latency_DelaysTheRequestWhichThenSucceeds()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = _emulator.CreateClient();
        await sut.PostJsonAsync("emulator/faults", new JsonObject { ["path_prefix"] = "/api/2.0/sql/warehouses", ["latency_ms"] = 300 }, ct);
        var watch = Stopwatch.StartNew();

        using var response = await sut.GetAsync("api/2.0/sql/warehouses", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(watch.ElapsedMilliseconds >= 250, $"answered after {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Delete_ClearsArmedRules()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = _emulator.CreateClient();
        await sut.PostJsonAsync("emulator/faults", new JsonObject { ["rules"] = new JsonArray(new JsonObject { ["path_prefix"] = "/api/", ["status"] = 500, ["count"] = 5 }) }, ct);

        using var cleared = await sut.DeleteAsync("emulator/faults", ct);
        var armed = await sut.GetJsonAsync("emulator/faults", ct);
        using var response = await sut.GetAsync("api/2.0/sql/warehouses", ct);

        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Empty(armed["rules"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Post_RuleWithoutEffect_Returns400()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = _emulator.CreateClient();

        using var response = await sut.PostAsync("emulator/faults", HttpJson.Content(new JsonObject { ["path_prefix"] = "/api/" }), ct);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "A fault rule needs status, reset_connection, lose_response or latency_ms.", ct);
    }

    [Fact]
    public async Task Unarmed_RequestsPassThrough()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = _emulator.CreateClient();

        var armed = await sut.GetJsonAsync("emulator/faults", ct);
        using var response = await sut.GetAsync("api/2.0/sql/warehouses", ct);

        Assert.Empty(armed["rules"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
