using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using DeltaFunctions.Benchmarks.Sql;
using DeltaFunctions.Databricks;
using DeltaFunctions.Databricks.Auth;
using DeltaFunctions.Databricks.Jobs;

namespace DeltaFunctions.Benchmarks.Jobs;

/// <summary>
/// The client's per-request HTTP overhead on <c>GET /api/2.2/jobs/runs/get</c>: <see cref="JobsClient.GetRunAsync"/>
/// (auth header, resilience pipeline, rate limiter, telemetry, source-generated deserialization into <see cref="Run"/>)
/// against a raw <see cref="HttpClient"/> doing the same GET and deserializing the same JSON into the same
/// <see cref="Run"/> with the same source-generated type info (<c>GetFromJsonAsync</c>). Both sides use a
/// <see cref="SocketsHttpHandler"/> set up as the library sets up its own (pooled connections recycled after 5 minutes,
/// automatic decompression, no connection limit) and talk to the emulator running in its own process over loopback
/// HTTP; the client uses production defaults except a rate limit (100,000 requests/s) that never binds.
/// Two categories, each with its raw baseline, so the ratios come from the same run:
/// <c>Sequential</c> (one invocation = <see cref="Calls"/> calls one after another; the <c>P50 ratio</c> column is the
/// client's median ÷ the raw median) and <c>Concurrent</c> (<see cref="Callers"/> tasks sharing one client, together
/// <see cref="Calls"/> calls; the <c>Throughput ratio</c> column is the raw median time ÷ the client's, i.e. the share
/// of the raw throughput the client reaches). On a shared machine those cases, run minutes apart, see different load;
/// the <c>Paired</c> category alternates raw and client calls (one by one, or round by round for the concurrent
/// callers) and prints per-call p50s and ratios measured under the same load as <c>// PAIRED</c> lines.
/// Run: <c>dotnet DeltaFunctions.Benchmarks.dll --filter '*GetRunBenchmarks*' --job short --inProcess</c>.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[MedianColumn]
[InvocationCount(1, 1)]
[Config(typeof(RatioConfig))]
public class GetRunBenchmarks
{
    /// <summary>Calls per invocation (the 2,000 sequential calls).</summary>
    public const int Calls = 2_000;

    /// <summary>Concurrent callers in the <c>Concurrent</c> category.</summary>
    public const int Callers = 16;

