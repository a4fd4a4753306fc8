using System.Net;
using System.Text.Json.Nodes;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using DeltaFunctions.TestUtilities.Emulator;
using K4os.Compression.LZ4.Streams;

namespace DeltaFunctions.Emulator.Tests.Sql;

/// <summary>
/// Classic and serverless warehouse profiles answer disposition/format pairs as Databricks does, serve INLINE Arrow
/// as base64 attachments split across chunks, compress Arrow with LZ4 frames on request and record query tags.
/// </summary>
public sealed class WarehouseProfilesTests : IAsyncLifetime
{
    private const string Serverless = "serverless0001";
    private const string Hybrid = "hybrid00000001";
    private EmulatorFixture _emulator = null!;
    private HttpClient _sut = null!;

    public async ValueTask InitializeAsync()
    {
        _emulator = await EmulatorFixture.StartAsync(
            o => o with
            {
                ResultChunkRows = 4,
                InlineResultByteLimit = 2048,
                Warehouses =
                [
                    new EmulatorWarehouse { Id = Serverless, Profile = EmulatorWarehouseProfile.Serverless },
                    new EmulatorWarehouse { Id = Hybrid, Profile = EmulatorWarehouseProfile.Classic, OffersInlineOrExternalLinks = true },
                ],
            },
            TestContext.Current.CancellationToken);
        _sut = _emulator.CreateClient();
    }

    public ValueTask DisposeAsync() => _emulator.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static JsonObject Request(string warehouse, string format, string disposition, string statement = "SELECT id FROM range(0, 10) AS r(id) ORDER BY id") =>
        new()
        {
            ["statement"] = statement,
            ["warehouse_id"] = warehouse,
            ["wait_timeout"] = "30s",
            ["format"] = format,
            ["disposition"] = disposition,
        };

