using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using DeltaFunctions.Benchmarks.Jobs;
using DeltaFunctions.Databricks.Delta;
using DeltaFunctions.Databricks.Schema;
using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Benchmarks.Sql;

/// <summary>
/// A keyed MERGE of <see cref="Rows"/> source rows (half updates, half inserts) into a table of <see cref="Rows"/> rows,
/// end to end through <see cref="DeltaClient"/> against the emulator: duplicate-key preflight, the source rows sent one
/// way or another, MERGE, metrics. The baseline is the same MERGE from a server-side table holding the same rows
/// (<see cref="MergeBuilder.UsingTable"/>, its preflight a statement), so each ratio is what getting in-memory rows to
/// the server costs. <c>DELTAFUNCTIONS_BENCH_ROWS</c> replaces the row counts with one (the CI smoke run uses few).
/// Every measured MERGE starts from the same state: a fresh target table holding the same rows (copied by the
/// emulator from a template table, and the garbage of creating it collected, before the clock starts) that is dropped
/// afterwards, so neither the catalog, the data directory nor a table's log grows from one MERGE to the next, and no
/// GC of the set-up lands in a measurement.
/// Two categories: <c>Separate</c> runs each case on its own, minutes apart on a shared machine; <c>Paired</c> runs
/// the server-side, staged and JSON MERGEs round by round (their order rotating each round), times each, and prints
/// the medians, the median of the per-round ratios and the ratio of the fastest runs (the least disturbed by other
/// work on a shared machine) as <c>// PAIRED</c> lines, so every ratio compares MERGEs run under the same load; and the
/// process CPU time of each MERGE (client, emulator and DuckDB's threads together), which other work on the machine
/// moves far less than wall time.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
[MedianColumn]
[Config(typeof(RatioConfig))]
// Job mutators rather than a [SimpleJob]: they apply to the job given on the command line (--inProcess here), where a
// [SimpleJob] would add a second, out-of-process job. One invocation per iteration, as RunStrategy.Monitoring does.
[WarmupCount(1)]
[IterationCount(7)]
[InvocationCount(1)]
public class MergeBenchmarks
{
    /// <summary>Rounds per invocation of <see cref="Paired"/>: each round runs every paired case once.</summary>
    public const int PairedRounds = 2;

    private const string Volume = "/Volumes/main/default/merge_bench";
    private static readonly IReadOnlyList<SchemaColumn> Columns = [SchemaColumn.Of("id", "BIGINT"), SchemaColumn.Of("amt", "DECIMAL(10,2)")];
    private static readonly string[] PairedCases = ["ServerTable", "StagedParquet", "JsonParameter"];
    private readonly Dictionary<string, List<double>> _paired = PairedCases.ToDictionary(c => c, _ => new List<double>());
    private readonly Dictionary<string, List<double>> _pairedCpu = PairedCases.ToDictionary(c => c, _ => new List<double>());
    private EmulatorSession _session = null!;
    private SqlClient _sql = null!;
    private List<Row> _source = null!;
    private string _table = null!;
    private TableName _sourceTable = null!;
    private DeltaClient _loader = null!;
    private DeltaClient _values = null!;
    private DeltaClient _json = null!;
    private DeltaClient _staged = null!;
    private int _round;
    private string _loadBefore = string.Empty;

    /// <summary>Gets the row counts: 1,000 and 100,000, or <c>DELTAFUNCTIONS_BENCH_ROWS</c> alone when set.</summary>
    public static IEnumerable<int> RowCounts =>
        int.TryParse(Environment.GetEnvironmentVariable("DELTAFUNCTIONS_BENCH_ROWS"), CultureInfo.InvariantCulture, out var rows) && rows > 0 ? [rows] : [1_000, 100_000];

    /// <summary>Gets or sets the number of rows.</summary>
    [ParamsSource(nameof(RowCounts))]
    public int Rows { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _session = await EmulatorSession.StartAsync(chunkRows: 100_000);
        _sql = _session.Client.GetSqlClient();
        await _sql.ExecuteAsync(SqlStatement.FromText("CREATE VOLUME `main`.`default`.`merge_bench`"));
        _source = [.. Enumerable.Range(Rows / 2, Rows).Select(i => new Row(i, i + 0.5m))];
        _loader = _session.Client.GetDeltaClient("main", "default", new DeltaClientOptions { StagingVolumePath = Volume, StagingThresholdBytes = 0 });
        _values = _session.Client.GetDeltaClient("main", "default", new DeltaClientOptions { RowEncoding = SourceRowEncoding.ValuesParameters });
        _json = _session.Client.GetDeltaClient("main", "default", new DeltaClientOptions { RowEncoding = SourceRowEncoding.JsonParameter });
        _staged = _session.Client.GetDeltaClient("main", "default", new DeltaClientOptions { StagingVolumePath = Volume, StagingThresholdBytes = 0 });

        _sourceTable = _loader.Table("merge_source");
        await _sql.ExecuteAsync(SqlStatement.FromText("CREATE TABLE `main`.`default`.`merge_source` (id BIGINT, amt DECIMAL(10,2)) USING DELTA"));
        await _loader.WriteTableAsync("merge_source", _source, WriteMode.Append, new WriteTableOptions { Columns = Columns });
        await _sql.ExecuteAsync(SqlStatement.FromText("CREATE TABLE `main`.`default`.`merge_target` (id BIGINT, amt DECIMAL(10,2)) USING DELTA"));
        await _loader.WriteTableAsync("merge_target", Enumerable.Range(0, Rows).Select(i => new Row(i, i)), WriteMode.Append, new WriteTableOptions { Columns = Columns });

        // Every path once before anything is measured (JIT, DuckDB extensions, the staging folder).
        foreach (var name in PairedCases)
        {
            await CreateTargetAsync();
            await RunCaseAsync(name);
            await DropTargetAsync();
        }

        _loadBefore = LoadAverage();
    }

