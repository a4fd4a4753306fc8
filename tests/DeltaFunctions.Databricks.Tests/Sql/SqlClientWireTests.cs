using System.Text.Json;
using System.Text.RegularExpressions;
using DeltaFunctions.Databricks.Auth;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.TestUtilities.Http;
using DeltaFunctions.TestUtilities.Logging;

namespace DeltaFunctions.Databricks.Tests.Sql;

/// <summary>
/// Statement Execution behaviour that needs exact answers the emulator cannot be made to give on demand (reference
/// §4): the synchronous wait versus the asynchronous handle on the wire, polling backoff, chunk prefetching, and
/// external links cut mid-body, refused as expired, and kept out of logs. Real HTTP over loopback.
/// </summary>
public sealed class SqlClientWireTests : IAsyncLifetime
{
    private const string Columns = """{"column_count":1,"columns":[{"name":"id","position":0,"type_name":"LONG","type_text":"BIGINT"}]}""";
    private const string Secret = "SECRETSIG0123";
    private const string SecretHeader = "SECRETHEADER4567";

    private readonly TestLogs _logs = new();
    private readonly PollClock _clock = new();
    private ScriptedHttpServer _server = null!;
    private DatabricksClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await ScriptedHttpServer.StartAsync(Ct);
        _client = TestDatabricksClients.Create(
            _server.BaseAddress, DatabricksCredential.FromPersonalAccessToken("dapi-wire-test"), o => o.WarehouseId = "wh", _clock, _logs.Factory);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        _logs.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task ExecuteAsync_FinishesWithinWaitTimeout_SendsWaitAndNeverPolls()
    {
        _server.Map("/api/2.0/sql/statements", _ => ScriptedResponse.Json(200, Succeeded("s1", Inline("7"), "JSON_ARRAY", 1)));
        var sut = _client.GetSqlClient();

        var response = await sut.ExecuteAsync(SqlStatement.FromText("SELECT 7"), new SqlExecuteOptions { WaitTimeout = TimeSpan.FromSeconds(30) }, Ct);

        using var body = JsonDocument.Parse(Assert.Single(_server.Requests).Body);
        Assert.Equal(StatementState.Succeeded, response.Status.State);
        Assert.Equal("30s", body.RootElement.GetProperty("wait_timeout").GetString());
        Assert.Equal("INLINE", body.RootElement.GetProperty("disposition").GetString());
        Assert.Equal("JSON_ARRAY", body.RootElement.GetProperty("format").GetString());
    }

    [Fact]
    public async Task ExecuteAsync_NoCatalogOrSchemaConfigured_SendsNeitherSoTheWorkspaceDefaultApplies()
    {
        _server.Map("/api/2.0/sql/statements", _ => ScriptedResponse.Json(200, Succeeded("s0", Inline("1"), "JSON_ARRAY", 1)));

        await _client.GetSqlClient().ExecuteAsync(SqlStatement.FromText("SELECT 1"), null, Ct);

        using var body = JsonDocument.Parse(Assert.Single(_server.Requests).Body);
        Assert.False(body.RootElement.TryGetProperty("catalog", out _), "a catalog was sent although none is configured");
        Assert.False(body.RootElement.TryGetProperty("schema", out _), "a schema was sent although none is configured");
    }

    [Fact]
    public async Task ExecuteAsync_CatalogAndSchemaConfigured_SendsThem()
    {
        _server.Map("/api/2.0/sql/statements", _ => ScriptedResponse.Json(200, Succeeded("s0", Inline("1"), "JSON_ARRAY", 1)));
        using var client = TestDatabricksClients.Create(
            _server.BaseAddress,
            DatabricksCredential.FromPersonalAccessToken("dapi-wire-test"),
            o =>
            {
                o.WarehouseId = "wh";
                o.Catalog = "sales";
                o.Schema = "eu";
            },
            _clock,
            _logs.Factory);

        await client.GetSqlClient().ExecuteAsync(SqlStatement.FromText("SELECT 1"), null, Ct);

        using var body = JsonDocument.Parse(Assert.Single(_server.Requests).Body);
        Assert.Equal("sales", body.RootElement.GetProperty("catalog").GetString());
        Assert.Equal("eu", body.RootElement.GetProperty("schema").GetString());
    }

    [Fact]
    public async Task StartAsync_Submitted_ReturnsHandleWithoutWaitingOrPolling()
    {
        _server.Map("/api/2.0/sql/statements", _ => ScriptedResponse.Json(200, """{"statement_id":"s2","status":{"state":"PENDING"}}"""));
        var sut = _client.GetSqlClient();

        var operation = await sut.StartAsync(SqlStatement.FromText("SELECT 1"), new SqlExecuteOptions { Format = ResultFormat.ArrowStream }, Ct);

        using var body = JsonDocument.Parse(Assert.Single(_server.Requests).Body);
        Assert.Equal("0s", body.RootElement.GetProperty("wait_timeout").GetString());
        Assert.Equal("EXTERNAL_LINKS", body.RootElement.GetProperty("disposition").GetString());
        Assert.Equal("s2", operation.StatementId);
        Assert.False(operation.HasCompleted);
    }

    [Fact]
    public async Task ExecuteAsync_StillRunning_PollsWithDoublingBackoffCappedAtMax()
    {
        _server.Map("/api/2.0/sql/statements", _ => ScriptedResponse.Json(200, """{"statement_id":"s3","status":{"state":"RUNNING"}}"""));
        var polls = 0;
        _server.Map("/api/2.0/sql/statements/s3", _ => Interlocked.Increment(ref polls) < 6
            ? ScriptedResponse.Json(200, """{"statement_id":"s3","status":{"state":"RUNNING"}}""")
            : ScriptedResponse.Json(200, Succeeded("s3", Inline("1"), "JSON_ARRAY", 1)));
        var sut = _client.GetSqlClient();

        var response = await sut.ExecuteAsync(
            SqlStatement.FromText("SELECT 1"),
            new SqlExecuteOptions { PollInterval = TimeSpan.FromMilliseconds(100), MaxPollInterval = TimeSpan.FromMilliseconds(500) },
            Ct);

        Assert.Equal(StatementState.Succeeded, response.Status.State);
        Assert.Equal(6, _server.RequestsTo("/api/2.0/sql/statements/s3").Count);
        Assert.Equal([100, 200, 400, 500, 500, 500], _clock.PollDelays.Select(d => d.TotalMilliseconds));
    }

