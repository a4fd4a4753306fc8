using DeltaFunctions.Databricks.Auth;
using DeltaFunctions.TestUtilities.Http;
using DeltaFunctions.TestUtilities.Logging;

namespace DeltaFunctions.Databricks.Tests.Http;

/// <summary>
/// Every token-paged listing of the client (warehouses, Unity Catalog, Files, Jobs) goes through one pager: each page's
/// items once, in order, and never the same page twice. A server that hands out a page token again (a bug, or a proxy
/// replaying an answer) must not keep the caller in an endless listing of the same items. Real HTTP over loopback.
/// </summary>
public sealed class PagedListingTests : IAsyncLifetime
{
    private readonly TestLogs _logs = new();
    private ScriptedHttpServer _server = null!;
    private DatabricksClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Each listing: its path, the JSON of one page holding one item named by the argument, and the call.</summary>
    public static TheoryData<string> Listings => ["warehouses", "catalogs", "schemas", "tables", "directory", "jobs", "runs"];

    public async ValueTask InitializeAsync()
    {
        _server = await ScriptedHttpServer.StartAsync(Ct);
        _client = TestDatabricksClients.Create(_server.BaseAddress, DatabricksCredential.FromPersonalAccessToken("dapi-test"), loggerFactory: _logs.Factory);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        _logs.Dispose();
    }

    [Theory]
    [MemberData(nameof(Listings))]
    public async Task List_ServerHandsOutTheSameTokenAgain_EndsAfterEachPageWasReadOnce(string listing)
    {
        var (path, page) = Page(listing);

        // First page: item a, token t1; then item b and t1 again, forever.
        _server.Map(path, request => ScriptedResponse.Json(200, request.Query.Contains("page_token=t1", StringComparison.Ordinal) ? page("b", "t1") : page("a", "t1")));

        var names = await ListAsync(listing).ToListAsync(Ct);

        var requests = _server.RequestsTo(path);
        Assert.Equal(["a", "b"], names);
        Assert.Equal(2, requests.Count);
        Assert.DoesNotContain("page_token", requests[0].Query, StringComparison.Ordinal);
        Assert.Contains("page_token=t1", requests[1].Query, StringComparison.Ordinal);
        var warning = Assert.Single(_logs.WithEvent(LogEvents.HttpBase + 12));
        Assert.Contains(path, warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Listings))]
    public async Task List_TokensChainingToALastPage_ReadsEveryPageInOrder(string listing)
    {
        var (path, page) = Page(listing);
        _server.Map(path, request => ScriptedResponse.Json(200, request.Query switch
        {
            var q when q.Contains("page_token=t2", StringComparison.Ordinal) => page("c", null),
            var q when q.Contains("page_token=t1", StringComparison.Ordinal) => page("b", "t2"),
            _ => page("a", "t1"),
        }));

        var names = await ListAsync(listing).ToListAsync(Ct);

        Assert.Equal(["a", "b", "c"], names);
        Assert.Equal(3, _server.RequestsTo(path).Count);
        Assert.Empty(_logs.WithEvent(LogEvents.HttpBase + 12));
    }

    private static (string Path, Func<string, string?, string> Page) Page(string listing)
    {
        // The Jobs lists carry has_more beside the token; the others end on a page without a token.
        static string Next(string? token, bool hasMore = false) =>
            (token is null ? string.Empty : $$""","next_page_token":"{{token}}" """) + (hasMore ? $",\"has_more\":{(token is null ? "false" : "true")}" : string.Empty);
        return listing switch
        {
            "warehouses" => ("/api/2.0/sql/warehouses", (name, token) => $$"""{"warehouses":[{"id":"{{name}}","name":"{{name}}"}]""" + Next(token) + "}"),
            "catalogs" => ("/api/2.1/unity-catalog/catalogs", (name, token) => $$"""{"catalogs":[{"name":"{{name}}"}]""" + Next(token) + "}"),
            "schemas" => ("/api/2.1/unity-catalog/schemas", (name, token) => $$"""{"schemas":[{"name":"{{name}}"}]""" + Next(token) + "}"),
            "tables" => ("/api/2.1/unity-catalog/tables", (name, token) => $$"""{"tables":[{"name":"{{name}}"}]""" + Next(token) + "}"),
            "directory" => ("/api/2.0/fs/directories/Volumes/main/default/v/d", (name, token) => $$"""{"contents":[{"path":"/Volumes/main/default/v/d/{{name}}","name":"{{name}}"}]""" + Next(token) + "}"),
            "jobs" => ("/api/2.2/jobs/list", (name, token) => $$"""{"jobs":[{"job_id":1,"settings":{"name":"{{name}}" } }]""" + Next(token, hasMore: true) + "}"),
            "runs" => ("/api/2.2/jobs/runs/list", (name, token) => $$"""{"runs":[{"run_id":1,"run_name":"{{name}}"}]""" + Next(token, hasMore: true) + "}"),
            _ => throw new ArgumentOutOfRangeException(nameof(listing), listing, null),
        };
    }

    private IAsyncEnumerable<string?> ListAsync(string listing) => listing switch
    {
        "warehouses" => _client.GetWarehousesClient().ListWarehousesAsync(Ct).Select(w => w.Name),
        "catalogs" => _client.GetCatalogClient().ListCatalogsAsync(0, Ct).Select(c => c.Name),
        "schemas" => _client.GetCatalogClient().ListSchemasAsync("main", 0, Ct).Select(s => s.Name),
        "tables" => _client.GetCatalogClient().ListTablesAsync("main", "default", 0, Ct).Select(t => t.Name),
        "directory" => _client.GetFilesClient().ListDirectoryAsync("/Volumes/main/default/v/d", 0, Ct).Select(e => e.Name),
        "jobs" => _client.GetJobsClient().ListJobsAsync(null, Ct).Select(j => j.Settings?.Name),
        "runs" => _client.GetJobsClient().ListRunsAsync(null, Ct).Select(r => r.RunName),
        _ => throw new ArgumentOutOfRangeException(nameof(listing), listing, null),
    };
}
