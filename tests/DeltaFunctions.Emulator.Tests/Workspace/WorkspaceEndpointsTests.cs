using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using DeltaFunctions.TestUtilities.Emulator;

namespace DeltaFunctions.Emulator.Tests.Workspace;

public sealed class WorkspaceEndpointsTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private static JsonObject Import(string path, string sql, bool? overwrite = null)
    {
        var body = new JsonObject { ["path"] = path, ["language"] = "SQL", ["format"] = "SOURCE", ["content"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(sql)) };
        if (overwrite is not null)
        {
            body["overwrite"] = overwrite;
        }

        return body;
    }

    [Fact]
    public async Task Import_SqlNotebook_IsANotebookFileInTheWorkspaceFolder()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = emulator.CreateClient();

        var imported = await sut.PostJsonAsync("api/2.0/workspace/import", Import("/Users/a@b.c/daily", "SELECT 1"), ct);
        var status = await sut.GetJsonAsync("api/2.0/workspace/get-status?path=" + Uri.EscapeDataString("/Users/a@b.c/daily"), ct);
        var folder = await sut.GetJsonAsync("api/2.0/workspace/get-status?path=/Users", ct);

        Assert.Empty(imported);
        Assert.Equal("NOTEBOOK", (string?)status["object_type"]);
        Assert.Equal("SQL", (string?)status["language"]);
        Assert.Equal("/Users/a@b.c/daily", (string?)status["path"]);
        Assert.True((long)status["object_id"]! > 0);
        Assert.Equal("DIRECTORY", (string?)folder["object_type"]);
        Assert.Equal("SELECT 1", File.ReadAllText(Path.Combine(emulator.WorkspaceDirectory, "Users", "a@b.c", "daily.sql")));
    }

    [Fact]
    public async Task Import_ExistingWithoutOverwrite_Returns409AndWithOverwriteReplaces()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = emulator.CreateClient();
        await sut.PostJsonAsync("api/2.0/workspace/import", Import("/Shared/twice", "SELECT 1"), ct);

        using var again = await sut.PostAsync("api/2.0/workspace/import", HttpJson.Content(Import("/Shared/twice", "SELECT 2")), ct);
        await sut.PostJsonAsync("api/2.0/workspace/import", Import("/Shared/twice", "SELECT 3", overwrite: true), ct);
        var exported = await sut.GetJsonAsync("api/2.0/workspace/export?path=/Shared/twice", ct);

        await again.AssertErrorAsync(HttpStatusCode.Conflict, "RESOURCE_ALREADY_EXISTS", "Path (/Shared/twice) already exists.", ct);
        Assert.Equal("SELECT 3", Encoding.UTF8.GetString(Convert.FromBase64String((string)exported["content"]!)));
    }

    [Fact]
    public async Task GetStatus_MissingPath_Returns404()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = emulator.CreateClient();

        using var response = await sut.GetAsync("api/2.0/workspace/get-status?path=/Shared/nothing", ct);

        await response.AssertErrorAsync(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "Path (/Shared/nothing) doesn't exist.", ct);
    }

    [Fact]
    public async Task Import_RelativePath_Returns400()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = emulator.CreateClient();

        using var response = await sut.PostAsync("api/2.0/workspace/import", HttpJson.Content(Import("relative/x", "SELECT 1")), ct);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Path (relative/x) must be absolute.", ct);
    }

    [Fact]
    public async Task Delete_Notebook_RemovesIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = emulator.CreateClient();
        await sut.PostJsonAsync("api/2.0/workspace/import", Import("/Shared/gone", "SELECT 1"), ct);

        await sut.PostJsonAsync("api/2.0/workspace/delete", new JsonObject { ["path"] = "/Shared/gone" }, ct);
        using var response = await sut.GetAsync("api/2.0/workspace/get-status?path=/Shared/gone", ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Mkdirs_CreatesNestedFoldersThatGetStatusReportsAsDirectories()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = emulator.CreateClient();

        var created = await sut.PostJsonAsync("api/2.0/workspace/mkdirs", new JsonObject { ["path"] = "/Workspace/Shared/a/b" }, ct);
        var status = await sut.GetJsonAsync("api/2.0/workspace/get-status?path=/Shared/a/b", ct);

        Assert.Empty(created);
        Assert.Equal("DIRECTORY", (string?)status["object_type"]);
        Assert.Equal("/Shared/a/b", (string?)status["path"]);
    }

    [Fact]
    public async Task Delete_NonEmptyFolderWithoutRecursive_Returns400()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = emulator.CreateClient();
        await sut.PostJsonAsync("api/2.0/workspace/import", Import("/Shared/full/nb", "SELECT 1"), ct);

        using var refused = await sut.PostAsync("api/2.0/workspace/delete", HttpJson.Content(new JsonObject { ["path"] = "/Shared/full" }), ct);
        var deleted = await sut.PostJsonAsync("api/2.0/workspace/delete", new JsonObject { ["path"] = "/Shared/full", ["recursive"] = true }, ct);

        await refused.AssertErrorAsync(HttpStatusCode.BadRequest, "DIRECTORY_NOT_EMPTY", "Folder (/Shared/full) is not empty. Use recursive delete or remove its contents first.", ct);
        Assert.Empty(deleted);
    }

    [Fact]
    public async Task List_Folder_ReturnsItsNotebooksAndFoldersSortedByPath()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = emulator.CreateClient();
        await sut.PostJsonAsync("api/2.0/workspace/import", Import("/Listed/etl/load", "SELECT 1"), ct);
        await sut.PostJsonAsync("api/2.0/workspace/import", Import("/Listed/daily", "SELECT 2"), ct);
        await sut.PostJsonAsync("api/2.0/workspace/mkdirs", new JsonObject { ["path"] = "/Listed/empty" }, ct);

        var listed = await sut.GetJsonAsync("api/2.0/workspace/list?path=/Listed", ct);
        var empty = await sut.GetJsonAsync("api/2.0/workspace/list?path=/Listed/empty", ct);
        using var missing = await sut.GetAsync("api/2.0/workspace/list?path=/Listed/nope", ct);

        var objects = listed["objects"]!.AsArray();
        Assert.Equal(["/Listed/daily", "/Listed/empty", "/Listed/etl"], objects.Select(o => (string?)o!["path"]));
        Assert.Equal(["NOTEBOOK", "DIRECTORY", "DIRECTORY"], objects.Select(o => (string?)o!["object_type"]));
        Assert.Equal("SQL", (string?)objects[0]!["language"]);
        Assert.Empty(empty);
        await missing.AssertErrorAsync(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "Path (/Listed/nope) doesn't exist.", ct);
    }
}