    private ExternalEmulator _emulator = null!;
    private DatabricksClient _client = null!;
    private JobsClient _jobs = null!;
    private HttpClient _raw = null!;
    private long _runId;
    private string _url = null!;
    private readonly List<long> _rawLatencies = [];
    private readonly List<long> _clientLatencies = [];
    private readonly List<long> _rawRounds = [];
    private readonly List<long> _clientRounds = [];
    private readonly List<double> _rawRoundCpu = [];
    private readonly List<double> _clientRoundCpu = [];
    private readonly Process _process = Process.GetCurrentProcess();

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _emulator = await ExternalEmulator.StartAsync(chunkRows: 10_000);
        _client = new DatabricksClient(
            _emulator.BaseAddress,
            DatabricksCredential.FromPersonalAccessToken(_emulator.Token),
            new DatabricksClientOptions { RateLimit = 100_000 });
        _jobs = _client.GetJobsClient();
        _raw = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.All,
        })
        {
            BaseAddress = _emulator.BaseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _raw.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _emulator.Token);

        var run = new SubmitRunBuilder()
            .AddTask(new JobTaskBuilder("extract").SparkPython("/Workspace/a.py").OnExistingCluster("c"))
            .AddTask(new JobTaskBuilder("load").SparkPython("/Workspace/b.py").OnExistingCluster("c").DependsOn("extract"))
            .Build();
        _runId = await _jobs.SubmitRunAsync(run);
        await _jobs.WaitForCompletionAsync(_runId, new WaitOptions { InitialDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromMilliseconds(500) });
        _url = "api/2.2/jobs/runs/get?run_id=" + _runId.ToString(CultureInfo.InvariantCulture);

        // Both sides answer the same run before anything is measured.
        var raw = await RawGetRunAsync();
        var client = await _jobs.GetRunAsync(_runId);
        if (raw.Tasks?.Count != 2 || client.Tasks?.Count != 2 || raw.RunId != client.RunId)
        {
            throw new InvalidOperationException("The raw and client reads of the run differ.");
        }

        // Each case starts its own emulator process: warm its JIT and connection pool through both paths first, so
        // whichever case runs first does not pay for the server's warm-up.
        await RawConcurrent();
        await ClientConcurrent();
        _rawLatencies.Clear();
        _clientLatencies.Clear();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (_rawLatencies.Count > 0)
        {
            double raw = Median(_rawLatencies), client = Median(_clientLatencies);
            Console.WriteLine(FormattableString.Invariant(
                $"// PAIRED Sequential runs/get p50 per call over {_rawLatencies.Count} calls each: raw {raw:0.0} us, client {client:0.0} us, P50 ratio {client / raw:0.00}"));
        }

        if (_rawRounds.Count > 0)
        {
            double raw = Median(_rawRounds), client = Median(_clientRounds);
            _rawRoundCpu.Sort();
            _clientRoundCpu.Sort();
            double rawCpu = _rawRoundCpu[_rawRoundCpu.Count / 2], clientCpu = _clientRoundCpu[_clientRoundCpu.Count / 2];
            Console.WriteLine(FormattableString.Invariant(
                $"// PAIRED Concurrent ({Callers} callers) median round of {Calls / 8} calls over {_rawRounds.Count} rounds: raw {raw / 1000:0.0} ms, client {client / 1000:0.0} ms, Throughput ratio {raw / client:0.00}; this process's CPU per round (the callers' side, the server apart) raw {rawCpu:0.0} ms, client {clientCpu:0.0} ms, CPU ratio {clientCpu / rawCpu:0.00}"));
        }

        _client.Dispose();
        _raw.Dispose();
        await _emulator.DisposeAsync();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls)]
    [BenchmarkCategory("Sequential")]
    public async Task<int> RawSequential()
    {
        var tasks = 0;
        for (var i = 0; i < Calls; i++)
        {
            tasks += (await RawGetRunAsync()).Tasks!.Count;
        }

        return tasks;
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    [BenchmarkCategory("Sequential")]
    public async Task<int> ClientSequential()
    {
        var tasks = 0;
        for (var i = 0; i < Calls; i++)
        {
            tasks += (await _jobs.GetRunAsync(_runId)).Tasks!.Count;
        }

        return tasks;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls)]
    [BenchmarkCategory("Concurrent")]
    public Task<int> RawConcurrent() => InParallelAsync(async () => (await RawGetRunAsync()).Tasks!.Count);

    [Benchmark(OperationsPerInvoke = Calls)]
    [BenchmarkCategory("Concurrent")]
    public Task<int> ClientConcurrent() => InParallelAsync(async () => (await _jobs.GetRunAsync(_runId)).Tasks!.Count);

    /// <summary>
    /// Raw and client calls alternated one by one, each timed, so both see the same machine load (on a shared machine
    /// the separate cases above run minutes apart under different load). At cleanup prints the per-call p50 of each
    /// side and their ratio as a <c>PAIRED</c> line.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Calls)]
    [BenchmarkCategory("Paired")]
    public async Task<int> PairedSequential()
    {
        var tasks = 0;
        for (var i = 0; i < Calls / 2; i++)
        {
            var started = Stopwatch.GetTimestamp();
            tasks += (await RawGetRunAsync()).Tasks!.Count;
            var middle = Stopwatch.GetTimestamp();
            tasks += (await _jobs.GetRunAsync(_runId)).Tasks!.Count;
            _rawLatencies.Add(middle - started);
            _clientLatencies.Add(Stopwatch.GetTimestamp() - middle);
        }

        return tasks;
    }

    /// <summary>
    /// <see cref="Callers"/> raw callers and <see cref="Callers"/> client callers, alternated round by round (each
    /// round <see cref="Calls"/> / 8 calls per side), each round timed; which side goes first alternates too, so
    /// neither always runs on the other's warm (or cold) connections, thread pool and server. At cleanup prints the
    /// median round time of each side and the throughput ratio (raw ÷ client), and this process's median CPU time per
    /// round of each side (the callers' own cost, which time slicing on a loaded machine barely moves) as a
    /// <c>PAIRED</c> line.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Calls)]
    [BenchmarkCategory("Paired")]
    public async Task<int> PairedConcurrent()
    {
        var tasks = 0;
        for (var round = 0; round < 4; round++)
        {
            var rawFirst = _rawRounds.Count % 2 == 0;
            for (var side = 0; side < 2; side++)
            {
                var raw = rawFirst == (side == 0);
                _process.Refresh();
                var cpu = _process.TotalProcessorTime;
                var started = Stopwatch.GetTimestamp();
                tasks += raw
                    ? await InParallelAsync(async () => (await RawGetRunAsync()).Tasks!.Count, Calls / 8)
                    : await InParallelAsync(async () => (await _jobs.GetRunAsync(_runId)).Tasks!.Count, Calls / 8);
                (raw ? _rawRounds : _clientRounds).Add(Stopwatch.GetTimestamp() - started);
                _process.Refresh();
                (raw ? _rawRoundCpu : _clientRoundCpu).Add((_process.TotalProcessorTime - cpu).TotalMilliseconds);
            }
        }

        return tasks;
    }

    private static double Median(List<long> values)
    {
        values.Sort();
        return values.Count == 0 ? double.NaN : values[values.Count / 2] * 1e6 / Stopwatch.Frequency;
    }

    private static Task<int> InParallelAsync(Func<Task<int>> call) => InParallelAsync(call, Calls);

    private static async Task<int> InParallelAsync(Func<Task<int>> call, int calls)
    {
        var callers = new Task<int>[Callers];
        for (var c = 0; c < Callers; c++)
        {
            callers[c] = Task.Run(async () =>
            {
                var tasks = 0;
                for (var i = 0; i < calls / Callers; i++)
                {
                    tasks += await call();
                }

                return tasks;
            });
        }

        return (await Task.WhenAll(callers)).Sum();
    }

    private async Task<Run> RawGetRunAsync() =>
        await _raw.GetFromJsonAsync(_url, JobsJsonContext.Default.Run) ?? throw new InvalidOperationException("runs/get answered null.");

    private sealed class RatioConfig : ManualConfig
    {
        public RatioConfig()
        {
            AddColumn(MedianRatioColumn.P50, MedianRatioColumn.Throughput);
        }
    }
}
