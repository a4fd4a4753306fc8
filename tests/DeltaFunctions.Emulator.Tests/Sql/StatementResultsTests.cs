using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using DeltaFunctions.TestUtilities.Emulator;
using Microsoft.Extensions.Time.Testing;

namespace DeltaFunctions.Emulator.Tests.Sql;

/// <summary>Statements answered by the Lakehouse: schema, encodings, chunking, limits, links and SQL errors.</summary>
public sealed class StatementResultsTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private EmulatorFixture _emulator = null!;
    private HttpClient _sut = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _emulator = await EmulatorFixture.StartAsync(o => o with { TimeProvider = _clock, ResultChunkRows = 3, InlineResultByteLimit = 4096 }, ct);
        _sut = _emulator.CreateClient();
        await ExecuteAsync("CREATE TABLE main.default.numbers (id BIGINT, label STRING)", ct);
        await ExecuteAsync(
            "INSERT INTO main.default.numbers VALUES (1, 'one'), (2, 'two'), (3, 'three'), (4, 'four'), (5, 'five'), (6, 'six'), (7, 'seven'), (8, 'eight'), (9, 'nine'), (10, 'ten, with a comma')",
            ct);
    }

    public ValueTask DisposeAsync() => _emulator.DisposeAsync();

    private async Task<JsonObject> ExecuteAsync(string statement, CancellationToken ct, Action<JsonObject>? configure = null)
    {
        var request = new JsonObject { ["statement"] = statement, ["warehouse_id"] = _emulator.WarehouseId, ["wait_timeout"] = "50s" };
        configure?.Invoke(request);
        var body = await _sut.PostJsonAsync("api/2.0/sql/statements", request, ct);
        Assert.True((string?)body["status"]!["state"] == "SUCCEEDED", body.ToJsonString());
        return body;
    }

    private const string Ordered = "SELECT id, label FROM main.default.numbers ORDER BY id";

    [Fact]
    public async Task Submit_Select_ReturnsManifestAndInlineJsonArray()
    {
        var ct = TestContext.Current.CancellationToken;

        var body = await ExecuteAsync("SELECT CAST(1 AS BIGINT) AS id, CAST(10.5 AS DECIMAL(10,2)) AS amt, 'x' AS s, CAST(NULL AS STRING) AS n, true AS b", ct);

        var manifest = body["manifest"]!;
        Assert.Equal("JSON_ARRAY", (string?)manifest["format"]);
        Assert.Equal(5, (int)manifest["schema"]!["column_count"]!);
        var columns = manifest["schema"]!["columns"]!.AsArray();
        Assert.Equal("LONG", (string?)columns[0]!["type_name"]);
        Assert.Equal("BIGINT", (string?)columns[0]!["type_text"]);
        Assert.Equal("DECIMAL", (string?)columns[1]!["type_name"]);
        Assert.Equal(10, (int)columns[1]!["type_precision"]!);
        Assert.Equal(2, (int)columns[1]!["type_scale"]!);
        Assert.Equal(1, (int)columns[1]!["position"]!);
        Assert.Equal(1, (int)manifest["total_row_count"]!);
        Assert.False((bool)manifest["truncated"]!);
        var row = body["result"]!["data_array"]![0]!.AsArray();
        Assert.Equal("[\"1\",\"10.50\",\"x\",null,\"true\"]", row.ToJsonString());
    }

    [Fact]
    public async Task Submit_NamedParameters_AreBoundWithTheirTypes()
    {
        var ct = TestContext.Current.CancellationToken;

        var body = await ExecuteAsync("SELECT :n + 1 AS next, :d AS d, :s AS s", ct, r => r["parameters"] = new JsonArray(
            new JsonObject { ["name"] = "n", ["value"] = "41", ["type"] = "BIGINT" },
            new JsonObject { ["name"] = "d", ["value"] = "2024-06-10", ["type"] = "DATE" },
            new JsonObject { ["name"] = "s", ["value"] = null }));

        Assert.Equal("[\"42\",\"2024-06-10\",null]", body["result"]!["data_array"]![0]!.ToJsonString());
    }

    [Fact]
    public async Task GetChunk_InlineResultOfManyChunks_FollowsNextChunkLinksToEveryRow()
    {
        var ct = TestContext.Current.CancellationToken;

        var body = await ExecuteAsync(Ordered, ct);
        var ids = new List<string>();
        var result = body["result"]!;
        while (true)
        {
            ids.AddRange(result["data_array"]!.AsArray().Select(r => (string)r![0]!));
            var next = (string?)result["next_chunk_internal_link"];
            if (next is null)
            {
                break;
            }

            result = await _sut.GetJsonAsync(next.TrimStart('/'), ct);
        }

        Assert.Equal(4, (int)body["manifest"]!["total_chunk_count"]!);
        Assert.Equal(4, body["manifest"]!["chunks"]!.AsArray().Count);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), ids);
    }

    private async Task<List<byte[]>> DownloadAllChunksAsync(JsonObject body, CancellationToken ct)
    {
        using var storage = new HttpClient();
        var blobs = new List<byte[]>();
        var count = (int)body["manifest"]!["total_chunk_count"]!;
        for (var i = 0; i < count; i++)
        {
            var chunk = i == 0 ? body["result"]! : await _sut.GetJsonAsync($"api/2.0/sql/statements/{body["statement_id"]}/result/chunks/{i}", ct);
            var link = chunk["external_links"]![0]!;
            Assert.Equal(i, (int)link["chunk_index"]!);
            var bytes = await storage.GetByteArrayAsync((string)link["external_link"]!, ct);
            Assert.Equal((long)link["byte_count"]!, bytes.Length);
            blobs.Add(bytes);
        }

        return blobs;
    }

    [Fact]
    public async Task ExternalLinks_JsonArray_EveryChunkDownloadsWithoutAuthorization()
    {
        var ct = TestContext.Current.CancellationToken;

        var body = await ExecuteAsync(Ordered, ct, r => r["disposition"] = "EXTERNAL_LINKS");
        var blobs = await DownloadAllChunksAsync(body, ct);

        var rows = blobs.SelectMany(b => JsonNode.Parse(b)!.AsArray()).Select(r => (string)r![1]!).ToList();
        Assert.Equal(4, blobs.Count);
        Assert.Equal(10, rows.Count);
        Assert.Equal("ten, with a comma", rows[^1]);
        Assert.True((long)body["manifest"]!["total_byte_count"]! > 0);
        Assert.Null(body["result"]!["data_array"]);
    }

    [Fact]
    public async Task ExternalLinks_ArrowStream_EveryChunkIsAnArrowIpcStream()
    {
        var ct = TestContext.Current.CancellationToken;

        var body = await ExecuteAsync(Ordered, ct, r =>
        {
            r["disposition"] = "EXTERNAL_LINKS";
            r["format"] = "ARROW_STREAM";
        });
        var blobs = await DownloadAllChunksAsync(body, ct);

        var ids = new List<long>();
        foreach (var blob in blobs)
        {
            using var reader = new ArrowStreamReader(new MemoryStream(blob));
            while (await reader.ReadNextRecordBatchAsync(ct) is { } batch)
            {
                using (batch)
                {
                    var column = (Int64Array)batch.Column(0);
                    ids.AddRange(Enumerable.Range(0, column.Length).Select(i => column.GetValue(i)!.Value));
                    Assert.IsType<StringArray>(batch.Column(1));
                }
            }
        }

        Assert.Equal("ARROW_STREAM", (string?)body["manifest"]!["format"]);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), ids);
    }

    [Fact]
    public async Task ExternalLinks_Csv_HasHeaderOnlyInTheFirstChunkAndQuotesCommas()
    {
        var ct = TestContext.Current.CancellationToken;

        var body = await ExecuteAsync(Ordered, ct, r =>
        {
            r["disposition"] = "EXTERNAL_LINKS";
            r["format"] = "CSV";
        });
        var chunks = (await DownloadAllChunksAsync(body, ct)).Select(b => Encoding.UTF8.GetString(b)).ToList();

        Assert.StartsWith("id,label\r\n1,one\r\n", chunks[0], StringComparison.Ordinal);
        Assert.StartsWith("4,four\r\n", chunks[1], StringComparison.Ordinal);
        Assert.Equal("10,\"ten, with a comma\"\r\n", chunks[3]);
    }

    [Fact]
    public async Task ExternalLink_WithAuthorizationHeader_IsRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        var body = await ExecuteAsync(Ordered, ct, r => r["disposition"] = "EXTERNAL_LINKS");
        var url = (string)body["result"]!["external_links"]![0]!["external_link"]!;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _emulator.Token);

        using var response = await _sut.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("InvalidArgument", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bytes=10-19", 206, 10, 19)]
    [InlineData("bytes=-5", 206, -5, -1)]
    [InlineData("bytes=20-", 206, 20, -1)]
    [InlineData("bytes=99999999-", 416, 0, 0)]
    [InlineData("bytes=5-2", 200, 0, -1)]
    [InlineData("bytes=0-1,5-9", 200, 0, -1)]
    public async Task ExternalLink_WithARangeHeader_AnswersAsACloudStoreDoes(string range, int status, int from, int to)
    {
        // A client resuming a dropped download asks for the rest with Range; S3 and ADLS answer one satisfiable range
        // with 206 and Content-Range, one past the end with 416, and ignore a malformed or multi-range header (200).
        // From and to are offsets into the whole body; negative ones count from its end.
        var ct = TestContext.Current.CancellationToken;
        var body = await ExecuteAsync(Ordered, ct, r => r["disposition"] = "EXTERNAL_LINKS");
        var url = (string)body["result"]!["external_links"]![0]!["external_link"]!;
        using var storage = new HttpClient();
        var whole = await storage.GetByteArrayAsync(url, ct);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Range", range);

        using var response = await storage.SendAsync(request, ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);

        Assert.Equal(status, (int)response.StatusCode);
        var start = from < 0 ? whole.Length + from : from;
        var end = to < 0 ? whole.Length + to : to;
        if (status == 206)
        {
            Assert.Equal(whole[start..(end + 1)], bytes);
            Assert.Equal($"bytes {start}-{end}/{whole.Length}", response.Content.Headers.ContentRange?.ToString());
        }
        else if (status == 416)
        {
            Assert.Empty(bytes);
            Assert.Equal($"bytes */{whole.Length}", response.Content.Headers.ContentRange?.ToString());
        }
        else
        {
            Assert.Equal(whole, bytes);
        }
    }

    [Fact]
    public async Task ExternalLink_AfterExpiration_IsRefusedAndTheChunkEndpointIssuesAFreshOne()
    {
        var ct = TestContext.Current.CancellationToken;
        var body = await ExecuteAsync(Ordered, ct, r => r["disposition"] = "EXTERNAL_LINKS");
        var link = body["result"]!["external_links"]![0]!;
        using var storage = new HttpClient();

        _clock.Advance(TimeSpan.FromMinutes(15));
        using var expired = await storage.GetAsync((string)link["external_link"]!, ct);
        var fresh = await _sut.GetJsonAsync($"api/2.0/sql/statements/{body["statement_id"]}/result/chunks/0", ct);
        using var renewed = await storage.GetAsync((string)fresh["external_links"]![0]!["external_link"]!, ct);

        Assert.Equal(DateTimeOffset.Parse("2026-01-01T00:15:00Z", System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse((string)link["expiration"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
        Assert.Contains("Request has expired", await expired.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
    }

    [Fact]
    public async Task Submit_RowLimit_TruncatesTheResult()
    {
        var ct = TestContext.Current.CancellationToken;

        var body = await ExecuteAsync(Ordered, ct, r => r["row_limit"] = 4);

        Assert.True((bool)body["manifest"]!["truncated"]!);
        Assert.Equal(4, (int)body["manifest"]!["total_row_count"]!);
        Assert.Equal(2, (int)body["manifest"]!["total_chunk_count"]!);
    }

    [Fact]
    public async Task Submit_ByteLimit_TruncatesTheResult()
    {
        var ct = TestContext.Current.CancellationToken;

        var body = await ExecuteAsync(Ordered, ct, r => r["byte_limit"] = 40);

        Assert.True((bool)body["manifest"]!["truncated"]!);
        Assert.InRange((int)body["manifest"]!["total_row_count"]!, 1, 9);
    }

    [Fact]
    public async Task Submit_InlineResultOverTheLimit_Fails()
    {
        var ct = TestContext.Current.CancellationToken;
        var request = new JsonObject { ["statement"] = "SELECT repeat('x', 5000) AS big", ["warehouse_id"] = _emulator.WarehouseId };

        var body = await _sut.PostJsonAsync("api/2.0/sql/statements", request, ct);

        Assert.Equal("FAILED", (string?)body["status"]!["state"]);
        Assert.Equal("BAD_REQUEST", (string?)body["status"]!["error"]!["error_code"]);
        Assert.Contains("EXTERNAL_LINKS", (string?)body["status"]!["error"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_MissingTable_Returns200FailedWithSqlState()
    {
        var ct = TestContext.Current.CancellationToken;
        var request = new JsonObject { ["statement"] = "SELECT * FROM main.default.no_such_table", ["warehouse_id"] = _emulator.WarehouseId };

        using var response = await _sut.PostAsync("api/2.0/sql/statements", HttpJson.Content(request), ct);
        var body = await response.ReadJsonAsync(ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("FAILED", (string?)body["status"]!["state"]);
        Assert.Equal("42P01", (string?)body["status"]!["sql_state"]);
        Assert.StartsWith("[TABLE_OR_VIEW_NOT_FOUND]", (string?)body["status"]!["error"]!["message"], StringComparison.Ordinal);
        Assert.Null(body["manifest"]);
    }

    [Fact]
    public async Task Submit_Async_IsPolledToSucceeded()
    {
        var ct = TestContext.Current.CancellationToken;
        var request = new JsonObject { ["statement"] = "SELECT count(*) AS n FROM main.default.numbers", ["warehouse_id"] = _emulator.WarehouseId, ["wait_timeout"] = "0s" };

        var submitted = await _sut.PostJsonAsync("api/2.0/sql/statements", request, ct);
        var done = await Poll.UntilAsync(
            () => _sut.GetJsonAsync($"api/2.0/sql/statements/{submitted["statement_id"]}", ct),
            b => (string?)b["status"]!["state"] is "SUCCEEDED" or "FAILED",
            ct);

        Assert.Contains((string?)submitted["status"]!["state"], new[] { "PENDING", "RUNNING", "SUCCEEDED" });
        Assert.Equal("SUCCEEDED", (string?)done["status"]!["state"]);
        Assert.Equal("10", (string?)done["result"]!["data_array"]![0]![0]);
    }

    [Fact]
    public async Task Get_AfterResultRetention_IsClosed()
    {
        var ct = TestContext.Current.CancellationToken;
        var body = await ExecuteAsync(Ordered, ct);

        _clock.Advance(TimeSpan.FromHours(1));
        var later = await _sut.GetJsonAsync($"api/2.0/sql/statements/{body["statement_id"]}", ct);

        Assert.Equal("CLOSED", (string?)later["status"]!["state"]);
    }

    private const string Typed =
        "SELECT CAST('2024-06-10 08:00:00' AS TIMESTAMP) AS ts, DATE'2024-06-10' AS d, CAST(12.5 AS DECIMAL(10,2)) AS amt, "
        + "CAST(1.5 AS DOUBLE) AS dbl, CAST(7 AS INT) AS i, array(1, 2) AS a, named_struct('x', 1, 'y', 'z') AS st";

    [Fact]
    public async Task Submit_TypedColumns_EncodeAsDatabricksStringsInJsonArray()
    {
        var ct = TestContext.Current.CancellationToken;

        var body = await ExecuteAsync(Typed, ct);

        var types = body["manifest"]!["schema"]!["columns"]!.AsArray().Select(c => (string)c!["type_name"]!);
        Assert.Equal(["TIMESTAMP", "DATE", "DECIMAL", "DOUBLE", "INT", "ARRAY", "STRUCT"], types);
        var row = body["result"]!["data_array"]![0]!.AsArray().Select(c => (string?)c).ToList();
        Assert.Equal("2024-06-10T08:00:00.000Z", row[0]);
        Assert.Equal("2024-06-10", row[1]);
        Assert.Equal("12.50", row[2]);
        Assert.Equal("1.5", row[3]);
        Assert.Equal("7", row[4]);
        Assert.Equal("[1,2]", row[5]);
        Assert.Equal("{\"x\":1,\"y\":\"z\"}", row[6]);
    }

    [Fact]
    public async Task ExternalLinks_ArrowStream_CarriesNativeArrowTypes()
    {
        var ct = TestContext.Current.CancellationToken;

        var body = await ExecuteAsync(Typed, ct, r =>
        {
            r["disposition"] = "EXTERNAL_LINKS";
            r["format"] = "ARROW_STREAM";
        });
        var blob = Assert.Single(await DownloadAllChunksAsync(body, ct));
        using var reader = new ArrowStreamReader(new MemoryStream(blob));
        using var batch = (await reader.ReadNextRecordBatchAsync(ct))!;

        Assert.Equal(new DateTimeOffset(2024, 6, 10, 8, 0, 0, TimeSpan.Zero), ((TimestampArray)batch.Column(0)).GetTimestamp(0));
        Assert.Equal(new DateOnly(2024, 6, 10), ((Date32Array)batch.Column(1)).GetDateOnly(0));
        Assert.Equal(12.50m, ((Decimal128Array)batch.Column(2)).GetValue(0));
        Assert.Equal(1.5, ((DoubleArray)batch.Column(3)).GetValue(0));
        Assert.Equal(7, ((Int32Array)batch.Column(4)).GetValue(0));
        Assert.Equal("[1,2]", ((StringArray)batch.Column(5)).GetString(0));
    }
}
