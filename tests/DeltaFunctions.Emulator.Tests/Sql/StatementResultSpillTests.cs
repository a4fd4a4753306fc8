using System.Text.Json.Nodes;
using DeltaFunctions.TestUtilities.Emulator;

namespace DeltaFunctions.Emulator.Tests.Sql;

/// <summary>
/// Results are spilled, not held: rows stream from DuckDB into one file per encoded chunk in the emulator's own data,
/// so neither the engine nor the emulator materializes a result, and the files go when the result does.
/// </summary>
public sealed class StatementResultSpillTests : IAsyncLifetime
{
    private EmulatorFixture _emulator = null!;
    private HttpClient _sut = null!;

    private string ResultsRoot => Path.Combine(_emulator.DataDirectory, "_emulator", "results");

    public async ValueTask InitializeAsync()
    {
        _emulator = await EmulatorFixture.StartAsync(o => o with { ResultChunkRows = 1000 }, TestContext.Current.CancellationToken);
        _sut = _emulator.CreateClient();
    }

    public ValueTask DisposeAsync() => _emulator.DisposeAsync();

    [Fact]
    public async Task ExternalLinks_LargeResult_IsOneFilePerChunkOnDiskMatchingTheManifest()
    {
        var ct = TestContext.Current.CancellationToken;

        var body = await SubmitAsync("SELECT id, concat('row-', CAST(id AS STRING)) AS label FROM range(25500)", ct, r =>
        {
            r["disposition"] = "EXTERNAL_LINKS";
            r["format"] = "ARROW_STREAM";
            r["result_compression"] = "LZ4_FRAME";
        });

        var id = (string)body["statement_id"]!;
        var manifest = body["manifest"]!;
        var files = Directory.GetFiles(Path.Combine(ResultsRoot, id));
        Assert.Equal(26, (int)manifest["total_chunk_count"]!);
        Assert.Equal(25_500, (long)manifest["total_row_count"]!);
        Assert.Equal(26, files.Length);
        Assert.Equal((long)manifest["total_byte_count"]!, files.Sum(f => new FileInfo(f).Length));
        var chunks = manifest["chunks"]!.AsArray();
        Assert.Equal(25_000, (long)chunks[^1]!["row_offset"]!);
        Assert.Equal(500, (long)chunks[^1]!["row_count"]!);
        using var storage = new HttpClient();
        var last = await _sut.GetJsonAsync($"api/2.0/sql/statements/{id}/result/chunks/25", ct);
        var bytes = await storage.GetByteArrayAsync((string)last["external_links"]![0]!["external_link"]!, ct);
        Assert.Equal(new FileInfo(Path.Combine(ResultsRoot, id, "chunk-25.bin")).Length, bytes.Length);
    }

    [Fact]
    public async Task Close_Result_DeletesItsChunkFilesAndLinksAnswerNoSuchKey()
    {
        var ct = TestContext.Current.CancellationToken;
        var body = await SubmitAsync("SELECT id FROM range(5000)", ct, r => r["disposition"] = "EXTERNAL_LINKS");
        var id = (string)body["statement_id"]!;
        var link = (string)body["result"]!["external_links"]![0]!["external_link"]!;
        Assert.True(Directory.Exists(Path.Combine(ResultsRoot, id)));

        using var closed = await _sut.DeleteAsync($"api/2.0/sql/statements/{id}", ct);

        closed.EnsureSuccessStatusCode();
        Assert.False(Directory.Exists(Path.Combine(ResultsRoot, id)));
        using var storage = new HttpClient();
        using var download = await storage.GetAsync(link, ct);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, download.StatusCode);
    }

    [Fact]
    public async Task Submit_RowLimitOnAQueryOfAHundredBillionRows_ReadsOnlyTheRowsKept()
    {
        var ct = TestContext.Current.CancellationToken;

        // Materializing this result (10^11 rows) could never finish: the statement succeeds only because rows are
        // read as they are needed and reading stops at the limit.
        var body = await SubmitAsync("SELECT id FROM range(100000000000)", ct, r =>
        {
            r["disposition"] = "EXTERNAL_LINKS";
            r["row_limit"] = 2500;
        });

        Assert.True((bool)body["manifest"]!["truncated"]!);
        Assert.Equal(2500, (long)body["manifest"]!["total_row_count"]!);
        Assert.Equal(3, (int)body["manifest"]!["total_chunk_count"]!);
    }

    [Fact]
    public async Task Submit_InlineQueryOfAHundredBillionRows_FailsAtTheInlineLimitWithoutReadingTheRest()
    {
        var ct = TestContext.Current.CancellationToken;
        var request = new JsonObject { ["statement"] = "SELECT id FROM range(100000000000)", ["warehouse_id"] = _emulator.WarehouseId, ["wait_timeout"] = "50s" };

        var body = await _sut.PostJsonAsync("api/2.0/sql/statements", request, ct);

        Assert.Equal("FAILED", (string?)body["status"]!["state"]);
        Assert.Contains("EXTERNAL_LINKS", (string?)body["status"]!["error"]!["message"], StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(ResultsRoot, (string)body["statement_id"]!)));
    }

    [Fact]
    public async Task Cancel_WhileRowsAreBeingSpilled_LeavesNoFiles()
    {
        var ct = TestContext.Current.CancellationToken;
        var request = new JsonObject
        {
            ["statement"] = "SELECT id FROM range(100000000000)",
            ["warehouse_id"] = _emulator.WarehouseId,
            ["disposition"] = "EXTERNAL_LINKS",
            ["wait_timeout"] = "0s",
        };
        var submitted = await _sut.PostJsonAsync("api/2.0/sql/statements", request, ct);
        var id = (string)submitted["statement_id"]!;
        await Poll.UntilAsync(() => Task.FromResult(Directory.Exists(Path.Combine(ResultsRoot, id))), exists => exists, ct);

        using var cancel = await _sut.PostAsync($"api/2.0/sql/statements/{id}/cancel", null, ct);

        cancel.EnsureSuccessStatusCode();
        var state = await _sut.GetJsonAsync($"api/2.0/sql/statements/{id}", ct);
        Assert.Equal("CANCELED", (string?)state["status"]!["state"]);
        Assert.False(Directory.Exists(Path.Combine(ResultsRoot, id)));
    }

    private async Task<JsonObject> SubmitAsync(string statement, CancellationToken ct, Action<JsonObject> configure)
    {
        var request = new JsonObject { ["statement"] = statement, ["warehouse_id"] = _emulator.WarehouseId, ["wait_timeout"] = "50s" };
        configure(request);
        var body = await _sut.PostJsonAsync("api/2.0/sql/statements", request, ct);
        Assert.True((string?)body["status"]!["state"] == "SUCCEEDED", body.ToJsonString());
        return body;
    }
}