    [Theory]
    [InlineData(Serverless, "JSON_ARRAY", "INLINE", HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Inline disposition only supports ARROW_STREAM format.")]
    [InlineData(Serverless, "CSV", "INLINE", HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Inline disposition only supports ARROW_STREAM format.")]
    [InlineData(Serverless, "ARROW_STREAM", "EXTERNAL_LINKS", HttpStatusCode.NotImplemented, "NOT_IMPLEMENTED", "ExternalLinks disposition is not yet implemented.")]
    [InlineData(Serverless, "JSON_ARRAY", "EXTERNAL_LINKS", HttpStatusCode.NotImplemented, "NOT_IMPLEMENTED", "ExternalLinks disposition is not yet implemented.")]
    [InlineData("emulator0000001", "ARROW_STREAM", "INLINE", HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Incompatible parameters: The format field must be JSON_ARRAY when the disposition field is INLINE.")]
    [InlineData("emulator0000001", "ARROW_STREAM", "INLINE_OR_EXTERNAL_LINKS", HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", null)]
    public async Task Submit_PairTheProfileRefuses_AnswersDatabricksError(
        string warehouse, string format, string disposition, HttpStatusCode status, string errorCode, string? message)
    {
        using var response = await _sut.PostAsync("api/2.0/sql/statements", HttpJson.Content(Request(warehouse, format, disposition)), Ct);

        await response.AssertErrorAsync(status, errorCode, message, Ct);
        var recorded = Assert.Single(_emulator.Host.StatementSubmissions);
        Assert.Equal(errorCode, recorded.ErrorCode);
        Assert.Null(recorded.StatementId);
    }

    [Fact]
    public async Task Submit_ServerlessArrowInline_ServesBase64AttachmentsSplitAcrossChunks()
    {
        var body = await _sut.PostJsonAsync("api/2.0/sql/statements", Request(Serverless, "ARROW_STREAM", "INLINE"), Ct);

        var manifest = body["manifest"]!;
        Assert.Equal("ARROW_STREAM", (string?)manifest["format"]);
        Assert.Equal(3, (int)manifest["total_chunk_count"]!);
        Assert.Null(manifest["result_compression"]);
        var id = (string)body["statement_id"]!;
        var ids = new List<long>();
        var result = body["result"]!.AsObject();
        for (var chunk = 0; ; chunk++)
        {
            Assert.Null(result["data_array"]);
            Assert.Null(result["external_links"]);
            Assert.Equal(chunk, (int)result["chunk_index"]!);
            ids.AddRange(ReadIds(Convert.FromBase64String((string)result["attachment"]!)));
            if (result["next_chunk_index"] is not { } next)
            {
                break;
            }

            Assert.Equal($"/api/2.0/sql/statements/{id}/result/chunks/{(int)next}", (string?)result["next_chunk_internal_link"]);
            result = await _sut.GetJsonAsync($"api/2.0/sql/statements/{id}/result/chunks/{(int)next}", Ct);
        }

        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), ids);
    }

    [Fact]
    public async Task Submit_ServerlessArrowInlineLz4_AttachmentsAreLz4FramesAndManifestSaysSo()
    {
        var request = Request(Serverless, "ARROW_STREAM", "INLINE");
        request["result_compression"] = "LZ4_FRAME";

        var body = await _sut.PostJsonAsync("api/2.0/sql/statements", request, Ct);

        Assert.Equal("LZ4_FRAME", (string?)body["manifest"]!["result_compression"]);
        var compressed = Convert.FromBase64String((string)body["result"]!["attachment"]!);
        Assert.Equal([0x04, 0x22, 0x4D, 0x18], compressed[..4]);
        Assert.Equal([0L, 1L, 2L, 3L], ReadIds(Lz4Decode(compressed)));
    }

    [Fact]
    public async Task Submit_ClassicExternalLinksLz4_LinkBodiesAreLz4FramesAndByteCountIsUncompressed()
    {
        var request = Request(_emulator.WarehouseId, "ARROW_STREAM", "EXTERNAL_LINKS");
        request["result_compression"] = "LZ4_FRAME";

        var body = await _sut.PostJsonAsync("api/2.0/sql/statements", request, Ct);

        Assert.Equal("LZ4_FRAME", (string?)body["manifest"]!["result_compression"]);
        var link = body["result"]!["external_links"]![0]!;
        using var anonymous = _emulator.CreateClient(token: string.Empty);
        var compressed = await anonymous.GetByteArrayAsync((string)link["external_link"]!, Ct);
        var plain = Lz4Decode(compressed);
        Assert.Equal(plain.Length, (long)link["byte_count"]!);
        Assert.Equal([0L, 1L, 2L, 3L], ReadIds(plain));
    }

    [Fact]
    public async Task Submit_JsonArrayWithLz4_IsNotCompressed()
    {
        var request = Request(_emulator.WarehouseId, "JSON_ARRAY", "INLINE");
        request["result_compression"] = "LZ4_FRAME";

        var body = await _sut.PostJsonAsync("api/2.0/sql/statements", request, Ct);

        Assert.Null(body["manifest"]!["result_compression"]);
        Assert.Equal("[\"0\"]", body["result"]!["data_array"]![0]!.ToJsonString());
    }

    [Fact]
    public async Task Submit_UnknownCompression_Returns400()
    {
        var request = Request(_emulator.WarehouseId, "ARROW_STREAM", "EXTERNAL_LINKS");
        request["result_compression"] = "ZSTD";

        using var response = await _sut.PostAsync("api/2.0/sql/statements", HttpJson.Content(request), Ct);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Invalid result_compression: ZSTD. Expected LZ4_FRAME or NONE.", Ct);
    }

    [Fact]
    public async Task Submit_HybridSmallResult_ServesAttachmentsAndLargeResult_ServesLinks()
    {
        var small = await _sut.PostJsonAsync("api/2.0/sql/statements", Request(Hybrid, "ARROW_STREAM", "INLINE_OR_EXTERNAL_LINKS"), Ct);
        var large = await _sut.PostJsonAsync(
            "api/2.0/sql/statements", Request(Hybrid, "ARROW_STREAM", "INLINE_OR_EXTERNAL_LINKS", "SELECT id FROM range(0, 1000) AS r(id) ORDER BY id"), Ct);

        Assert.NotNull(small["result"]!["attachment"]);
        Assert.Null(small["result"]!["external_links"]);
        Assert.Null(large["result"]!["attachment"]);
        Assert.NotNull(large["result"]!["external_links"]);
        Assert.Equal(250, (int)large["manifest"]!["total_chunk_count"]!);
    }

    [Fact]
    public async Task Submit_ServerlessInlineOverLimit_FailsLikeDatabricks()
    {
        var body = await _sut.PostJsonAsync(
            "api/2.0/sql/statements", Request(Serverless, "ARROW_STREAM", "INLINE", "SELECT id FROM range(0, 1000) AS r(id)"), Ct);

        Assert.Equal("FAILED", (string?)body["status"]!["state"]);
        Assert.StartsWith("Inline byte limit exceeded.", (string?)body["status"]!["error"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_QueryTags_RecordedWithTheStatementFirstTwentyKept()
    {
        var request = Request(_emulator.WarehouseId, "JSON_ARRAY", "INLINE");
        var tags = new JsonArray { new JsonObject { ["key"] = "function", ["value"] = "SqlHttp" }, new JsonObject { ["key"] = "key_only" } };
        for (var i = 0; i < 20; i++)
        {
            tags.Add(new JsonObject { ["key"] = $"k{i}", ["value"] = $"v{i}" });
        }

        request["query_tags"] = tags;

        var body = await _sut.PostJsonAsync("api/2.0/sql/statements", request, Ct);

        var recorded = Assert.Single(_emulator.Host.StatementSubmissions);
        Assert.Equal((string?)body["statement_id"], recorded.StatementId);
        Assert.Equal(20, recorded.QueryTags.Count);
        Assert.Equal(new KeyValuePair<string, string?>("function", "SqlHttp"), recorded.QueryTags[0]);
        Assert.Equal(new KeyValuePair<string, string?>("key_only", null), recorded.QueryTags[1]);
        Assert.Equal("k17", recorded.QueryTags[19].Key);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Submit_QueryTagWithoutKey_Returns400(string key)
    {
        var request = Request(_emulator.WarehouseId, "JSON_ARRAY", "INLINE");
        request["query_tags"] = new JsonArray { new JsonObject { ["key"] = key, ["value"] = "x" } };

        using var response = await _sut.PostAsync("api/2.0/sql/statements", HttpJson.Content(request), Ct);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Every query tag needs a non-empty key.", Ct);
    }

    [Fact]
    public async Task ListWarehouses_DescribesEveryProfile()
    {
        var body = await _sut.GetJsonAsync("api/2.0/sql/warehouses", Ct);

        var warehouses = body["warehouses"]!.AsArray();
        Assert.Equal([_emulator.WarehouseId, Hybrid, Serverless], warehouses.Select(w => (string)w!["id"]!));
        Assert.False((bool)warehouses[0]!["enable_serverless_compute"]!);
        Assert.True((bool)warehouses[2]!["enable_serverless_compute"]!);
    }

    [Fact]
    public async Task Start_DuplicateWarehouseIds_RefusedNamingTheId()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => EmulatorFixture.StartAsync(
            o => o with { Warehouses = [new EmulatorWarehouse { Id = o.WarehouseId }] }, Ct));

        Assert.Contains("emulator0000001", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Lz4Decode(byte[] frame)
    {
        using var decoder = LZ4Stream.Decode(new MemoryStream(frame));
        using var plain = new MemoryStream();
        decoder.CopyTo(plain);
        return plain.ToArray();
    }

    private static List<long> ReadIds(byte[] arrowStream)
    {
        var ids = new List<long>();
        using var reader = new ArrowStreamReader(new MemoryStream(arrowStream));
        while (reader.ReadNextRecordBatch() is { } batch)
        {
            using (batch)
            {
                var column = (Int64Array)batch.Column(0);
                for (var i = 0; i < batch.Length; i++)
                {
                    ids.Add(column.GetValue(i)!.Value);
                }
            }
        }

        return ids;
    }
}
