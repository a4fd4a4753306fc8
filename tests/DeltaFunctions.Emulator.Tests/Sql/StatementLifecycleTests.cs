using System.Net;
using System.Text.Json.Nodes;
using DeltaFunctions.TestUtilities.Emulator;
using Microsoft.Extensions.Time.Testing;

namespace DeltaFunctions.Emulator.Tests.Sql;

/// <summary>
/// Statement states, waiting and cancellation. The warehouse queue delay runs on a fake clock, so statements stay
/// PENDING until the test lets time pass.
/// </summary>
public sealed class StatementLifecycleTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private EmulatorFixture _emulator = null!;

    public async ValueTask InitializeAsync() =>
        _emulator = await EmulatorFixture.StartAsync(o => o with { TimeProvider = _clock, StatementQueueDelay = TimeSpan.FromMinutes(10) }, TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => _emulator.DisposeAsync();

    private JsonObject Request(string waitTimeout, string? onWaitTimeout = null)
    {
        var body = new JsonObject { ["statement"] = "SELECT 1 AS one", ["warehouse_id"] = _emulator.WarehouseId, ["wait_timeout"] = waitTimeout };
        if (onWaitTimeout is not null)
        {
            body["on_wait_timeout"] = onWaitTimeout;
        }

        return body;
    }

    [Fact]
    public async Task Submit_WaitTimeoutZero_ReturnsPendingWithIdAndStatusOnly()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = _emulator.CreateClient();

        var body = await sut.PostJsonAsync("api/2.0/sql/statements", Request("0s"), ct);

        Assert.False(string.IsNullOrEmpty((string?)body["statement_id"]));
        Assert.Equal("PENDING", (string?)body["status"]!["state"]);
        Assert.Null(body["manifest"]);
        Assert.Null(body["result"]);
    }

    [Fact]
    public async Task Cancel_PendingStatement_EndsCanceled()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = _emulator.CreateClient();
        var id = (string)(await sut.PostJsonAsync("api/2.0/sql/statements", Request("0s"), ct))["statement_id"]!;

        var cancelled = await sut.PostJsonAsync($"api/2.0/sql/statements/{id}/cancel", new { }, ct);
        var state = await Poll.UntilAsync(
            async () => (string?)(await sut.GetJsonAsync($"api/2.0/sql/statements/{id}", ct))["status"]!["state"],
            s => s != "PENDING",
            ct);

        Assert.Empty(cancelled);
        Assert.Equal("CANCELED", state);
    }

    [Fact]
    public async Task Submit_OnWaitTimeoutCancel_EndsCanceledWhenTheWaitRunsOut()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = _emulator.CreateClient();

        var pending = sut.PostAsync("api/2.0/sql/statements", HttpJson.Content(Request("5s", "CANCEL")), ct);
        while (!pending.IsCompleted)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10, ct);
        }

        using var response = await pending;
        var body = await response.ReadJsonAsync(ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("CANCELED", (string?)body["status"]!["state"]);
    }

    [Fact]
    public async Task Submit_OnWaitTimeoutContinue_ReturnsPendingAfterTheWait()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = _emulator.CreateClient();

        var pending = sut.PostAsync("api/2.0/sql/statements", HttpJson.Content(Request("5s", "CONTINUE")), ct);
        while (!pending.IsCompleted)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10, ct);
        }

        using var response = await pending;
        var body = await response.ReadJsonAsync(ct);
        Assert.Equal("PENDING", (string?)body["status"]!["state"]);
    }

    [Theory]
    [InlineData("3s")]
    [InlineData("51s")]
    [InlineData("10")]
    public async Task Submit_WaitTimeoutOutOfRange_Returns400(string waitTimeout)
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = _emulator.CreateClient();

        using var response = await sut.PostAsync("api/2.0/sql/statements", HttpJson.Content(Request(waitTimeout)), ct);

        await response.AssertErrorAsync(
            HttpStatusCode.BadRequest,
            "INVALID_PARAMETER_VALUE",
            $"wait_timeout must be 0 seconds (disables wait), or between 5 seconds and 50 seconds; got {waitTimeout}.",
            ct);
    }

    [Fact]
    public async Task Submit_InlineWithArrowStream_Returns400()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = _emulator.CreateClient();
        var request = Request("0s");
        request["format"] = "ARROW_STREAM";

        using var response = await sut.PostAsync("api/2.0/sql/statements", HttpJson.Content(request), ct);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Incompatible parameters: The format field must be JSON_ARRAY when the disposition field is INLINE.", ct);
    }

    [Fact]
    public async Task Submit_UnknownWarehouse_Returns404()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = _emulator.CreateClient();
        var request = Request("0s");
        request["warehouse_id"] = "missing";

        using var response = await sut.PostAsync("api/2.0/sql/statements", HttpJson.Content(request), ct);

        await response.AssertErrorAsync(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "Warehouse missing does not exist.", ct);
    }

    [Fact]
    public async Task Submit_WithoutStatement_Returns400()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = _emulator.CreateClient();

        using var response = await sut.PostAsync("api/2.0/sql/statements", HttpJson.Content(new JsonObject { ["warehouse_id"] = _emulator.WarehouseId }), ct);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "statement is required.", ct);
    }

    [Fact]
    public async Task Submit_MalformedJson_Returns400MalformedRequest()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = _emulator.CreateClient();

        using var response = await sut.PostAsync("api/2.0/sql/statements", HttpJson.Content("{\"statement\": "), ct);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "MALFORMED_REQUEST", null, ct);
    }

    [Fact]
    public async Task Get_UnknownStatement_Returns404()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = _emulator.CreateClient();

        using var response = await sut.GetAsync("api/2.0/sql/statements/01f0-nope", ct);

        await response.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND", "Statement 01f0-nope was not found.", ct);
    }

    [Fact]
    public async Task GetChunk_PendingStatement_Returns400InvalidState()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = _emulator.CreateClient();
        var id = (string)(await sut.PostJsonAsync("api/2.0/sql/statements", Request("0s"), ct))["statement_id"]!;

        using var response = await sut.GetAsync($"api/2.0/sql/statements/{id}/result/chunks/0", ct);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_STATE", null, ct);
    }

    [Fact]
    public async Task Close_Statement_IsClosed()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = _emulator.CreateClient();
        var id = (string)(await sut.PostJsonAsync("api/2.0/sql/statements", Request("0s"), ct))["statement_id"]!;

        using var closed = await sut.DeleteAsync($"api/2.0/sql/statements/{id}", ct);
        var body = await sut.GetJsonAsync($"api/2.0/sql/statements/{id}", ct);

        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal("CLOSED", (string?)body["status"]!["state"]);
    }
}