    [Fact]
    public async Task ExecuteAsync_TokenCancelledWhileServerWaits_AwaitsTheAnswerAndCancelsBeforeThrowing()
    {
        var answer = new TaskCompletionSource();
        _server.MapAsync("/api/2.0/sql/statements", async _ =>
        {
            await answer.Task;
            return ScriptedResponse.Json(200, """{"statement_id":"s8","status":{"state":"RUNNING"}}""");
        });
        _server.Map("/api/2.0/sql/statements/s8/cancel", _ => ScriptedResponse.Json(200, "{}"));
        var sut = _client.GetSqlClient();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var execute = sut.ExecuteAsync(SqlStatement.FromText("SELECT slow()"), new SqlExecuteOptions { WaitTimeout = TimeSpan.FromSeconds(50) }, cancel.Token);
        await _server.WaitForRequestsAsync(1, Ct, "/api/2.0/sql/statements");
        await cancel.CancelAsync();
        await Task.Delay(100, Ct);
        var threwBeforeAnswer = execute.IsCompleted;
        answer.SetResult();
        var error = await Assert.ThrowsAsync<SqlStatementCanceledException>(() => execute);

        Assert.False(threwBeforeAnswer);
        Assert.Equal("s8", error.StatementId);
        Assert.True(error.ServerCancelConfirmed);
        Assert.Single(_server.RequestsTo("/api/2.0/sql/statements"));
        Assert.Single(_server.RequestsTo("/api/2.0/sql/statements/s8/cancel"));
    }

