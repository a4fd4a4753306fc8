using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using DeltaFunctions.Databricks;
using DeltaFunctions.Databricks.Auth;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.TestUtilities.Http;

namespace DeltaFunctions.Benchmarks.Sql;

/// <summary>
/// Reading a result of <see cref="Rows"/> rows (BIGINT, DOUBLE, STRING) from the emulator over loopback through
/// <see cref="SqlClient"/> in ARROW_STREAM (as rows and as record batches) and JSON_ARRAY, each against decoding the
/// same downloaded bytes directly with Apache.Arrow / System.Text.Json, every column read (the floor: no HTTP, no
/// typing, no row objects). The emulator runs as a separate process, so allocations are the client's alone; the
/// client timings include the emulator running the query and serving the chunks.
/// Cases are grouped by category, each with its raw-library baseline, so every ratio is measured in the same run:
/// <c>Arrow</c> (client rows, typed rows and batches of a finished statement against <see cref="ArrowStreamReader"/>
/// over the same bytes), <c>ArrowHttp</c> (client batches against a raw <see cref="HttpClient"/> streaming the same
/// links into <see cref="ArrowStreamReader"/>), <c>Json</c> (client JSON_ARRAY rows against a
/// <see cref="Utf8JsonReader"/> pass over the same bytes) and <c>EndToEnd</c> (statement run included, against the
/// raw HTTP read). Run: <c>dotnet run -c Release --project bench/DeltaFunctions.Benchmarks -- --filter '*ResultRead*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ResultReadBenchmarks
{
    private readonly HttpClient _raw = new();
    private ExternalEmulator _emulator = null!;
    private DatabricksClient _client = null!;
    private SqlStatement _query = null!;
    private StatementResponse _arrowDone = null!;
    private StatementResponse _jsonDone = null!;
    private List<byte[]> _arrowChunks = null!;
    private List<byte[]> _jsonChunks = null!;
    private List<Uri> _arrowLinks = null!;

    /// <summary>Gets or sets the number of rows: 1,000,000, or <c>DELTAFUNCTIONS_BENCH_ROWS</c> when set (the CI smoke run uses fewer).</summary>
    [ParamsSource(nameof(RowCounts))]
    public int Rows { get; set; }

    /// <summary>Gets the row counts to run.</summary>
    public static IEnumerable<int> RowCounts =>
        [int.TryParse(Environment.GetEnvironmentVariable("DELTAFUNCTIONS_BENCH_ROWS"), System.Globalization.CultureInfo.InvariantCulture, out var rows) && rows > 0 ? rows : 1_000_000];

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _emulator = await ExternalEmulator.StartAsync(chunkRows: 100_000);
        _client = TestDatabricksClients.Create(
            _emulator.BaseAddress,
            DatabricksCredential.FromPersonalAccessToken(_emulator.Token),
            o =>
            {
                o.WarehouseId = _emulator.WarehouseId;
                o.TimeoutSeconds = 600;
                o.TotalTimeoutSeconds = 3600;

                // The client-side limiter (100 requests/s by default) is a policy, not read-path work: a result of ten
                // chunks costs ten chunk-link requests, so back-to-back reads would measure the limiter's wait, which
                // the raw baselines do not have.
                o.RateLimit = 100_000;
            });
        // Every Arrow read asks for ResultCompression.None: the raw baselines decode the plain Arrow bytes the links
        // serve, so the client must read the same bytes (its default, LZ4_FRAME, would add a decoder neither baseline has).
        _query = SqlStatement.FromText($"SELECT id, CAST(id AS DOUBLE) * 1.5 AS v, CAST(id AS STRING) AS s FROM range(0, {Rows}) AS r(id)");
        _arrowDone = await _client.GetSqlClient().ExecuteAsync(_query, new SqlExecuteOptions { Format = ResultFormat.ArrowStream, ResultCompression = ResultCompression.None });
        _jsonDone = await _client.GetSqlClient().ExecuteAsync(_query, new SqlExecuteOptions { Format = ResultFormat.JsonArray, Disposition = ResultDisposition.ExternalLinks });
        (_arrowChunks, _arrowLinks) = await DownloadAsync(ResultFormat.ArrowStream);
        (_jsonChunks, _) = await DownloadAsync(ResultFormat.JsonArray);
    }

    /// <summary>
    /// The interleaved console mode (<c>--interleaved-read [ROUNDS] [CATEGORY…]</c>): every benchmark of the chosen
    /// categories (default Arrow, ArrowHttp, Json) run once per round, round after round, so a load that comes and goes
    /// on a shared machine hits every case alike; prints per case the median wall time, the median CPU time of this
    /// process (the client's work: the emulator runs in its own process) and the allocations of one run, each also as a
    /// ratio to its category's baseline. The BenchmarkDotNet run stays the reference; this is its cross-check under load.
    /// Rounds are measured once the JIT has settled (tiered compilation keeps compiling in the background for about a
    /// dozen rounds, and that CPU would land on whichever case runs meanwhile). Allocations count the GC heap plus
    /// Arrow's native allocator (<see cref="Apache.Arrow.Memory.MemoryAllocator.Default"/>, what a raw
    /// <see cref="ArrowStreamReader"/> takes its bodies from): the client keeps Arrow bodies on the managed heap
    /// (<see cref="ManagedArrowAllocator"/>), the raw read natively, and both are the same bytes of the same work.
    /// </summary>
    /// <param name="args">The number of measured rounds (5) after the warm-up rounds, then the categories or benchmark method names.</param>
    /// <returns>The process exit code.</returns>
    public static async Task<int> RunInterleavedAsync(IReadOnlyList<string> args)
    {
        var rounds = args.Count > 0 && int.TryParse(args[0], System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 5;
        var categories = args.Count > 1 ? args.Skip(1).ToHashSet(StringComparer.OrdinalIgnoreCase) : new HashSet<string>(["Arrow", "ArrowHttp", "Json"], StringComparer.OrdinalIgnoreCase);
        var cases = typeof(ResultReadBenchmarks).GetMethods()
            .Select(m => (Method: m, Benchmark: m.GetCustomAttributes(typeof(BenchmarkAttribute), false).OfType<BenchmarkAttribute>().FirstOrDefault(),
                Category: m.GetCustomAttributes(typeof(BenchmarkCategoryAttribute), false).OfType<BenchmarkCategoryAttribute>().FirstOrDefault()?.Categories[0]))
            .Where(c => c.Benchmark is not null && c.Category is not null && (categories.Contains(c.Category) || categories.Contains(c.Method.Name)))
            .ToList();
        var benchmark = new ResultReadBenchmarks { Rows = RowCounts.First() };
        await benchmark.SetupAsync();
        var samples = cases.ToDictionary(c => c.Method.Name, _ => new List<(double Wall, double Cpu, long Bytes, long Native, int Gen0, int Gen2)>());
        var native = Apache.Arrow.Memory.MemoryAllocator.Default.Value.Statistics;
        try
        {
            using var process = System.Diagnostics.Process.GetCurrentProcess();

            // Warm-up rounds until the JIT has settled: tiered compilation (tier 0, instrumented, tier 1, OSR) goes on
            // in the background for a dozen rounds of these cases, and its CPU lands on whichever case runs meanwhile.
            // Measured rounds start after two quiet warm-up rounds in a row (at most MaxWarmup rounds).
            const int MaxWarmup = 40;
            var warmup = 0;
            for (var quiet = 0; quiet < 2 && warmup < MaxWarmup; warmup++)
            {
                var jit = await RoundAsync(record: false);
                quiet = jit.Methods <= 20 ? quiet + 1 : 0;
            }

            Console.WriteLine($"// {warmup} warm-up rounds");
            var jitDuringMeasurement = (Methods: 0, Milliseconds: 0.0);
            for (var round = 0; round < rounds; round++)
            {
                var jit = await RoundAsync(record: true);
                jitDuringMeasurement = (jitDuringMeasurement.Methods + jit.Methods, jitDuringMeasurement.Milliseconds + jit.Milliseconds);
            }

            Console.WriteLine(System.FormattableString.Invariant(
                $"// JIT during the measured rounds: {jitDuringMeasurement.Methods} methods, {jitDuringMeasurement.Milliseconds:0} ms"));

            // One round: every case once, each after a full collection; returns what the JIT compiled meanwhile.
            async Task<(int Methods, double Milliseconds)> RoundAsync(bool record)
            {
                var (jitMethods, jitTime) = (System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime());
                foreach (var (method, _, _) in cases)
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    process.Refresh();
                    var cpu = process.TotalProcessorTime;
                    var bytes = GC.GetTotalAllocatedBytes(precise: true);
                    var nativeBytes = native.BytesAllocated;
                    var (gen0, gen2) = (GC.CollectionCount(0), GC.CollectionCount(2));
                    var started = System.Diagnostics.Stopwatch.GetTimestamp();
                    var result = method.Invoke(benchmark, null);
                    if (result is Task task)
                    {
                        await task;
                    }

                    var wall = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    process.Refresh();
                    if (record)
                    {
                        samples[method.Name].Add((
                            wall,
                            (process.TotalProcessorTime - cpu).TotalMilliseconds,
                            GC.GetTotalAllocatedBytes(precise: true) - bytes,
                            native.BytesAllocated - nativeBytes,
                            GC.CollectionCount(0) - gen0,
                            GC.CollectionCount(2) - gen2));
                    }
                }

                return ((int)(System.Runtime.JitInfo.GetCompiledMethodCount() - jitMethods), (System.Runtime.JitInfo.GetCompilationTime() - jitTime).TotalMilliseconds);
            }
        }
        finally
        {
            await benchmark.CleanupAsync();
        }

        static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        }

        Console.WriteLine($"// INTERLEAVED Rows={benchmark.Rows}, {rounds} rounds: median wall ms, median process CPU ms, allocated MB (GC heap plus Arrow's native allocator; ratio to the category's baseline), GCs gen0/gen2");
        foreach (var group in cases.GroupBy(c => c.Category))
        {
            // A case chosen by name (to profile it alone) may run without its baseline: its ratios are then to itself.
            var baseline = (group.FirstOrDefault(c => c.Benchmark!.Baseline).Method ?? group.First().Method).Name;
            var (bw, bc, bb) = (Median(samples[baseline].Select(x => x.Wall)), Median(samples[baseline].Select(x => x.Cpu)), Median(samples[baseline].Select(x => (double)(x.Bytes + x.Native))));
            foreach (var (method, _, category) in group)
            {
                var s = samples[method.Name];
                var (w, c, b, nb) = (Median(s.Select(x => x.Wall)), Median(s.Select(x => x.Cpu)), Median(s.Select(x => (double)(x.Bytes + x.Native))), Median(s.Select(x => (double)x.Native)));
                Console.WriteLine(System.FormattableString.Invariant(
                    $"// {category,-9} {method.Name,-38} wall {w,8:0.0} ({w / bw:0.00}x)  cpu {c,8:0.0} ({c / bc:0.00}x)  alloc {b / 1048576,7:0.0} ({b / bb:0.00}x, native {nb / 1048576:0.0})  GCs {Median(s.Select(x => (double)x.Gen0)):0}/{Median(s.Select(x => (double)x.Gen2)):0}"));
            }
        }

        return 0;
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _client.Dispose();
        _raw.Dispose();
        await _emulator.DisposeAsync();
    }

    [Benchmark]
    [BenchmarkCategory("EndToEnd")]
    public async Task<long> Client_ArrowStream()
    {
        long sum = 0;
        await foreach (var row in _client.GetSqlClient().QueryAsync(_query, new SqlExecuteOptions { Format = ResultFormat.ArrowStream, ResultCompression = ResultCompression.None }))
        {
            sum += (long)row[0]! + (long)(double)row[1]! + ((string)row[2]!).Length;
        }

        return sum;
    }

    [Benchmark]
    [BenchmarkCategory("EndToEnd")]
    public async Task<long> Client_ArrowBatches()
    {
        long sum = 0;
        await foreach (var batch in _client.GetSqlClient().QueryArrowAsync(_query, new SqlExecuteOptions { ResultCompression = ResultCompression.None }))
        {
            using (batch)
            {
                sum += SumBatch(batch);
            }
        }

        return sum;
    }

    [Benchmark]
    [BenchmarkCategory("EndToEnd")]
    public async Task<long> Client_JsonArray()
    {
        long sum = 0;
        await foreach (var row in _client.GetSqlClient().QueryAsync(
            _query, new SqlExecuteOptions { Format = ResultFormat.JsonArray, Disposition = ResultDisposition.ExternalLinks }))
        {
            sum += (long)row[0]! + (long)(double)row[1]! + ((string)row[2]!).Length;
        }

        return sum;
    }

    /// <summary>The client's share alone: rows of a statement that already ran (links fetched, bytes decoded, values typed).</summary>
    [Benchmark]
    [BenchmarkCategory("Arrow")]
    public async Task<long> ClientRead_ArrowStream()
    {
        long sum = 0;
        await foreach (var row in _client.GetSqlClient().ReadRowsAsync(_arrowDone))
        {
            sum += (long)row[0]! + (long)(double)row[1]! + ((string)row[2]!).Length;
        }

        return sum;
    }

    [Benchmark]
    [BenchmarkCategory("Arrow")]
    public Task<long> ClientRead_ArrowBatches() => ReadBatchesAsync();

    /// <summary>The same as <see cref="ClientRead_ArrowBatches"/>, against the raw HTTP read.</summary>
    [Benchmark]
    [BenchmarkCategory("ArrowHttp")]
    public Task<long> ClientRead_ArrowBatchesOverHttp() => ReadBatchesAsync();

    [Benchmark]
    [BenchmarkCategory("Json")]
    public async Task<long> ClientRead_JsonArray()
    {
        long sum = 0;
        await foreach (var row in _client.GetSqlClient().ReadRowsAsync(_jsonDone))
        {
            sum += (long)row[0]! + (long)(double)row[1]! + ((string)row[2]!).Length;
        }

        return sum;
    }

    /// <summary>The client's rows read through the typed accessors (no boxing of numbers).</summary>
    [Benchmark]
    [BenchmarkCategory("Arrow")]
    public async Task<long> ClientRead_ArrowRowsTyped()
    {
        long sum = 0;
        await foreach (var row in _client.GetSqlClient().ReadRowsAsync(_arrowDone))
        {
            sum += row.Get<long>(0) + (long)row.Get<double>(1) + row.Get<string>(2).Length;
        }

        return sum;
    }

    /// <summary>The client's rows mapped to a record (the ReadAsync&lt;T&gt; mapping) of a statement that already ran.</summary>
    [Benchmark]
    [BenchmarkCategory("Arrow")]
    public async Task<long> ClientRead_ArrowMapped()
    {
        long sum = 0;
        await foreach (var row in _client.GetSqlClient().ReadAsync<ResultRow>(_arrowDone))
        {
            sum += row.Id + (long)row.V + row.S.Length;
        }

        return sum;
    }

    /// <summary>
    /// The client's rows over HTTP (boxing indexer), against <see cref="Raw_HttpArrowStream"/>: both sides download the
    /// same links from the emulator and read every value, so the ratio is the client's share with HTTP on both sides.
    /// </summary>
    [Benchmark]
    [BenchmarkCategory("ArrowHttp")]
    public Task<long> ClientRead_ArrowRowsOverHttp() => ClientRead_ArrowStream();

    /// <summary>The client's rows over HTTP through the typed accessors (no boxing), against the raw HTTP read.</summary>
    [Benchmark]
    [BenchmarkCategory("ArrowHttp")]
    public Task<long> ClientRead_ArrowRowsTypedOverHttp() => ClientRead_ArrowRowsTyped();

    /// <summary>The client's rows mapped to a record class over HTTP (one object per row by design), against the raw HTTP read.</summary>
    [Benchmark]
    [BenchmarkCategory("ArrowHttp")]
    public Task<long> ClientRead_ArrowMappedOverHttp() => ClientRead_ArrowMapped();

    /// <summary>The client's rows mapped to a record struct over HTTP (the typed mapping alone, nothing per row on the heap), against the raw HTTP read.</summary>
    [Benchmark]
    [BenchmarkCategory("ArrowHttp")]
    public async Task<long> ClientRead_ArrowMappedStructOverHttp()
    {
        long sum = 0;
        await foreach (var row in _client.GetSqlClient().ReadAsync<ResultRowValue>(_arrowDone))
        {
            sum += row.Id + (long)row.V + row.S.Length;
        }

        return sum;
    }

    /// <summary>The raw floor over HTTP: a plain <see cref="HttpClient"/> streaming each link into <see cref="ArrowStreamReader"/>.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("ArrowHttp")]
    public async Task<long> Raw_HttpArrowStream()
    {
        long sum = 0;
        foreach (var link in _arrowLinks)
        {
            sum += await SumLinkAsync(link);
        }

        return sum;
    }

    /// <summary>
    /// <see cref="Raw_HttpArrowStream"/> with the Arrow bodies the client's batches get (<see cref="ManagedArrowAllocator.Pooled"/>:
    /// managed arrays from the shared pool, back to it when the batch is disposed): what that choice alone does to the
    /// raw read, apart from the client's work.
    /// </summary>
    [Benchmark]
    [BenchmarkCategory("ArrowHttp")]
    public async Task<long> Raw_HttpArrowStreamManagedBodies()
    {
        long sum = 0;
        foreach (var link in _arrowLinks)
        {
            sum += await SumLinkAsync(link, ManagedArrowAllocator.Pooled);
        }

        return sum;
    }

    /// <summary>
    /// The raw floor doing the whole protocol as the client must: each chunk's links fetched fresh from the chunk
    /// endpoint (a plain bearer-token GET parsed with <see cref="JsonDocument"/>), then streamed into
    /// <see cref="ArrowStreamReader"/>. <see cref="Raw_HttpArrowStream"/> reuses links collected once in setup, which
    /// a real reader cannot (links expire), so this case shows how much of the gap is the chunk requests themselves.
    /// </summary>
    [Benchmark]
    [BenchmarkCategory("ArrowHttp")]
    public async Task<long> Raw_HttpChunksAndLinks()
    {
        long sum = 0;
        for (var i = 0; i < _arrowDone.Manifest!.TotalChunkCount; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_emulator.BaseAddress, $"/api/2.0/sql/statements/{_arrowDone.StatementId}/result/chunks/{i}"));
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _emulator.Token);
            using var chunk = await _raw.SendAsync(request);
            chunk.EnsureSuccessStatusCode();
            using var json = await JsonDocument.ParseAsync(await chunk.Content.ReadAsStreamAsync());
            foreach (var link in json.RootElement.GetProperty("external_links").EnumerateArray())
            {
                sum += await SumLinkAsync(new Uri(link.GetProperty("external_link").GetString()!));
            }
        }

        return sum;
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Arrow")]
    public long Direct_ArrowBytes()
    {
        long sum = 0;
        foreach (var bytes in _arrowChunks)
        {
            using var reader = new ArrowStreamReader(new ReadOnlyMemory<byte>(bytes));
            while (reader.ReadNextRecordBatch() is { } batch)
            {
                sum += SumBatch(batch);
            }
        }

        return sum;
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Json")]
    public long Direct_JsonBytes()
    {
        long sum = 0;
        foreach (var bytes in _jsonChunks)
        {
            var reader = new Utf8JsonReader(bytes);
            var depth = 0;
            var column = 0;
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartArray:
                        depth++;
                        column = 0;
                        break;
                    case JsonTokenType.EndArray:
                        depth--;
                        break;
                    case JsonTokenType.String when depth == 2:
                        var text = reader.GetString()!;
                        sum += column++ switch
                        {
                            0 => long.Parse(text, System.Globalization.CultureInfo.InvariantCulture),
                            1 => (long)double.Parse(text, System.Globalization.CultureInfo.InvariantCulture),
                            _ => text.Length,
                        };
                        break;
                }
            }
        }

        return sum;
    }

    private async Task<long> ReadBatchesAsync()
    {
        long sum = 0;
        await foreach (var batch in _client.GetSqlClient().ReadBatchesAsync(_arrowDone))
        {
            // Disposed once read, as the raw read does with its batches: the body's memory goes to the next batch.
            using (batch)
            {
                sum += SumBatch(batch);
            }
        }

        return sum;
    }

    /// <summary>The raw read of one link: a plain GET streamed into <see cref="ArrowStreamReader"/>, each batch summed and disposed.</summary>
    private async Task<long> SumLinkAsync(Uri link, Apache.Arrow.Memory.MemoryAllocator? allocator = null)
    {
        long sum = 0;
        using var response = await _raw.GetAsync(link, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using var reader = new ArrowStreamReader(await response.Content.ReadAsStreamAsync(), allocator);
        while (await reader.ReadNextRecordBatchAsync() is { } batch)
        {
            using (batch)
            {
                sum += SumBatch(batch);
            }
        }

        return sum;
    }

    private static long SumBatch(RecordBatch batch)
    {
        long sum = 0;
        var ids = (Int64Array)batch.Column(0);
        var values = (DoubleArray)batch.Column(1);
        var texts = (StringArray)batch.Column(2);
        for (var i = 0; i < batch.Length; i++)
        {
            sum += (ids.GetValue(i) ?? 0) + (long)(values.GetValue(i) ?? 0) + texts.GetString(i).Length;
        }

        return sum;
    }

    private async Task<(List<byte[]> Chunks, List<Uri> Links)> DownloadAsync(ResultFormat format)
    {
        var sql = _client.GetSqlClient();
        var response = await sql.ExecuteAsync(_query, new SqlExecuteOptions { Format = format, Disposition = ResultDisposition.ExternalLinks, ResultCompression = ResultCompression.None });
        var chunks = new List<byte[]>();
        var links = new List<Uri>();
        for (var i = 0; i < response.Manifest!.TotalChunkCount; i++)
        {
            var chunk = await sql.FetchChunkAsync(response.StatementId, i);
            foreach (var link in chunk.ExternalLinks ?? [])
            {
                links.Add(new Uri(link.Url));
                chunks.Add(await _raw.GetByteArrayAsync(link.Url));
            }
        }

        return (chunks, links);
    }

    public sealed record ResultRow(long Id, double V, string S);

    public readonly record struct ResultRowValue(long Id, double V, string S);
}
