using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
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
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByParams)]
// Job mutators rather than a [SimpleJob]: they apply to the job given on the command line (--inProcess here), where a
// [SimpleJob] would add a second, out-of-process job. One invocation per iteration, as RunStrategy.Monitoring does.
[WarmupCount(1)]
[IterationCount(3)]
[InvocationCount(1)]
public class MergeBenchmarks
{
    private const string Volume = "/Volumes/main/default/merge_bench";
    private static readonly IReadOnlyList<SchemaColumn> Columns = [SchemaColumn.Of("id", "BIGINT"), SchemaColumn.Of("amt", "DECIMAL(10,2)")];
    private EmulatorSession _session = null!;
    private List<Row> _source = null!;
    private string _table = null!;
    private TableName _sourceTable = null!;
    private DeltaClient _loader = null!;
    private DeltaClient _values = null!;
    private DeltaClient _json = null!;
    private DeltaClient _staged = null!;

    /// <summary>Gets the row counts: 1,000 and 100,000, or <c>DELTAFUNCTIONS_BENCH_ROWS</c> alone when set.</summary>
    public static IEnumerable<int> RowCounts =>
        int.TryParse(Environment.GetEnvironmentVariable("DELTAFUNCTIONS_BENCH_ROWS"), System.Globalization.CultureInfo.InvariantCulture, out var rows) && rows > 0 ? [rows] : [1_000, 100_000];

    /// <summary>Gets or sets the number of rows.</summary>
    [ParamsSource(nameof(RowCounts))]
    public int Rows { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _session = await EmulatorSession.StartAsync(chunkRows: 100_000);
        await _session.Client.GetSqlClient().ExecuteAsync(SqlStatement.FromText("CREATE VOLUME `main`.`default`.`merge_bench`"));
        _source = [.. Enumerable.Range(Rows / 2, Rows).Select(i => new Row(i, i + 0.5m))];
        _loader = _session.Client.GetDeltaClient("main", "default", new DeltaClientOptions { StagingVolumePath = Volume, StagingThresholdBytes = 0 });
        _values = _session.Client.GetDeltaClient("main", "default", new DeltaClientOptions { RowEncoding = SourceRowEncoding.ValuesParameters });
        _json = _session.Client.GetDeltaClient("main", "default", new DeltaClientOptions { RowEncoding = SourceRowEncoding.JsonParameter });
        _staged = _session.Client.GetDeltaClient("main", "default", new DeltaClientOptions { StagingVolumePath = Volume, StagingThresholdBytes = 0 });

        _sourceTable = _loader.Table("merge_source");
        await _session.Client.GetSqlClient().ExecuteAsync(SqlStatement.FromText("CREATE TABLE `main`.`default`.`merge_source` (id BIGINT, amt DECIMAL(10,2)) USING DELTA"));
        await _loader.WriteTableAsync("merge_source", _source, WriteMode.Append, new WriteTableOptions { Columns = Columns });
    }

    [IterationSetup]
    public void CreateTarget() => CreateTargetAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public async Task CleanupAsync() => await _session.DisposeAsync();

    /// <summary>The same MERGE from a server-side table holding the source rows.</summary>
    [Benchmark(Baseline = true)]
    public async Task<long> ServerTable() =>
        (await _staged.Merge(_table).UsingTable(_sourceTable).On("id").WhenMatchedUpdateAll().WhenNotMatchedInsertAll().ExecuteAsync()).NumAffectedRows;

    /// <summary>A VALUES table of typed parameters (two per row).</summary>
    [Benchmark]
    public Task<long> ValuesParameters() => MergeRowsAsync(_values);

    /// <summary>ONE JSON parameter expanded with inline(from_json(…)).</summary>
    [Benchmark]
    public Task<long> JsonParameter() => MergeRowsAsync(_json);

    /// <summary>A Parquet file staged through the Files API and read with read_files.</summary>
    [Benchmark]
    public Task<long> StagedParquet() => MergeRowsAsync(_staged);

    private async Task<long> MergeRowsAsync(DeltaClient client) =>
        (await client.Merge(_table).UsingRows(_source, Columns).On("id").WhenMatchedUpdateAll().WhenNotMatchedInsertAll().ExecuteAsync()).NumAffectedRows;

    private async Task CreateTargetAsync()
    {
        _table = "bench_" + Guid.NewGuid().ToString("N")[..8];
        await _session.Client.GetSqlClient().ExecuteAsync(SqlStatement.FromText($"CREATE TABLE `main`.`default`.`{_table}` (id BIGINT, amt DECIMAL(10,2)) USING DELTA"));
        await _loader.WriteTableAsync(_table, Enumerable.Range(0, Rows).Select(i => new Row(i, i)), WriteMode.Append, new WriteTableOptions { Columns = Columns });
    }

    public sealed record Row(long Id, decimal Amt);
}