    [Fact]
    public async Task ExecuteAsync_TokenAlreadyCancelled_SendsNothing()
    {
        var sut = _client.GetSqlClient();
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sut.ExecuteAsync(SqlStatement.FromText("INSERT INTO t VALUES (1)"), cancellationToken: cancel.Token));

        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task ReadAsync_ThreeChunks_PrefetchesOnlyTheNextChunk()
    {
        MapLinkedStatement("s4", chunks: 3);
        var sut = _client.GetSqlClient();
        await using var rows = sut.ReadAsync<long>(SqlStatement.FromText("SELECT id FROM t"), Links(), Ct).GetAsyncEnumerator(Ct);

        Assert.True(await rows.MoveNextAsync());
        await _server.WaitForRequestsAsync(1, Ct, "/storage/s4/1");
        await Task.Delay(TimeSpan.FromMilliseconds(150), Ct);
        var chunk2FetchedEarly = _server.RequestsTo("/api/2.0/sql/statements/s4/result/chunks/2").Count;
        var rest = new List<long> { rows.Current };
        while (await rows.MoveNextAsync())
        {
            rest.Add(rows.Current);
        }

        Assert.Equal(0, chunk2FetchedEarly);
        Assert.Equal([0L, 1L, 10L, 11L, 20L, 21L], rest);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task ReadAsync_ChunkNamingNoNextOneBeforeTheManifestsLast_ReadsTheRestByIndex(int silentChunk)
    {
        // The manifest counts three chunks; one of the first two leaves out next_chunk_index. The rest of the result is
        // still read (by index, as the official drivers read chunks), never cut off at the silent chunk.
        MapLinkedStatement("s21", chunks: 3);
        string Silent(string result) => Regex.Replace(result, @",""next_chunk_index"":\d+,""next_chunk_internal_link"":""[^""]*"" ?", string.Empty);
        if (silentChunk == 0)
        {
            _server.Map("/api/2.0/sql/statements", _ => ScriptedResponse.Json(200, Succeeded("s21", Silent(LinkResult("s21", 0, last: false)), "JSON_ARRAY", 3)));
        }
        else
        {
            _server.Map("/api/2.0/sql/statements/s21/result/chunks/1", _ => ScriptedResponse.Json(200, Silent(LinkResult("s21", 1, last: false)[9..])));
        }

        var ids = await _client.GetSqlClient().ReadAsync<long>(SqlStatement.FromText("SELECT id FROM t"), Links(), Ct).ToListAsync(Ct);

        Assert.Equal([0L, 1L, 10L, 11L, 20L, 21L], ids);
        Assert.Single(_server.RequestsTo("/api/2.0/sql/statements/s21/result/chunks/2"));
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(1, 1)]
    [InlineData(0, 2)]
    public async Task ReadAsync_ChunkNamingAnotherNextThanTheFollowingOne_ThrowsNamingBoth(int chunk, int pointed)
    {
        // A pointer back would read chunks again (forever, for a cycle); one ahead would skip a chunk's rows.
        MapLinkedStatement("s23", chunks: 3);
        string Pointing(string result) => Regex.Replace(result, @"""next_chunk_index"":\d+", $"\"next_chunk_index\":{pointed}");
        if (chunk == 0)
        {
            _server.Map("/api/2.0/sql/statements", _ => ScriptedResponse.Json(200, Succeeded("s23", Pointing(LinkResult("s23", 0, last: false)), "JSON_ARRAY", 3)));
        }
        else
        {
            _server.Map($"/api/2.0/sql/statements/s23/result/chunks/{chunk}", _ => ScriptedResponse.Json(200, Pointing(LinkResult("s23", chunk, last: false)[9..])));
        }

        var error = await Assert.ThrowsAsync<DatabricksException>(() => _client.GetSqlClient().ReadAsync<long>(SqlStatement.FromText("SELECT id FROM t"), Links(), Ct).ToListAsync(Ct).AsTask());

        Assert.Equal(
            $"Chunk {chunk} of statement s23 names chunk {pointed} as the next one, where chunk {chunk + 1} follows it, so the result cannot be read whole. Read the result again.",
            error.Message);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task ReadAsync_LastChunkOfTheManifest_FetchesNoFurtherChunk()
    {
        MapLinkedStatement("s22", chunks: 2);

        var ids = await _client.GetSqlClient().ReadAsync<long>(SqlStatement.FromText("SELECT id FROM t"), Links(), Ct).ToListAsync(Ct);

        Assert.Equal([0L, 1L, 10L, 11L], ids);
        Assert.Empty(_server.RequestsTo("/api/2.0/sql/statements/s22/result/chunks/2"));
    }

    [Fact]
    public async Task ReadAsync_LinkCutMidBody_ResumesWithRangeRequest()
    {
        const string chunk = """[["1"],["2"],["3"]]""";
        _server.Map("/api/2.0/sql/statements", _ => ScriptedResponse.Json(200, Succeeded("s5", LinkResult("s5", 0, last: true), "JSON_ARRAY", 1)));
        var downloads = 0;
        _server.Map("/storage/s5/0", request => Interlocked.Increment(ref downloads) == 1
            ? new ScriptedResponse { Body = chunk, AbortAfterBodyBytes = 7 }
            : request.Header("Range") == "bytes=7-"
                ? new ScriptedResponse { StatusCode = 206, Body = chunk[7..], Headers = new Dictionary<string, string> { ["Content-Range"] = $"bytes 7-{chunk.Length - 1}/{chunk.Length}" } }
                : ScriptedResponse.Text(416, "expected a range"));
        var sut = _client.GetSqlClient();

        var ids = await sut.ReadAsync<long>(SqlStatement.FromText("SELECT id FROM t"), Links(), Ct).ToListAsync(Ct);

        var requests = _server.RequestsTo("/storage/s5/0");
        Assert.Equal([1L, 2L, 3L], ids);
        Assert.Equal(2, requests.Count);
        Assert.Null(requests[0].Header("Range"));
        Assert.Equal("bytes=7-", requests[1].Header("Range"));
        Assert.All(requests, r => Assert.Null(r.Header("Authorization")));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReadAsync_ArrowLinkCutMidBody_ResumesWhereTheDecoderStopped(bool storeHonoursRange)
    {
        var chunk = await ArrowChunkAsync(Enumerable.Range(1, 5000).Select(i => (long)i));
        var cut = chunk.Length / 2;
        _server.Map("/api/2.0/sql/statements", _ => ScriptedResponse.Json(200, Succeeded("s8", LinkResult("s8", 0, last: true, rowCount: 5000), "ARROW_STREAM", 1)));
        var downloads = 0;
        _server.Map("/storage/s8/0", request => Interlocked.Increment(ref downloads) == 1
            ? new ScriptedResponse { BodyBytes = chunk, ContentType = "application/vnd.apache.arrow.stream", AbortAfterBodyBytes = cut }
            : storeHonoursRange && request.Header("Range") == $"bytes={cut}-"
                ? new ScriptedResponse { StatusCode = 206, BodyBytes = chunk[cut..], Headers = new Dictionary<string, string> { ["Content-Range"] = $"bytes {cut}-{chunk.Length - 1}/{chunk.Length}" } }
                : new ScriptedResponse { BodyBytes = chunk });
        var sut = _client.GetSqlClient();

        var ids = await sut.ReadAsync<long>(SqlStatement.FromText("SELECT id FROM t"), new SqlExecuteOptions { Format = ResultFormat.ArrowStream }, Ct).ToListAsync(Ct);

        var requests = _server.RequestsTo("/storage/s8/0");
        Assert.Equal(Enumerable.Range(1, 5000).Select(i => (long)i), ids);
        Assert.Equal(2, requests.Count);
        Assert.Equal($"bytes={cut}-", requests[1].Header("Range"));
    }

    [Fact]
    public async Task ReadAsync_LinkExpiringAtTheStartOfTime_IsRefreshedNotAnOverflow()
    {
        // An expiration of 0001-01-01 is long past: the link is refreshed through the chunk endpoint. Subtracting the
        // expiry slack from it must not overflow the date.
        const string chunk = """[["7"]]""";
        string Expiring(string result, string when) => result.Replace("\"external_link\"", $"\"expiration\":\"{when}\",\"external_link\"", StringComparison.Ordinal);
        _server.Map("/api/2.0/sql/statements", _ => ScriptedResponse.Json(200, Succeeded("s24", Expiring(LinkResult("s24", 0, last: true, generation: "old"), "0001-01-01T00:00:00Z"), "JSON_ARRAY", 1)));
        _server.Map("/api/2.0/sql/statements/s24/result/chunks/0", _ => ScriptedResponse.Json(200, Expiring(LinkResult("s24", 0, last: true, generation: "new")[9..], "9999-12-31T23:59:59Z")));
        _server.Map("/storage/s24/0/new", _ => ScriptedResponse.Json(200, chunk));

        var ids = await _client.GetSqlClient().ReadAsync<long>(SqlStatement.FromText("SELECT id FROM t"), Links(), Ct).ToListAsync(Ct);

        Assert.Equal([7L], ids);
        Assert.Empty(_server.RequestsTo("/storage/s24/0/old"));
        Assert.Single(_server.RequestsTo("/storage/s24/0/new"));
    }

    [Fact]
    public async Task ReadAsync_LinkRefusedAsExpired_RefreshesThroughChunkEndpoint()
    {
        _server.Map("/api/2.0/sql/statements", _ => ScriptedResponse.Json(200, Succeeded("s6", LinkResult("s6", 0, last: true, generation: "old"), "JSON_ARRAY", 1)));
        _server.Map("/storage/s6/0/old", _ => ScriptedResponse.Text(403, "<Error><Code>AuthenticationFailed</Code><Message>Signature expired</Message></Error>", "application/xml"));
        _server.Map("/api/2.0/sql/statements/s6/result/chunks/0", _ => ScriptedResponse.Json(200, LinkResult("s6", 0, last: true, generation: "new")[9..]));
        _server.Map("/storage/s6/0/new", _ => ScriptedResponse.Json(200, """[["42"]]"""));
        var sut = _client.GetSqlClient();

        var ids = await sut.ReadAsync<long>(SqlStatement.FromText("SELECT id FROM t"), Links(), Ct).ToListAsync(Ct);

        Assert.Equal([42L], ids);
        Assert.Single(_server.RequestsTo("/storage/s6/0/old"));
        Assert.Single(_server.RequestsTo("/api/2.0/sql/statements/s6/result/chunks/0"));
        Assert.NotNull(_server.RequestsTo("/api/2.0/sql/statements/s6/result/chunks/0")[0].Header("Authorization"));
        Assert.Null(_server.RequestsTo("/storage/s6/0/new")[0].Header("Authorization"));
    }

    [Fact]
    public async Task ReadAsync_LinkKeepsFailing_ErrorsAndLogsNeverHoldUrlOrHeaders()
    {
        _server.Map("/api/2.0/sql/statements", _ => ScriptedResponse.Json(200, Succeeded("s7", LinkResult("s7", 0, last: true), "JSON_ARRAY", 1)));
        var attempts = 0;
        _server.Map("/storage/s7/0", _ => Interlocked.Increment(ref attempts) % 2 == 1 ? ScriptedResponse.Drop() : ScriptedResponse.Text(500, "storage down"));
        var sut = _client.GetSqlClient();

        var error = await Assert.ThrowsAsync<DatabricksException>(() => sut.ReadAsync<long>(SqlStatement.FromText("SELECT id FROM t"), Links(), Ct).ToListAsync(Ct).AsTask());

        Assert.True(error.IsTransient);
        Assert.True(attempts >= 2);
        Assert.NotEmpty(_logs.Records);
        Assert.All(_server.RequestsTo("/storage/s7/0"), r => Assert.Equal(SecretHeader, r.Header("x-ms-link-secret")));
        foreach (var text in _logs.AllText().Append(error.ToString()))
        {
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(SecretHeader, text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(2_000_000_000L)]
    [InlineData(2_147_483_647L)]
    [InlineData(9_000_000_000L)]
    [InlineData(3L)]
    public async Task ReadAsync_LinkByteCountWrong_ReadsTheBodyItGotWithoutRentingWhatTheManifestClaims(long byteCount)
    {
        // The manifest is the server's word: a hostile or wrong byte_count must neither make the client rent
        // gigabytes before the first byte nor cut a body that is longer than it claimed.
        _server.Map("/api/2.0/sql/statements", _ => ScriptedResponse.Json(200, Succeeded("s8", LinkResult("s8", 0, last: true, byteCount: byteCount), "JSON_ARRAY", 1)));
        _server.Map("/storage/s8/0", _ => ScriptedResponse.Json(200, """[["5"],["6"],["7"]]"""));
        var sut = _client.GetSqlClient();

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var ids = await sut.ReadAsync<long>(SqlStatement.FromText("SELECT id FROM t"), Links(), Ct).ToListAsync(Ct);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal([5L, 6L, 7L], ids);
        Assert.True(allocated < 1L << 30, $"reading a 19-byte chunk allocated {allocated:N0} bytes");
    }

    [Theory]
    [InlineData("not LZ4 at all", "LZ4_FRAME")]
    [InlineData("an LZ4 frame cut short", "LZ4_FRAME")]
    [InlineData("an LZ4 frame of broken JSON", "LZ4_FRAME")]
    [InlineData("broken JSON", null)]
    [InlineData("rows of the wrong shape", null)]
    public async Task ReadAsync_UnreadableJsonChunk_ThrowsDatabricksExceptionNamingTheChunkNotTheLink(string tampering, string? compression)
    {
        // A JSON_ARRAY chunk the client cannot decode (its compression or its JSON) fails typed, naming the chunk.
        var body = tampering switch
        {
            "not LZ4 at all" => "[[\"5\"]]"u8.ToArray(),
            "an LZ4 frame cut short" => Lz4("""[["5"],["6"],["7"]]""")[..^6],
            "an LZ4 frame of broken JSON" => Lz4("""[["5"],["6"""),
            "broken JSON" => """[["5"],["6"""u8.ToArray(),
            _ => """{"rows":[["5"]]}"""u8.ToArray(),
        };
        var manifest = compression is null ? "\"format\":\"JSON_ARRAY\"" : $"\"format\":\"JSON_ARRAY\",\"result_compression\":\"{compression}\"";
        _server.Map("/api/2.0/sql/statements", _ => ScriptedResponse.Json(200, Succeeded("s15", LinkResult("s15", 0, last: true), "JSON_ARRAY", 1).Replace("\"format\":\"JSON_ARRAY\"", manifest, StringComparison.Ordinal)));
        _server.Map("/storage/s15/0", _ => new ScriptedResponse { BodyBytes = body, ContentType = "application/octet-stream" });
        var sut = _client.GetSqlClient();

        var error = await Assert.ThrowsAsync<DatabricksException>(() => sut.ReadAsync<long>(SqlStatement.FromText("SELECT id FROM t"), Links(), Ct).ToListAsync(Ct).AsTask());

        Assert.StartsWith("Chunk 0 of statement s15 ", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("/storage/", error.Message, StringComparison.Ordinal);

        static byte[] Lz4(string text)
        {
            using var compressed = new MemoryStream();
            using (var encoder = K4os.Compression.LZ4.Streams.LZ4Stream.Encode(compressed, leaveOpen: true))
            {
                encoder.Write(System.Text.Encoding.UTF8.GetBytes(text));
            }

            return compressed.ToArray();
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData(20L)]
    [InlineData(3L)]
    public async Task ReadAsync_JsonChunkOneByteOverTheLimit_ThrowsDatabricksExceptionNamingTheChunkNotTheLink(long? byteCount)
    {
        // byte_count absent, exact, or claiming less than the body: the limit holds for the bytes that arrive.
        const string chunk = """[["5"],["6"],["7"],["8"]]""";
        _server.Map("/api/2.0/sql/statements", _ => ScriptedResponse.Json(200, Succeeded("s10", LinkResult("s10", 0, last: true, byteCount: byteCount), "JSON_ARRAY", 1)));
        _server.Map("/storage/s10/0", _ => ScriptedResponse.Json(200, chunk));
        var sut = _client.GetSqlClient();
        sut.Downloader.MaxJsonChunkLength = chunk.Length - 1;

        var error = await Assert.ThrowsAsync<DatabricksException>(() => sut.ReadAsync<long>(SqlStatement.FromText("SELECT id FROM t"), Links(), Ct).ToListAsync(Ct).AsTask());

        Assert.Equal(DatabricksErrorCode.Unknown, error.ErrorCode);
        Assert.False(error.IsTransient);
        Assert.StartsWith($"Chunk 0 of statement s10 is longer than {chunk.Length - 1:N0} bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("ARROW_STREAM", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("/storage/", error.ToString(), StringComparison.Ordinal);
        Assert.Single(_server.RequestsTo("/storage/s10/0"));
    }

    [Fact]
    public async Task ReadAsync_JsonChunkExactlyAtTheLimit_ReadsEveryRow()
    {
        const string chunk = """[["5"],["6"],["7"],["8"]]""";
        _server.Map("/api/2.0/sql/statements", _ => ScriptedResponse.Json(200, Succeeded("s11", LinkResult("s11", 0, last: true, byteCount: chunk.Length), "JSON_ARRAY", 1)));
        _server.Map("/storage/s11/0", _ => ScriptedResponse.Json(200, chunk));
        var sut = _client.GetSqlClient();
        sut.Downloader.MaxJsonChunkLength = chunk.Length;

        var ids = await sut.ReadAsync<long>(SqlStatement.FromText("SELECT id FROM t"), Links(), Ct).ToListAsync(Ct);

        Assert.Equal([5L, 6L, 7L, 8L], ids);
    }

    [Theory]
    [InlineData("schema metadata length 2,000,000,000")]
    [InlineData("batch metadata length 2,000,000,000")]
    [InlineData("batch metadata length negative")]
    [InlineData("body length 2,000,000,000")]
    [InlineData("body length 9,000,000,000")]
    [InlineData("body length negative")]
    [InlineData("cut inside a length prefix")]
    [InlineData("cut inside the metadata")]
    [InlineData("cut inside the body")]
    public async Task ReadAsync_HostileArrowLink_ThrowsDatabricksExceptionWithoutAllocatingWhatItDeclares(string tampering)
    {
        // An Arrow chunk's lengths are the stream's word: the reader sizes its buffers from them before their bytes
        // arrive, so a lying chunk must fail typed, naming the chunk, without the client allocating what it claims.
        var chunk = await HostileArrowChunkAsync(tampering);
        _server.Map("/api/2.0/sql/statements", _ => ScriptedResponse.Json(200, Succeeded("s12", LinkResult("s12", 0, last: true, byteCount: chunk.Length), "ARROW_STREAM", 1)));
        _server.Map("/storage/s12/0", _ => new ScriptedResponse { BodyBytes = chunk, ContentType = "application/vnd.apache.arrow.stream" });
        var sut = _client.GetSqlClient();

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var error = await Assert.ThrowsAsync<DatabricksException>(() => sut.ReadAsync<long>(
            SqlStatement.FromText("SELECT id FROM t"), new SqlExecuteOptions { Format = ResultFormat.ArrowStream }, Ct).ToListAsync(Ct).AsTask());
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal(DatabricksErrorCode.Unknown, error.ErrorCode);
        Assert.False(error.IsTransient);
        Assert.StartsWith("Chunk 0 of statement s12 is not a readable Arrow IPC stream: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
        Assert.True(allocated < 1L << 30, $"reading a {chunk.Length}-byte chunk allocated {allocated:N0} bytes");
    }

    [Fact]
    public async Task ReadAsync_ArrowBodyAboveTheTrustedLength_ReadsEveryRowOnceItsBytesArrived()
    {
        // A body declared above the length the reader may allocate up front is read ahead as it arrives, then decoded.
        var count = (ArrowFrameGuard.TrustedBodyLength / sizeof(long)) + 1000;
        var chunk = await ArrowChunkAsync(Enumerable.Range(1, count).Select(i => (long)i));
        _server.Map("/api/2.0/sql/statements", _ => ScriptedResponse.Json(200, Succeeded("s14", LinkResult("s14", 0, last: true, rowCount: count), "ARROW_STREAM", 1)));
        _server.Map("/storage/s14/0", _ => new ScriptedResponse { BodyBytes = chunk, ContentType = "application/vnd.apache.arrow.stream" });
        var sut = _client.GetSqlClient();

        var ids = await sut.ReadAsync<long>(SqlStatement.FromText("SELECT id FROM t"), new SqlExecuteOptions { Format = ResultFormat.ArrowStream }, Ct).ToListAsync(Ct);

        Assert.Equal(count, ids.Count);
        Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), ids);
    }

    [Fact]
    public async Task ReadAsync_ArrowLinkCutCleanlyBetweenBatchesOnce_DownloadsItAgainAndReadsEveryRowOnce()
    {
        // An Arrow stream may end after any message and still read as a stream: a store or proxy that closes the
        // connection cleanly after the first batch (the body it sends matches its own Content-Length) must not pass
        // for the whole chunk. The link's row_count shows rows are missing; the link is downloaded again.
        var (chunk, boundary) = await TwoBatchArrowChunkAsync();
        _server.Map("/api/2.0/sql/statements", _ => ScriptedResponse.Json(200, Succeeded("s16", LinkResult("s16", 0, last: true, rowCount: 5), "ARROW_STREAM", 1)));
        var downloads = 0;
        _server.Map("/storage/s16/0", _ => new ScriptedResponse
        {
            BodyBytes = Interlocked.Increment(ref downloads) == 1 ? chunk[..boundary] : chunk,
            ContentType = "application/vnd.apache.arrow.stream",
        });

        var ids = await _client.GetSqlClient().ReadAsync<long>(SqlStatement.FromText("SELECT id FROM t"), new SqlExecuteOptions { Format = ResultFormat.ArrowStream }, Ct).ToListAsync(Ct);

        Assert.Equal([1L, 2L, 3L, 4L, 5L], ids);
        var requests = _server.RequestsTo("/storage/s16/0");
        Assert.Equal(2, requests.Count);
        Assert.Null(requests[1].Header("Range"));
    }

    [Fact]
    public async Task ReadAsync_ArrowLinkCutCleanlyBetweenBatchesEveryTime_ThrowsTransientIoErrorAndReturnsNoRowOfTheChunk()
    {
        var (chunk, boundary) = await TwoBatchArrowChunkAsync();
        _server.Map("/api/2.0/sql/statements", _ => ScriptedResponse.Json(200, Succeeded("s20", LinkResult("s20", 0, last: true, rowCount: 5), "ARROW_STREAM", 1)));
        _server.Map("/storage/s20/0", _ => new ScriptedResponse { BodyBytes = chunk[..boundary], ContentType = "application/vnd.apache.arrow.stream" });
        var sut = _client.GetSqlClient();

        var received = new List<long>();
        var error = await Assert.ThrowsAsync<DatabricksException>(async () =>
        {
            await foreach (var id in sut.ReadAsync<long>(SqlStatement.FromText("SELECT id FROM t"), new SqlExecuteOptions { Format = ResultFormat.ArrowStream }, Ct))
            {
                received.Add(id);
            }
        });

        Assert.Empty(received);
        Assert.Equal(5, _server.RequestsTo("/storage/s20/0").Count);
        Assert.Equal(DatabricksErrorCode.IoError, error.ErrorCode);
        Assert.True(error.IsTransient);
        Assert.Equal(
            "Chunk 0 of statement s20 ended after 3 of the 5 rows it declares in each of 5 downloads: cut short between two record batches, so none "
            + "of its rows were returned. Read the result again.",
            error.Message);
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("/storage/", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_ArrowLinkWholeWithItsDeclaredRows_ReadsBothBatches()
    {
        var (chunk, _) = await TwoBatchArrowChunkAsync();
        _server.Map("/api/2.0/sql/statements", _ => ScriptedResponse.Json(200, Succeeded("s17", LinkResult("s17", 0, last: true, rowCount: 5), "ARROW_STREAM", 1)));
        _server.Map("/storage/s17/0", _ => new ScriptedResponse { BodyBytes = chunk, ContentType = "application/vnd.apache.arrow.stream" });

        var ids = await _client.GetSqlClient().ReadAsync<long>(SqlStatement.FromText("SELECT id FROM t"), new SqlExecuteOptions { Format = ResultFormat.ArrowStream }, Ct).ToListAsync(Ct);

        Assert.Equal([1L, 2L, 3L, 4L, 5L], ids);
    }

    [Fact]
    public async Task ReadAsync_ArrowLinkWithMoreRowsThanDeclared_ThrowsNamingBothCounts()
    {
        var (chunk, _) = await TwoBatchArrowChunkAsync();
        _server.Map("/api/2.0/sql/statements", _ => ScriptedResponse.Json(200, Succeeded("s18", LinkResult("s18", 0, last: true, rowCount: 4), "ARROW_STREAM", 1)));
        _server.Map("/storage/s18/0", _ => new ScriptedResponse { BodyBytes = chunk, ContentType = "application/vnd.apache.arrow.stream" });

        var error = await Assert.ThrowsAsync<DatabricksException>(() => _client.GetSqlClient().ReadAsync<long>(
            SqlStatement.FromText("SELECT id FROM t"), new SqlExecuteOptions { Format = ResultFormat.ArrowStream }, Ct).ToListAsync(Ct).AsTask());

        Assert.Equal(DatabricksErrorCode.Unknown, error.ErrorCode);
        Assert.False(error.IsTransient);
        Assert.StartsWith("Chunk 0 of statement s18 holds 5 rows where it declares 4, so none of its rows were returned.", error.Message, StringComparison.Ordinal);
        Assert.Single(_server.RequestsTo("/storage/s18/0"));
    }

    [Theory]
    [InlineData(5, true, null)]
    [InlineData(0, false, null)]
    [InlineData(5, false, "Chunk 0 of statement s19 ended after 3 of the 5 rows it declares in its inline attachment: cut short")]
    [InlineData(4, true, "Chunk 0 of statement s19 holds 5 rows where it declares 4")]
    public async Task ReadAsync_ArrowAttachment_IsHeldToTheRowCountItsChunkDeclares(int declared, bool whole, string? error)
    {
        // The whole two-batch stream (5 rows) or its first batch alone (3 rows); 0 declares no count, so nothing is checked.
        var (chunk, boundary) = await TwoBatchArrowChunkAsync();
        var body = Convert.ToBase64String(whole ? chunk : chunk[..boundary]);
        var result = "\"result\":" + $$"""{"chunk_index":0,"row_count":{{declared}},"attachment":"{{body}}"}""";
        _server.Map("/api/2.0/sql/statements", _ => ScriptedResponse.Json(200, Succeeded("s19", result, "ARROW_STREAM", 1)));
        var read = () => _client.GetSqlClient().ReadAsync<long>(
            SqlStatement.FromText("SELECT id FROM t"), new SqlExecuteOptions { Format = ResultFormat.ArrowStream }, Ct).ToListAsync(Ct).AsTask();

        if (error is null)
        {
            Assert.Equal(Enumerable.Range(1, whole ? 5 : 3).Select(i => (long)i), await read());
        }
        else
        {
            Assert.StartsWith(error, (await Assert.ThrowsAsync<DatabricksException>(read)).Message, StringComparison.Ordinal);
        }
    }

    /// <summary>An Arrow stream of ids 1–5 in two batches (3 + 2 rows) and the offset just after the first batch.</summary>
    private static async Task<(byte[] Chunk, int Boundary)> TwoBatchArrowChunkAsync()
    {
        var first = new Apache.Arrow.RecordBatch.Builder().Append("id", false, c => c.Int64(b => b.AppendRange([1L, 2L, 3L]))).Build();
        var second = new Apache.Arrow.RecordBatch.Builder().Append("id", false, c => c.Int64(b => b.AppendRange([4L, 5L]))).Build();
        using var stream = new MemoryStream();
        int boundary;
        using (var writer = new Apache.Arrow.Ipc.ArrowStreamWriter(stream, first.Schema, leaveOpen: true))
        {
            await writer.WriteRecordBatchAsync(first, Ct);
            boundary = (int)stream.Length;
            await writer.WriteRecordBatchAsync(second, Ct);
            await writer.WriteEndAsync(Ct);
        }

        return (stream.ToArray(), boundary);
    }

    [Theory]
    [InlineData("batch metadata length 2,000,000,000")]
    [InlineData("body length 2,000,000,000")]
    [InlineData("body length negative")]
    [InlineData("cut inside the body")]
    public async Task ReadAsync_HostileArrowAttachment_ThrowsDatabricksExceptionNamingTheChunk(string tampering)
    {
        var chunk = Convert.ToBase64String(await HostileArrowChunkAsync(tampering));
        _server.Map("/api/2.0/sql/statements", _ => ScriptedResponse.Json(200, Succeeded("s13", "\"result\":" + $$"""{"chunk_index":0,"attachment":"{{chunk}}"}""", "ARROW_STREAM", 1)));
        var sut = _client.GetSqlClient();

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var error = await Assert.ThrowsAsync<DatabricksException>(() => sut.ReadAsync<long>(
            SqlStatement.FromText("SELECT id FROM t"), new SqlExecuteOptions { Format = ResultFormat.ArrowStream }, Ct).ToListAsync(Ct).AsTask());
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.StartsWith("Chunk 0 of statement s13 is not a readable Arrow IPC stream: ", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 1L << 30, $"reading a {chunk.Length}-character attachment allocated {allocated:N0} bytes");
    }

    /// <summary>
    /// A stream of three rows (schema, one batch, end-of-stream marker) with one length in it made to lie, or cut
    /// short. The batch's body length is found by its value, not by parsing the metadata as the client does: with two
    /// columns it differs from every buffer's offset and length.
    /// </summary>
    private static async Task<byte[]> HostileArrowChunkAsync(string tampering)
    {
        var batch = new Apache.Arrow.RecordBatch.Builder()
            .Append("id", false, c => c.Int64(b => b.AppendRange([1L, 2L, 3L])))
            .Append("x", false, c => c.Int64(b => b.AppendRange([4L, 5L, 6L])))
            .Build();
        var stream = await ArrowStreamAsync(batch);
        var schemaLength = BitConverter.ToInt32(stream, 4);
        var batchAt = 8 + schemaLength;
        var batchLength = BitConverter.ToInt32(stream, batchAt + 4);
        var metadataAt = batchAt + 8;
        var bodyAt = metadataAt + batchLength;
        var bodyLength = stream.Length - 8 - bodyAt;
        Assert.Equal(-1, BitConverter.ToInt32(stream, 0));
        Assert.Equal(-1, BitConverter.ToInt32(stream, batchAt));
        var field = Enumerable.Range(metadataAt, batchLength - 7).Where(i => BitConverter.ToInt64(stream, i) == bodyLength).ToList();
        var bodyLengthAt = Assert.Single(field);
        switch (tampering)
        {
            case "schema metadata length 2,000,000,000":
                BitConverter.TryWriteBytes(stream.AsSpan(4), 2_000_000_000);
                return stream;
            case "batch metadata length 2,000,000,000":
                BitConverter.TryWriteBytes(stream.AsSpan(batchAt + 4), 2_000_000_000);
                return stream;
            case "batch metadata length negative":
                BitConverter.TryWriteBytes(stream.AsSpan(batchAt + 4), -8);
                return stream;
            case "body length 2,000,000,000":
                BitConverter.TryWriteBytes(stream.AsSpan(bodyLengthAt), 2_000_000_000L);
                return stream;
            case "body length 9,000,000,000":
                BitConverter.TryWriteBytes(stream.AsSpan(bodyLengthAt), 9_000_000_000L);
                return stream;
            case "body length negative":
                BitConverter.TryWriteBytes(stream.AsSpan(bodyLengthAt), -16L);
                return stream;
            case "cut inside a length prefix":
                return stream[..(batchAt + 6)];
            case "cut inside the metadata":
                return stream[..(metadataAt + (batchLength / 2))];
            case "cut inside the body":
                return stream[..(bodyAt + (bodyLength / 2))];
            default:
                throw new ArgumentOutOfRangeException(nameof(tampering), tampering, "Not a tampering this test knows.");
        }
    }

    private static Task<byte[]> ArrowChunkAsync(IEnumerable<long> ids) =>
        ArrowStreamAsync(new Apache.Arrow.RecordBatch.Builder().Append("id", false, c => c.Int64(b => b.AppendRange(ids))).Build());

    private static async Task<byte[]> ArrowStreamAsync(Apache.Arrow.RecordBatch batch)
    {
        using var stream = new MemoryStream();
        using (var writer = new Apache.Arrow.Ipc.ArrowStreamWriter(stream, batch.Schema, leaveOpen: true))
        {
            await writer.WriteRecordBatchAsync(batch, Ct);
            await writer.WriteEndAsync(Ct);
        }

        return stream.ToArray();
    }

    private static SqlExecuteOptions Links() => new() { Format = ResultFormat.JsonArray, Disposition = ResultDisposition.ExternalLinks };

    [Fact]
    public async Task ExecuteAsync_AnswerWithUnknownFieldsAndValues_ReadsRowsAndKeepsUnknownState()
    {
        _server.Map("/api/2.0/sql/statements", _ => ScriptedResponse.Json(200, """
            {"statement_id": "s9", "status": {"state": "SUCCEEDED", "future": {"a": [1]}}, "new_top_level": [{"x": null}],
             "manifest": {"format": "JSON_ARRAY", "total_chunk_count": "1", "total_row_count": 2, "schema": {"column_count": 2,
               "columns": [{"name": "id", "position": 0, "type_name": "LONG", "type_text": "BIGINT", "extra": true},
                           {"name": "g", "position": 1, "type_name": "GEOGRAPHY_SOMEDAY", "type_text": "STRING"}]}},
             "result": {"chunk_index": 0, "row_count": 2, "data_array": [["1", "a"], ["2", null]], "unknown": "x"}}
            """));
        _server.Map("/api/2.0/sql/statements/s8", _ => ScriptedResponse.Json(200, """{"statement_id": "s8", "status": {"state": "QUEUED_SOMEWHERE"}, "x": 1}"""));
        var sut = _client.GetSqlClient();

        var rows = await sut.QueryAsync(SqlStatement.FromText("SELECT id, g"), null, Ct).ToListAsync(Ct);
        var pending = await sut.GetStatementAsync("s8", Ct);

        Assert.Equal([(1L, "a"), (2L, null)], rows.Select(r => ((long)r[0]!, (string?)r[1])));
        Assert.Equal(new SqlTypeName("GEOGRAPHY_SOMEDAY"), (await sut.ExecuteAsync(SqlStatement.FromText("SELECT id, g"), null, Ct)).Manifest!.Schema!.Columns[1].TypeName);
        Assert.Equal("QUEUED_SOMEWHERE", pending.Status.State.Value);
    }

    [Theory]
    [InlineData("""{"statement_id": "s", "status": {"state": "SUCCEEDED"}""")]
    [InlineData("""{"statement_id": "s", "status": {"state": null}}""")]
    [InlineData("""{"status": {"state": "SUCCEEDED"}}""")]
    [InlineData("""{"statement_id": "s", "status": {}, "manifest": {"total_row_count": "many"}}""")]
    [InlineData("""[]""")]
    public async Task ExecuteAsync_AnswerNotAStatementResponse_ThrowsDatabricksExceptionNamingTheCall(string body)
    {
        _server.Map("/api/2.0/sql/statements", _ => ScriptedResponse.Json(200, body));

        var error = await Assert.ThrowsAsync<DatabricksException>(() => _client.GetSqlClient().ExecuteAsync(SqlStatement.FromText("SELECT 1"), null, Ct));

        Assert.Equal(DatabricksErrorCode.Unknown, error.ErrorCode);
        Assert.Equal(200, (int?)error.StatusCode);
        Assert.StartsWith("The answer to POST /api/2.0/sql/statements could not be read as StatementResponse: ", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<JsonException>(error.InnerException);
    }

    [Fact]
    public async Task FetchChunkAsync_AnswerNotAChunk_ThrowsDatabricksExceptionNamingTheCall()
    {
        _server.Map("/api/2.0/sql/statements/s/result/chunks/1", _ => ScriptedResponse.Json(200, """{"chunk_index": 1, "data_array": [[1]]}"""));

        var error = await Assert.ThrowsAsync<DatabricksException>(() => _client.GetSqlClient().FetchChunkAsync("s", 1, Ct));

        Assert.Equal(DatabricksErrorCode.Unknown, error.ErrorCode);
        Assert.Contains("could not be read as ResultChunk", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<JsonException>(error.InnerException);
    }

    private static string Inline(string value) => "\"result\":" + $$"""{"chunk_index":0,"data_array":[["{{value}}"]]}""";

    private static string Succeeded(string id, string result, string format, int chunks) =>
        $$"""{"statement_id":"{{id}}","status":{"state":"SUCCEEDED"},"manifest":{"format":"{{format}}","total_chunk_count":{{chunks}},"schema":{{Columns}}},{{result}}}""";

    private string LinkResult(string id, int index, bool last, string? generation = null, long? byteCount = null, long rowCount = 2)
    {
        var url = new Uri(_server.BaseAddress, $"/storage/{id}/{index}" + (generation is null ? string.Empty : "/" + generation) + "?sig=" + Secret);
        var next = last ? string.Empty : $$""","next_chunk_index":{{index + 1}},"next_chunk_internal_link":"/api/2.0/sql/statements/{{id}}/result/chunks/{{index + 1}}" """;
        return "\"result\":" + $$"""{"chunk_index":{{index}},"external_links":[{"chunk_index":{{index}},"row_offset":{{index * rowCount}},"row_count":{{rowCount}},{{(byteCount is null ? string.Empty : $"\"byte_count\":{byteCount},")}}"external_link":"{{url}}","http_headers":{"x-ms-link-secret":"{{SecretHeader}}"}{{next}}}]}""";
    }

    private void MapLinkedStatement(string id, int chunks)
    {
        _server.Map("/api/2.0/sql/statements", _ => ScriptedResponse.Json(200, Succeeded(id, LinkResult(id, 0, last: chunks == 1), "JSON_ARRAY", chunks)));
        for (var i = 0; i < chunks; i++)
        {
            var index = i;
            _server.Map($"/api/2.0/sql/statements/{id}/result/chunks/{index}", _ => ScriptedResponse.Json(200, LinkResult(id, index, last: index == chunks - 1)[9..]));
            _server.Map($"/storage/{id}/{index}", _ => ScriptedResponse.Json(200, $"""[["{index * 10}"],["{(index * 10) + 1}"]]"""));
        }
    }

    /// <summary>
    /// The system clock, except that timers due in under 5 s (the statement poll delays; request timeouts are longer)
    /// are recorded and fire after 1 ms, so backoff is observed exactly without sleeping.
    /// </summary>
    private sealed class PollClock : TimeProvider
    {
        private readonly Lock _gate = new();
        private readonly List<TimeSpan> _delays = [];

        public IReadOnlyList<TimeSpan> PollDelays
        {
            get
            {
                lock (_gate)
                {
                    return [.. _delays];
                }
            }
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime > TimeSpan.Zero && dueTime < TimeSpan.FromSeconds(5) && period == Timeout.InfiniteTimeSpan)
            {
                lock (_gate)
                {
                    _delays.Add(dueTime);
                }

                return System.CreateTimer(callback, state, TimeSpan.FromMilliseconds(1), period);
            }

            return System.CreateTimer(callback, state, dueTime, period);
        }
    }
}
