using System.Net;
using System.Text.Json.Nodes;
using DeltaFunctions.TestUtilities.Emulator;

namespace DeltaFunctions.Emulator.Tests.Catalog;

/// <summary>Unity Catalog reflects what SQL created.</summary>
public sealed class CatalogEndpointsTests : IAsyncLifetime
{
    private EmulatorFixture _emulator = null!;
    private HttpClient _sut = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _emulator = await EmulatorFixture.StartAsync(o => o with { ServerPageSize = 2 }, ct);
        _sut = _emulator.CreateClient();
        foreach (var statement in new[]
        {
            "CREATE SCHEMA main.sales COMMENT 'sales data'",
            "CREATE TABLE main.sales.orders (id BIGINT NOT NULL COMMENT 'key', amt DECIMAL(10,2), day DATE) COMMENT 'raw orders'",
            "CREATE TABLE main.sales.customers (id BIGINT, name STRING)",
            "CREATE TABLE main.sales.returns (id BIGINT)",
            "CREATE VOLUME main.sales.landing",
        })
        {
            var body = await _sut.PostJsonAsync("api/2.0/sql/statements", new JsonObject { ["statement"] = statement, ["warehouse_id"] = _emulator.WarehouseId }, ct);
            Assert.True((string?)body["status"]!["state"] == "SUCCEEDED", body.ToJsonString());
        }
    }

    public ValueTask DisposeAsync() => _emulator.DisposeAsync();

    [Fact]
    public async Task Catalogs_ListAndGet_IncludeMain()
    {
        var ct = TestContext.Current.CancellationToken;

        var list = await _sut.GetJsonAsync("api/2.1/unity-catalog/catalogs", ct);
        var main = await _sut.GetJsonAsync("api/2.1/unity-catalog/catalogs/main", ct);

        Assert.Contains(list["catalogs"]!.AsArray(), c => (string?)c!["name"] == "main");
        Assert.Null(list["next_page_token"]);
        Assert.Equal("main", (string?)main["full_name"]);
        Assert.Equal("MANAGED_CATALOG", (string?)main["catalog_type"]);
        Assert.True((long)main["created_at"]! > 0);
    }

    [Fact]
    public async Task Catalogs_GetMissing_Returns404CatalogDoesNotExist()
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await _sut.GetAsync("api/2.1/unity-catalog/catalogs/nope", ct);

        await response.AssertErrorAsync(HttpStatusCode.NotFound, "CATALOG_DOES_NOT_EXIST", "Catalog 'nope' does not exist.", ct);
    }

    [Fact]
    public async Task Schemas_ListAndGet_ReflectCreateSchema()
    {
        var ct = TestContext.Current.CancellationToken;

        var list = await _sut.GetJsonAsync("api/2.1/unity-catalog/schemas?catalog_name=main", ct);
        var sales = await _sut.GetJsonAsync("api/2.1/unity-catalog/schemas/main.sales", ct);
        using var missing = await _sut.GetAsync("api/2.1/unity-catalog/schemas/main.nope", ct);
        using var noCatalog = await _sut.GetAsync("api/2.1/unity-catalog/schemas", ct);

        Assert.Contains(list["schemas"]!.AsArray(), s => (string?)s!["full_name"] == "main.sales");
        Assert.Equal("sales", (string?)sales["name"]);
        Assert.Equal("main", (string?)sales["catalog_name"]);
        Assert.Equal("sales data", (string?)sales["comment"]);
        await missing.AssertErrorAsync(HttpStatusCode.NotFound, "SCHEMA_DOES_NOT_EXIST", "Schema 'main.nope' does not exist.", ct);
        await noCatalog.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "catalog_name is required.", ct);
    }

    [Fact]
    public async Task Tables_ListWithMaxResults_PagesUntilTheTokenIsAbsent()
    {
        var ct = TestContext.Current.CancellationToken;
        var names = new List<string>();
        string? token = null;
        var pages = 0;

        do
        {
            var page = await _sut.GetJsonAsync($"api/2.1/unity-catalog/tables?catalog_name=main&schema_name=sales&max_results=0{(token is null ? string.Empty : "&page_token=" + Uri.EscapeDataString(token))}", ct);
            names.AddRange(page["tables"]!.AsArray().Select(t => (string)t!["name"]!));
            token = (string?)page["next_page_token"];
            pages++;
        }
        while (token is not null);
        var all = await _sut.GetJsonAsync("api/2.1/unity-catalog/tables?catalog_name=main&schema_name=sales", ct);

        Assert.Equal(2, pages);
        Assert.Equal(new[] { "customers", "orders", "returns" }, names.Order());
        Assert.Equal(3, all["tables"]!.AsArray().Count);
        Assert.Null(all["next_page_token"]);
    }

    [Fact]
    public async Task Tables_NegativeMaxResults_Returns400()
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await _sut.GetAsync("api/2.1/unity-catalog/tables?catalog_name=main&schema_name=sales&max_results=-1", ct);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "max_results must be greater than or equal to 0.", ct);
    }

    [Fact]
    public async Task Tables_Get_DescribesColumnsAsUnityCatalogDoes()
    {
        var ct = TestContext.Current.CancellationToken;

        var table = await _sut.GetJsonAsync("api/2.1/unity-catalog/tables/main.sales.orders", ct);

        Assert.Equal("main.sales.orders", (string?)table["full_name"]);
        Assert.Equal("MANAGED", (string?)table["table_type"]);
        Assert.Equal("DELTA", (string?)table["data_source_format"]);
        Assert.Equal("raw orders", (string?)table["comment"]);
        Assert.False(string.IsNullOrEmpty((string?)table["table_id"]));
        var columns = table["columns"]!.AsArray();
        Assert.Equal(["id", "amt", "day"], columns.Select(c => (string)c!["name"]!));
        Assert.Equal("bigint", (string?)columns[0]!["type_text"]);
        Assert.Equal("LONG", (string?)columns[0]!["type_name"]);
        Assert.False((bool)columns[0]!["nullable"]!);
        Assert.Equal("decimal(10,2)", (string?)columns[1]!["type_text"]);
        Assert.Equal(10, (int)columns[1]!["type_precision"]!);
        Assert.Equal(1, (int)columns[1]!["position"]!);
        Assert.Equal("DATE", (string?)columns[2]!["type_name"]);
    }

    [Fact]
    public async Task Tables_GetMissing_Returns404AndExistsAnswersFalse()
    {
        var ct = TestContext.Current.CancellationToken;

        using var missing = await _sut.GetAsync("api/2.1/unity-catalog/tables/main.sales.nope", ct);
        var exists = await _sut.GetJsonAsync("api/2.1/unity-catalog/tables/main.sales.orders/exists", ct);
        var notExists = await _sut.GetJsonAsync("api/2.1/unity-catalog/tables/main.sales.nope/exists", ct);

        await missing.AssertErrorAsync(HttpStatusCode.NotFound, "TABLE_DOES_NOT_EXIST", "Table 'main.sales.nope' does not exist.", ct);
        Assert.True((bool)exists["table_exists"]!);
        Assert.False((bool)notExists["table_exists"]!);
    }

    [Fact]
    public async Task Volumes_ListAndGet_ReflectCreateVolume()
    {
        var ct = TestContext.Current.CancellationToken;

        var list = await _sut.GetJsonAsync("api/2.1/unity-catalog/volumes?catalog_name=main&schema_name=sales", ct);
        var volume = await _sut.GetJsonAsync("api/2.1/unity-catalog/volumes/main.sales.landing", ct);
        using var missing = await _sut.GetAsync("api/2.1/unity-catalog/volumes/main.sales.nope", ct);

        Assert.Equal("landing", (string?)Assert.Single(list["volumes"]!.AsArray())!["name"]);
        Assert.Equal("main.sales.landing", (string?)volume["full_name"]);
        Assert.Equal("MANAGED", (string?)volume["volume_type"]);
        await missing.AssertErrorAsync(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "Volume 'main.sales.nope' does not exist.", ct);
    }
}
