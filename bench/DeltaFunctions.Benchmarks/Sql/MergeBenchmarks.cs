using BenchmarkDotNet.Attributes;
using DeltaFunctions.Databricks.Delta;
using DeltaFunctions.Databricks.Schema;
using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Benchmarks.Sql;

/// <summary>
/// A keyed MERGE of <see cref="Rows"/> source rows (half updates, half inserts) into a table of <see cref="Rows"/> rows,
/// end to end through <see cref="DeltaClient"/> against the emulator: duplicate-key preflight, the source rows sent as
/// <see cref="Source"/>, MERGE, metrics.
/// </summary>
[MemoryDiagnoser]
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
    private DeltaClient _loader = null!;
    private DeltaClient _merger = null!;

    /// <summary>How the source rows travel.</summary>
    public enum SourceKind
    {
        /// <summary>A VALUES table of typed parameters (two per row).</summary>
        ValuesParameters,

        /// <summary>ONE JSON parameter expanded with inline(from_json(…)).</summary>
        JsonParameter,

        /// <summary>A Parquet file staged through the Files API and read with read_files.</summary>
        StagedParquet,
    }

    /// <summary>Gets or sets the number of rows.</summary>
    [Params(1_000, 100_000)]
    public int Rows { get; set; }

    /// <summary>Gets or sets how the source rows travel.</summary>
    [Params(SourceKind.ValuesParameters, SourceKind.JsonParameter, SourceKind.StagedParquet)]
    public SourceKind Source { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _session = await EmulatorSession.StartAsync(chunkRows: 100_000);
        await _session.Client.GetSqlClient().ExecuteAsync(SqlStatement.FromText("CREATE VOLUME `main`.`default`.`merge_bench`"));
        _source = [.. Enumerable.Range(Rows / 2, Rows).Select(i => new Row(i, i + 0.5m))];
        _loader = _session.Client.GetDeltaClient("main", "default", new DeltaClientOptions { StagingVolumePath = Volume, StagingThresholdBytes = 0 });
        _merger = _session.Client.GetDeltaClient("main", "default", Source switch
        {
            SourceKind.ValuesParameters => new DeltaClientOptions { RowEncoding = SourceRowEncoding.ValuesParameters },
            SourceKind.JsonParameter => new DeltaClientOptions { RowEncoding = SourceRowEncoding.JsonParameter },
            _ => new DeltaClientOptions { StagingVolumePath = Volume, StagingThresholdBytes = 0 },
        });
    }

    [IterationSetup]
    public void CreateTarget() => CreateTargetAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public async Task CleanupAsync() => await _session.DisposeAsync();

    [Benchmark]
    public async Task<long> Merge()
    {
        var result = await _merger.Merge(_table).UsingRows(_source, Columns).On("id").WhenMatchedUpdateAll().WhenNotMatchedInsertAll().ExecuteAsync();
        return result.NumAffectedRows;
    }

    private async Task CreateTargetAsync()
    {
        _table = "bench_" + Guid.NewGuid().ToString("N")[..8];
        await _session.Client.GetSqlClient().ExecuteAsync(SqlStatement.FromText($"CREATE TABLE `main`.`default`.`{_table}` (id BIGINT, amt DECIMAL(10,2)) USING DELTA"));
        await _loader.WriteTableAsync(_table, Enumerable.Range(0, Rows).Select(i => new Row(i, i)), WriteMode.Append, new WriteTableOptions { Columns = Columns });
    }

    public sealed record Row(long Id, decimal Amt);
}
