using DeltaFunctions.Databricks.Auth;
using DeltaFunctions.Databricks.Catalog;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.TestUtilities.Http;

namespace DeltaFunctions.Databricks.Tests.Catalog;

/// <summary>
/// Unity Catalog listing on the wire (reference §5): <c>max_results</c> sent on every page, page tokens followed
/// through an empty page, values the client does not know kept as they are. The emulator never returns an empty
/// page with a token nor unknown table types, so a scripted server answers.
/// </summary>
public sealed class CatalogClientPagingTests : IAsyncLifetime
{
    private const string TablesPath = "/api/2.1/unity-catalog/tables";

    private ScriptedHttpServer _server = null!;
    private DatabricksClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await ScriptedHttpServer.StartAsync(Ct);
        _client = TestDatabricksClients.Create(_server.BaseAddress, DatabricksCredential.FromPersonalAccessToken("dapi-test"));
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task ListTablesAsync_EmptyPageWithToken_FollowsEveryTokenWithMaxResults()
    {
        _server.Map(TablesPath, request => request.Query switch
        {
            var q when q.Contains("page_token=tok1", StringComparison.Ordinal) => ScriptedResponse.Json(200, """{"tables":[],"next_page_token":"tok2"}"""),
            var q when q.Contains("page_token=tok2", StringComparison.Ordinal) => ScriptedResponse.Json(200, """{"tables":[{"name":"c","table_type":"FOREIGN","data_source_format":"MYSQL_FORMAT"}]}"""),
            _ => ScriptedResponse.Json(200, """{"tables":[{"name":"a","table_type":"MANAGED","data_source_format":"DELTA"},{"name":"b","table_type":"SOMETHING_NEW","data_source_format":"ICEBERG_NEXT"}],"next_page_token":"tok1"}"""),
        });
        var sut = _client.GetCatalogClient();

        var tables = await sut.ListTablesAsync("main", "sales", maxResults: 2, Ct).ToListAsync(Ct);

        var requests = _server.RequestsTo(TablesPath);
        Assert.Equal(["a", "b", "c"], tables.Select(t => t.Name));
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r => Assert.Contains("max_results=2", r.Query, StringComparison.Ordinal));
        Assert.All(requests, r => Assert.Contains("catalog_name=main", r.Query, StringComparison.Ordinal));
        Assert.DoesNotContain("page_token", requests[0].Query, StringComparison.Ordinal);
        Assert.Equal(TableType.Managed, tables[0].TableType);
        Assert.Equal(DataSourceFormat.Delta, tables[0].DataSourceFormat);
        Assert.Equal(new TableType("SOMETHING_NEW"), tables[1].TableType);
        Assert.Equal("ICEBERG_NEXT", tables[1].DataSourceFormat!.Value.Value);
        Assert.Equal(TableType.Foreign, tables[2].TableType);
    }

    [Fact]
    public async Task ListCatalogsAsync_NegativeMaxResults_ThrowsWithoutRequest()
    {
        var sut = _client.GetCatalogClient();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => sut.ListCatalogsAsync(-1, Ct).ToListAsync(Ct).AsTask());

        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task GetTableAsync_NameWithSpecialCharacters_EscapesFullNameInPath()
    {
        _server.Map("/api/2.1/unity-catalog/tables/main.sales.order items#1", _ => ScriptedResponse.Json(200, """{"name":"order items#1","table_type":"VIEW"}"""));
        var sut = _client.GetCatalogClient();

        var table = await sut.GetTableAsync(new TableName("main", "sales", "order items#1"), Ct);

        Assert.Equal(TableType.View, table.TableType);
        Assert.Single(_server.Requests);
    }
}
