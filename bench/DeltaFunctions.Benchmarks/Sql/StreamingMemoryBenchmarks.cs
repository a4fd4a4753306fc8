using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using DeltaFunctions.Databricks;
using DeltaFunctions.Databricks.Auth;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.TestUtilities.Http;

namespace DeltaFunctions.Benchmarks.Sql;

/// <summary>
/// Streams <see cref="Rows"/> rows through <see cref="SqlClient.QueryAsync"/> (ARROW_STREAM, external links) and
/// reports the PEAK memory of this process while streaming: the working set and the managed heap, sampled every
/// 10 ms during the run, as absolute peaks and as growth over the level just before the statement was submitted.
/// The emulator runs as a separate process (the emulator keeps every chunk of a result in memory, which in-process
/// would hide the client's share), so these figures are the client's alone. Bounded streaming shows as the same
/// growth for 1M and 10M rows; memory that scaled with the result would grow tenfold. The baseline streams the same
/// statement's chunks with a raw <see cref="HttpClient"/> into <see cref="Apache.Arrow.Ipc.ArrowStreamReader"/>,
/// disposing each batch; the cleanup prints the client's peak growth as a ratio of the raw reader's. Run:
/// <c>--filter '*StreamingMemory*' --inProcess --strategy Monitoring --launchCount 1 --warmupCount 0 --iterationCount 2</c>
/// (command-line job options replace the config below).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessMonitoringConfig))]
public class StreamingMemoryBenchmarks
{
    private ExternalEmulator _emulator = null!;
    private DatabricksClient _client = null!;
    private readonly HttpClient _raw = new();
    // BenchmarkDotNet builds one instance per case, so the raw and client peaks of a row count meet here.
    private static readonly Dictionary<int, MemorySample> RawPeaks = [];
    private MemorySample _peak;
    private MemorySample _rawPeak;

