using System.Net;
using System.Net.Http.Headers;
using DeltaFunctions.TestUtilities.Emulator;

namespace DeltaFunctions.Emulator.Tests;

public sealed class EmulatorHostTests
{
    [Fact]
    public async Task StartAsync_WithoutTokens_GeneratesADevelopmentTokenThatWorks()
    {
        var ct = TestContext.Current.CancellationToken;
        var dataDir = Path.Combine(Path.GetTempPath(), "emulator-host-" + Guid.NewGuid().ToString("N"));
        await using var sut = await EmulatorHost.StartAsync(new EmulatorOptions { Urls = "http://127.0.0.1:0", DataDirectory = dataDir }, ct);
        using var client = new HttpClient { BaseAddress = sut.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", sut.Token);

        using var response = await client.GetAsync($"api/2.0/sql/warehouses/{sut.WarehouseId}", ct);

        Assert.StartsWith("dapi", sut.Token, StringComparison.Ordinal);
        Assert.Equal("127.0.0.1", sut.BaseAddress.Host);
        Assert.NotEqual(0, sut.BaseAddress.Port);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(Directory.Exists(sut.WorkspaceDirectory));
    }

    [Fact]
    public async Task StartAsync_ClientIdWithoutSecret_Throws()
    {
        var ct = TestContext.Current.CancellationToken;

        var error = await Assert.ThrowsAsync<ArgumentException>(() => EmulatorHost.StartAsync(new EmulatorOptions { ClientId = "id" }, ct));

        Assert.Contains("ClientSecret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownRoute_Returns404WithADatabricksErrorBody()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var emulator = await EmulatorFixture.StartAsync(cancellationToken: ct);
        var sut = emulator.CreateClient();

        using var response = await sut.GetAsync("api/2.0/clusters/list", ct);

        var body = await response.AssertErrorAsync(HttpStatusCode.NotFound, "ENDPOINT_NOT_FOUND", "No API found for 'GET /api/2.0/clusters/list'", ct);
        var detail = Assert.Single(body["details"]!.AsArray())!;
        Assert.Equal("type.googleapis.com/google.rpc.ErrorInfo", (string?)detail["@type"]);
        Assert.Equal("ENDPOINT_NOT_FOUND", (string?)detail["reason"]);
        Assert.NotNull(detail["metadata"]);
    }
}
