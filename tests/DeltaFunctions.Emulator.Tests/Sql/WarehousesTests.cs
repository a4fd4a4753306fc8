using System.Net;
using DeltaFunctions.TestUtilities.Emulator;
using Microsoft.Extensions.Time.Testing;

namespace DeltaFunctions.Emulator.Tests.Sql;

public sealed class WarehousesTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task List_ReturnsTheDefaultRunningWarehouse()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = emulator.CreateClient();

        var body = await sut.GetJsonAsync("api/2.0/sql/warehouses", ct);

        var warehouse = Assert.Single(body["warehouses"]!.AsArray())!;
        Assert.Equal(emulator.WarehouseId, (string?)warehouse["id"]);
        Assert.Equal("RUNNING", (string?)warehouse["state"]);
        Assert.Equal("PRO", (string?)warehouse["warehouse_type"]);
        Assert.Equal("HEALTHY", (string?)warehouse["health"]!["status"]);
    }

    [Fact]
    public async Task Get_UnknownWarehouse_Returns404()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = emulator.CreateClient();

        using var response = await sut.GetAsync("api/2.0/sql/warehouses/nope", ct);

        await response.AssertErrorAsync(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "Warehouse nope does not exist.", ct);
    }

    [Fact]
    public async Task Start_StoppedWarehouse_GoesThroughStartingToRunning()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var fixture = await EmulatorFixture.StartAsync(o => o with { TimeProvider = clock, WarehouseStartDuration = TimeSpan.FromSeconds(30) }, ct);
        var sut = fixture.CreateClient();
        var path = "api/2.0/sql/warehouses/" + fixture.WarehouseId;

        await sut.PostJsonAsync(path + "/stop", new { }, ct);
        var stopped = await sut.GetJsonAsync(path, ct);
        var started = await sut.PostJsonAsync(path + "/start", new { }, ct);
        var starting = await sut.GetJsonAsync(path, ct);
        clock.Advance(TimeSpan.FromSeconds(30));
        var running = await sut.GetJsonAsync(path, ct);

        Assert.Equal("STOPPED", (string?)stopped["state"]);
        Assert.Empty(started);
        Assert.Equal("STARTING", (string?)starting["state"]);
        Assert.Equal("RUNNING", (string?)running["state"]);
    }
}