    /// <summary>Gets or sets the number of rows.</summary>
    [Params(1_000_000, 10_000_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _emulator = await ExternalEmulator.StartAsync(chunkRows: 250_000);
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
        _peak = default;
        _rawPeak = default;
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        Console.WriteLine(
            $"// PEAK Rows={Rows}: working set {_peak.WorkingSet / (1024 * 1024)} MiB (+{_peak.WorkingSetGrowth / (1024 * 1024)} MiB over pre-query), "
            + $"managed heap {_peak.Heap / (1024 * 1024)} MiB (+{_peak.HeapGrowth / (1024 * 1024)} MiB); client process only, emulator out of process");
        Console.WriteLine(
            $"// PEAK RAW Rows={Rows}: working set {_rawPeak.WorkingSet / (1024 * 1024)} MiB (+{_rawPeak.WorkingSetGrowth / (1024 * 1024)} MiB), "
            + $"managed heap {_rawPeak.Heap / (1024 * 1024)} MiB (+{_rawPeak.HeapGrowth / (1024 * 1024)} MiB)");
        if (_rawPeak.WorkingSet > 0)
        {
            RawPeaks[Rows] = _rawPeak;
        }
        else
        {
            _rawPeak = RawPeaks.GetValueOrDefault(Rows);
        }

        if (_peak.WorkingSet > 0 && _rawPeak.WorkingSet > 0)
        {
            Console.WriteLine(
                $"// PEAK RATIO Rows={Rows}: client/raw peak working set {(double)_peak.WorkingSet / _rawPeak.WorkingSet:0.00}x, "
                + $"growth {(double)Math.Max(_peak.WorkingSetGrowth, 1) / Math.Max(_rawPeak.WorkingSetGrowth, 1):0.00}x");
        }

        _client.Dispose();
        _raw.Dispose();
        await _emulator.DisposeAsync();
    }

    /// <summary>
    /// The measured console mode (<c>--streaming-memory raw|client ROWS [ITERATIONS]</c>): one case alone in this
    /// process, run a fixed number of times with no BenchmarkDotNet runner (whose in-process timeout the 10M-row case
    /// exceeded), printing the same PEAK lines. Run the raw and the client case as separate processes so neither
    /// inherits the other's working set, and divide their peaks.
    /// </summary>
    /// <param name="args">The case (<c>raw</c> or <c>client</c>), the row count and optionally the iteration count (2).</param>
    /// <returns>The process exit code.</returns>
    public static async Task<int> RunConsoleAsync(IReadOnlyList<string> args)
    {
        if (args.Count < 2 || args[0] is not ("raw" or "client") || !int.TryParse(args[1], System.Globalization.CultureInfo.InvariantCulture, out var rows) || rows <= 0)
        {
            await Console.Error.WriteLineAsync("usage: --streaming-memory raw|client ROWS [ITERATIONS]");
            return 2;
        }

        var iterations = args.Count > 2 && int.TryParse(args[2], System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 2;
        var benchmark = new StreamingMemoryBenchmarks { Rows = rows };
        await benchmark.SetupAsync();
        try
        {
            for (var i = 0; i < iterations; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var count = args[0] == "raw" ? await benchmark.RawStream() : await benchmark.Stream();
                Console.WriteLine($"// {args[0]} iteration {i + 1}: {count} rows in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.00} s");
            }
        }
        finally
        {
            await benchmark.CleanupAsync();
        }

        return 0;
    }

    /// <summary>The raw floor: the same statement's chunks streamed by a plain HttpClient into ArrowStreamReader.</summary>
    [Benchmark(Baseline = true)]
    public async Task<long> RawStream()
    {
        using var sampler = new PeakSampler();
        var sql = _client.GetSqlClient();
        var response = await sql.ExecuteAsync(
            SqlStatement.FromText($"SELECT id FROM range(0, {Rows}) AS r(id)"), new SqlExecuteOptions { Format = ResultFormat.ArrowStream, ResultCompression = ResultCompression.None });
        long count = 0;
        for (var i = 0; i < response.Manifest!.TotalChunkCount; i++)
        {
            var chunk = await sql.FetchChunkAsync(response.StatementId, i);
            foreach (var link in chunk.ExternalLinks ?? [])
            {
                using var body = await _raw.GetAsync(link.Url, HttpCompletionOption.ResponseHeadersRead);
                using var reader = new Apache.Arrow.Ipc.ArrowStreamReader(await body.Content.ReadAsStreamAsync());
                while (await reader.ReadNextRecordBatchAsync() is { } batch)
                {
                    using (batch)
                    {
                        count += batch.Length;
                    }
                }
            }
        }

        var sample = await sampler.StopAsync();
        Console.WriteLine(
            $"// raw iteration Rows={Rows}: peak working set {sample.WorkingSet / (1024 * 1024)} MiB (+{sample.WorkingSetGrowth / (1024 * 1024)}), "
            + $"peak managed heap {sample.Heap / (1024 * 1024)} MiB (+{sample.HeapGrowth / (1024 * 1024)})");
        _rawPeak = MemorySample.Max(_rawPeak, sample);
        return count;
    }

    [Benchmark]
    public async Task<long> Stream()
    {
        using var sampler = new PeakSampler();
        long count = 0;
        await foreach (var row in _client.GetSqlClient().QueryAsync(
            SqlStatement.FromText($"SELECT id FROM range(0, {Rows}) AS r(id)"), new SqlExecuteOptions { Format = ResultFormat.ArrowStream, ResultCompression = ResultCompression.None }))
        {
            count += row.FieldCount;
        }

        var sample = await sampler.StopAsync();
        Console.WriteLine(
            $"// iteration Rows={Rows}: peak working set {sample.WorkingSet / (1024 * 1024)} MiB (+{sample.WorkingSetGrowth / (1024 * 1024)}), "
            + $"peak managed heap {sample.Heap / (1024 * 1024)} MiB (+{sample.HeapGrowth / (1024 * 1024)}), {sample.Samples} samples");
        _peak = MemorySample.Max(_peak, sample);
        return count;
    }

    /// <summary>
    /// One in-process job (the sampled process must be the one streaming), each run measured once after no warmup:
    /// peak memory, not steady-state speed, is the figure.
    /// </summary>
    private sealed class InProcessMonitoringConfig : ManualConfig
    {
        public InProcessMonitoringConfig() =>
            AddJob(Job.Dry.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(0).WithIterationCount(2)
                .WithToolchain(InProcessEmitToolchain.Instance).AsDefault());
    }

    /// <summary>Peak figures of one run, in bytes.</summary>
    private readonly record struct MemorySample(long WorkingSet, long WorkingSetGrowth, long Heap, long HeapGrowth, int Samples)
    {
        public static MemorySample Max(MemorySample a, MemorySample b) => new(
            Math.Max(a.WorkingSet, b.WorkingSet),
            Math.Max(a.WorkingSetGrowth, b.WorkingSetGrowth),
            Math.Max(a.Heap, b.Heap),
            Math.Max(a.HeapGrowth, b.HeapGrowth),
            a.Samples + b.Samples);
    }

    /// <summary>Samples the process working set and managed heap on a background thread and keeps the maxima.</summary>
    private sealed class PeakSampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task<MemorySample> _loop;

        public PeakSampler()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            using var process = Process.GetCurrentProcess();
            var baseWorkingSet = process.WorkingSet64;
            var baseHeap = GC.GetTotalMemory(forceFullCollection: false);
            _loop = Task.Run(() => Loop(baseWorkingSet, baseHeap));
        }

        public async Task<MemorySample> StopAsync()
        {
            await _stop.CancelAsync();
            return await _loop;
        }

        public void Dispose() => _stop.Dispose();

        private MemorySample Loop(long baseWorkingSet, long baseHeap)
        {
            using var process = Process.GetCurrentProcess();
            long workingSet = baseWorkingSet, heap = baseHeap;
            var samples = 0;
            do
            {
                process.Refresh();
                workingSet = Math.Max(workingSet, process.WorkingSet64);
                heap = Math.Max(heap, GC.GetTotalMemory(forceFullCollection: false));
                samples++;
            }
            while (!_stop.Token.WaitHandle.WaitOne(10));

            return new MemorySample(workingSet, workingSet - baseWorkingSet, heap, heap - baseHeap, samples);
        }
    }
}