    [IterationSetup(Targets = new[] { nameof(ServerTable), nameof(ValuesParameters), nameof(JsonParameter), nameof(StagedParquet) })]
    public void CreateTarget() => CreateTargetAsync().GetAwaiter().GetResult();

    [IterationCleanup(Targets = new[] { nameof(ServerTable), nameof(ValuesParameters), nameof(JsonParameter), nameof(StagedParquet) })]
    public void DropTarget() => DropTargetAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (_paired["ServerTable"].Count > 0)
        {
            var server = _paired["ServerTable"];
            Console.WriteLine(FormattableString.Invariant(
                $"// PAIRED MERGE {Rows} rows, {server.Count} rounds, load {_loadBefore} -> {LoadAverage()}: ServerTable median {Median(server):0.0} ms"));
            foreach (var name in PairedCases.Skip(1))
            {
                var times = _paired[name];
                var perRound = times.Select((t, i) => t / server[i]).ToList();
                Console.WriteLine(FormattableString.Invariant(
                    $"// PAIRED {name} median {Median(times):0.0} ms, ratio of medians {Median(times) / Median(server):0.00}, median per-round ratio {Median(perRound):0.00} (range {perRound.Min():0.00}-{perRound.Max():0.00}), ratio of minimums {times.Min() / server.Min():0.00}"));
                var cpu = _pairedCpu[name];
                var serverCpu = _pairedCpu["ServerTable"];
                Console.WriteLine(FormattableString.Invariant(
                    $"// PAIRED {name} process CPU median {Median(cpu):0.0} ms (ServerTable {Median(serverCpu):0.0} ms), ratio of medians {Median(cpu) / Median(serverCpu):0.00}, ratio of minimums {cpu.Min() / serverCpu.Min():0.00}"));
            }
        }

        await _session.DisposeAsync();
    }

    /// <summary>The same MERGE from a server-side table holding the source rows.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Separate")]
    public Task<long> ServerTable() => RunCaseAsync(nameof(ServerTable));

    /// <summary>A VALUES table of typed parameters (two per row).</summary>
    [Benchmark]
    [BenchmarkCategory("Separate")]
    public Task<long> ValuesParameters() => MergeRowsAsync(_values);

    /// <summary>ONE JSON parameter expanded with inline(from_json(…)).</summary>
    [Benchmark]
    [BenchmarkCategory("Separate")]
    public Task<long> JsonParameter() => RunCaseAsync(nameof(JsonParameter));

    /// <summary>A Parquet file staged through the Files API and read with read_files.</summary>
    [Benchmark]
    [BenchmarkCategory("Separate")]
    public Task<long> StagedParquet() => RunCaseAsync(nameof(StagedParquet));

    /// <summary>
    /// <see cref="PairedRounds"/> rounds of the server-side, staged and JSON MERGEs, each into a fresh target made
    /// before its clock starts, the order rotating by round. Only the MERGEs are timed (the invocation's own time
    /// includes the set-up and means little); the <c>PAIRED</c> lines printed at cleanup hold the figures.
    /// </summary>
    /// <returns>The rows the MERGEs affected.</returns>
    [Benchmark]
    [BenchmarkCategory("Paired")]
    public async Task<long> Paired()
    {
        long affected = 0;
        for (var r = 0; r < PairedRounds; r++, _round++)
        {
            for (var k = 0; k < PairedCases.Length; k++)
            {
                var name = PairedCases[(_round + k) % PairedCases.Length];
                await CreateTargetAsync();
                var cpu = Environment.CpuUsage.TotalTime;
                var started = Stopwatch.GetTimestamp();
                affected += await RunCaseAsync(name);
                _paired[name].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                _pairedCpu[name].Add((Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds);
                await DropTargetAsync();
            }
        }

        return affected;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private Task<long> RunCaseAsync(string name) => name switch
    {
        nameof(ServerTable) => MergeAsync(_staged.Merge(_table).UsingTable(_sourceTable)),
        nameof(StagedParquet) => MergeRowsAsync(_staged),
        nameof(JsonParameter) => MergeRowsAsync(_json),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a paired case."),
    };

    private Task<long> MergeRowsAsync(DeltaClient client) => MergeAsync(client.Merge(_table).UsingRows(_source, Columns));

    private static async Task<long> MergeAsync(MergeBuilder merge) =>
        (await merge.On("id").WhenMatchedUpdateAll().WhenNotMatchedInsertAll().ExecuteAsync()).NumAffectedRows;

    private async Task CreateTargetAsync()
    {
        _table = "bench_" + Guid.NewGuid().ToString("N")[..8];
        // A copy of the same rows in one file, made by the emulator (the client's staged write cost each round as
        // much as a MERGE, and under load pushed the Paired case past BenchmarkDotNet's in-process time limit).
        await _sql.ExecuteAsync(SqlStatement.FromText($"CREATE TABLE `main`.`default`.`{_table}` AS SELECT * FROM `main`.`default`.`merge_target`"));

        // The set-up's garbage is collected now rather than during the measured MERGE.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
    }

    private Task DropTargetAsync() => _sql.ExecuteAsync(SqlStatement.FromText($"DROP TABLE `main`.`default`.`{_table}`"));

    public sealed record Row(long Id, decimal Amt);

    private sealed class RatioConfig : ManualConfig
    {
        public RatioConfig()
        {
            AddColumn(MedianRatioColumn.P50);
        }
    }
}
