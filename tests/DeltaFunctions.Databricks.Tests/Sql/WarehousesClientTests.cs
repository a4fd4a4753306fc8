using DeltaFunctions.Databricks.Auth;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.TestUtilities.Http;

namespace DeltaFunctions.Databricks.Tests.Sql;

public sealed class WarehousesClientTests : IAsyncLifetime
{
    private ScriptedHttpServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await ScriptedHttpServer.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ListWarehousesAsync_TwoPages_FollowsPageToken()
    {
        _server.Enqueue(
            ScriptedResponse.Json(200, """{"warehouses":[{"id":"w1","name":"one","state":"RUNNING","cluster_size":"2X-Small"}],"next_page_token":"p2"}"""),
            ScriptedResponse.Json(200, """{"warehouses":[{"id":"w2","name":"two","state":"SOMETHING_NEW"}]}"""));
        using var client = TestDatabricksClients.Create(_server.BaseAddress, DatabricksCredential.FromPersonalAccessToken("dapi-test-token-1"));
        var sut = client.GetWarehousesClient();

        var warehouses = await sut.ListWarehousesAsync(TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["w1", "w2"], warehouses.Select(w => w.Id));
        Assert.Equal(SqlWarehouseState.Running, warehouses[0].State);
        Assert.Equal("SOMETHING_NEW", warehouses[1].State.Value);
        Assert.Equal("2X-Small", warehouses[0].ClusterSize);
        Assert.Equal(["", "?page_token=p2"], _server.Requests.Select(r => r.Query));
    }

    [Fact]
    public async Task GetWarehouseAsync_Missing_ThrowsNotFound()
    {
        _server.Enqueue(ScriptedResponse.Error(404, "RESOURCE_DOES_NOT_EXIST", "No warehouse"));
        using var client = TestDatabricksClients.Create(_server.BaseAddress, DatabricksCredential.FromPersonalAccessToken("dapi-test-token-1"));

        var error = await Assert.ThrowsAsync<DatabricksException>(
            () => client.GetWarehousesClient().GetWarehouseAsync("nope", TestContext.Current.CancellationToken));

        Assert.True(error.IsNotFound);
        Assert.Equal("/api/2.0/sql/warehouses/nope", Assert.Single(_server.Requests).Path);
    }

    [Fact]
    public async Task StartWarehouseAsync_PostsToStart()
    {
        _server.Enqueue(ScriptedResponse.Json(200, "{}"));
        using var client = TestDatabricksClients.Create(_server.BaseAddress, DatabricksCredential.FromPersonalAccessToken("dapi-test-token-1"));

        await client.GetWarehousesClient().StartWarehouseAsync("w1", TestContext.Current.CancellationToken);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/2.0/sql/warehouses/w1/start", request.Path);
    }
}
