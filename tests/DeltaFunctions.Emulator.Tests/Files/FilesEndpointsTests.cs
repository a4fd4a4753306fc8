using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using DeltaFunctions.TestUtilities.Emulator;

namespace DeltaFunctions.Emulator.Tests.Files;

/// <summary>The Files API over a volume created with SQL.</summary>
public sealed class FilesEndpointsTests : IAsyncLifetime
{
    private const string Volume = "/Volumes/main/default/staging";
    private EmulatorFixture _emulator = null!;
    private HttpClient _sut = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _emulator = await EmulatorFixture.StartAsync(cancellationToken: ct);
        _sut = _emulator.CreateClient();
        var body = await _sut.PostJsonAsync("api/2.0/sql/statements", new JsonObject { ["statement"] = "CREATE VOLUME main.default.staging", ["warehouse_id"] = _emulator.WarehouseId }, ct);
        Assert.True((string?)body["status"]!["state"] == "SUCCEEDED", body.ToJsonString());
    }

    public ValueTask DisposeAsync() => _emulator.DisposeAsync();

    private static ByteArrayContent Bytes(string text)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = new("application/octet-stream");
        return content;
    }

    [Fact]
    public async Task Put_ThenGetHeadAndDelete_RoundTripsTheBytes()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = $"api/2.0/fs/files{Volume}/batch%201/orders.csv";

        using var put = await _sut.PutAsync(path, Bytes("id,amt\n1,10.50\n"), ct);
        using var get = await _sut.GetAsync(path, ct);
        using var head = await _sut.SendAsync(new HttpRequestMessage(HttpMethod.Head, path), ct);
        using var delete = await _sut.DeleteAsync(path, ct);
        using var gone = await _sut.GetAsync(path, ct);

        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        Assert.Equal("id,amt\n1,10.50\n", await get.Content.ReadAsStringAsync(ct));
        Assert.Equal("application/octet-stream", get.Content.Headers.ContentType!.MediaType);
        Assert.NotNull(get.Content.Headers.LastModified);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(15, head.Content.Headers.ContentLength);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        await gone.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND", "The file being accessed is not found.", ct);
    }

    [Fact]
    public async Task Put_ConcurrentOverwriteFalseUploads_ExactlyOneCreatesTheFileAndItsBytesSurvive()
    {
        var ct = TestContext.Current.CancellationToken;
        const int uploads = 8;
        var path = $"api/2.0/fs/files{Volume}/race.txt?overwrite=false";

        var responses = await Task.WhenAll(Enumerable.Range(0, uploads).Select(i => _sut.PutAsync(path, Bytes($"upload {i}"), ct)));
        var winners = Enumerable.Range(0, uploads).Where(i => responses[i].StatusCode == HttpStatusCode.NoContent).ToList();
        using var get = await _sut.GetAsync($"api/2.0/fs/files{Volume}/race.txt", ct);

        Assert.Single(winners);
        Assert.All(Enumerable.Range(0, uploads).Except(winners), i => Assert.Equal(HttpStatusCode.Conflict, responses[i].StatusCode));
        Assert.Equal($"upload {winners[0]}", await get.Content.ReadAsStringAsync(ct));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Put_OverwriteFalseOnExistingFile_Returns409AndKeepsTheOriginal()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = $"api/2.0/fs/files{Volume}/keep.txt";
        using var first = await _sut.PutAsync(path, Bytes("original"), ct);

        using var second = await _sut.PutAsync(path + "?overwrite=false", Bytes("replacement"), ct);
        var content = await _sut.GetStringAsync(path, ct);

        await second.AssertErrorAsync(HttpStatusCode.Conflict, "ALREADY_EXISTS", null, ct);
        Assert.Equal("original", content);
    }

    [Fact]
    public async Task Directories_CreateListAndDelete_FollowTheFilesApi()
    {
        var ct = TestContext.Current.CancellationToken;
        var dir = $"api/2.0/fs/directories{Volume}/in/2024";

        using var created = await _sut.PutAsync(dir, null, ct);
        using var again = await _sut.PutAsync(dir, null, ct);
        using var file = await _sut.PutAsync($"api/2.0/fs/files{Volume}/in/2024/a.json", Bytes("{}"), ct);
        var listing = await _sut.GetJsonAsync($"api/2.0/fs/directories{Volume}/in", ct);
        var inner = await _sut.GetJsonAsync(dir, ct);
        using var notEmpty = await _sut.DeleteAsync(dir, ct);
        using var removeFile = await _sut.DeleteAsync($"api/2.0/fs/files{Volume}/in/2024/a.json", ct);
        using var removed = await _sut.DeleteAsync(dir, ct);
        using var head = await _sut.SendAsync(new HttpRequestMessage(HttpMethod.Head, dir), ct);

        Assert.Equal(HttpStatusCode.NoContent, created.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        var entry = Assert.Single(listing["contents"]!.AsArray())!;
        Assert.Equal("2024", (string?)entry["name"]);
        Assert.True((bool)entry["is_directory"]!);
        var child = Assert.Single(inner["contents"]!.AsArray())!;
        Assert.Equal($"{Volume}/in/2024/a.json", (string?)child["path"]);
        Assert.Equal(2, (long)child["file_size"]!);
        Assert.True((long)child["last_modified"]! > 0);
        await notEmpty.AssertErrorAsync(HttpStatusCode.Conflict, "DIRECTORY_NOT_EMPTY", null, ct);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
    }

    [Fact]
    public async Task Directories_ListWithPageSize_Paginates()
    {
        var ct = TestContext.Current.CancellationToken;
        for (var i = 0; i < 3; i++)
        {
            using var put = await _sut.PutAsync($"api/2.0/fs/files{Volume}/many/f{i}.txt", Bytes("x"), ct);
        }

        var first = await _sut.GetJsonAsync($"api/2.0/fs/directories{Volume}/many?page_size=2", ct);
        var second = await _sut.GetJsonAsync($"api/2.0/fs/directories{Volume}/many?page_size=2&page_token={Uri.EscapeDataString((string)first["next_page_token"]!)}", ct);

        Assert.Equal(2, first["contents"]!.AsArray().Count);
        Assert.Equal("f2.txt", (string?)Assert.Single(second["contents"]!.AsArray())!["name"]);
        Assert.Null(second["next_page_token"]);
    }

    [Fact]
    public async Task Put_FileStagedInAVolume_IsReadableWithReadFiles()
    {
        var ct = TestContext.Current.CancellationToken;
        using var put = await _sut.PutAsync($"api/2.0/fs/files{Volume}/load/orders.csv", Bytes("id,amt\n1,10.5\n2,20.25\n"), ct);

        var body = await _sut.PostJsonAsync("api/2.0/sql/statements", new JsonObject
        {
            ["statement"] = $"SELECT count(*) AS n FROM read_files('{Volume}/load/orders.csv', format => 'csv', header => true)",
            ["warehouse_id"] = _emulator.WarehouseId,
        }, ct);

        Assert.Equal("SUCCEEDED", (string?)body["status"]!["state"]);
        Assert.Equal("2", (string?)body["result"]!["data_array"]![0]![0]);
    }

    [Fact]
    public async Task Files_PathOutsideVolumes_Returns400()
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await _sut.GetAsync("api/2.0/fs/files/tmp/x.txt", ct);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", null, ct);
    }

    [Fact]
    public async Task Files_UnknownVolume_Returns404()
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await _sut.GetAsync("api/2.0/fs/files/Volumes/main/default/nope/x.txt", ct);

        await response.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND", null, ct);
    }
}
