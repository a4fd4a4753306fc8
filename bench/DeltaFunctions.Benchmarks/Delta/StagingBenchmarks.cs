using BenchmarkDotNet.Attributes;
using DeltaFunctions.Benchmarks.Sql;
using DeltaFunctions.Databricks.Delta;
using DeltaFunctions.Databricks.Schema;
using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Benchmarks.Delta;

/// <summary>
/// The staging threshold, measured: one <see cref="DeltaClient.WriteTableAsync{T}"/> (INSERT OVERWRITE) of a batch
/// whose one-parameter JSON is <see cref="JsonKiB"/> KiB, end to end against the emulator over loopback, sent either as
/// ONE bound JSON parameter (<c>inline(from_json(:p0, …))</c>) or staged as a Parquet file through the Files API and
/// read with <c>read_files(…, format =&gt; 'parquet')</c> (upload, statement, delete). The crossover picks
/// <see cref="DeltaClientOptions.DefaultStagingThresholdBytes"/>.
/// </summary>
[MemoryDiagnoser]
// Job mutators rather than a [SimpleJob]: they apply to the job given on the command line (--inProcess here), where a
// [SimpleJob] would add a second, out-of-process job. One invocation per iteration, as RunStrategy.Monitoring does.
[WarmupCount(1)]
[IterationCount(5)]
[InvocationCount(1)]
public class StagingBenchmarks
{
    private static readonly IReadOnlyList<SchemaColumn> Columns =
    [
        SchemaColumn.Of("id", "BIGINT"),
        SchemaColumn.Of("amt", "DECIMAL(12,2)"),
        SchemaColumn.Of("note", "STRING"),
        SchemaColumn.Of("at", "TIMESTAMP"),
        SchemaColumn.Of("day", "DATE"),
    ];

    private EmulatorSession _session = null!;
    private List<Row> _rows = null!;
    private string _table = null!;
    private DeltaClient _bound = null!;
    private DeltaClient _staged = null!;

    /// <summary>
    /// Gets or sets the batch size, as the one-parameter JSON, in KiB. Up to 4 MiB: a 32 MiB bound parameter runs past
    /// BenchmarkDotNet's in-process time limit (the run aborted there), and the crossover lies far below.
    /// </summary>
    [Params(4, 16, 64, 256, 1024, 4096)]
    public int JsonKiB { get; set; }

    /// <summary>Gets the number of rows in the batch (for the report).</summary>
    public int RowCount => _rows.Count;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _session = await EmulatorSession.StartAsync(chunkRows: 100_000);
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Row Make(int i) => new(i, (i % 100_000) + 0.25m, "note number " + i, start.AddSeconds(i), DateOnly.FromDateTime(start.AddDays(i % 3650).UtcDateTime));
        var probe = RowSource.FromObjects(Enumerable.Range(0, 1000).Select(Make), Columns);
        var bytesPerRow = StagedRows.EstimateJsonBytes(probe) / 1000.0;
        var count = Math.Max(1, (int)(JsonKiB * 1024 / bytesPerRow));
        _rows = [.. Enumerable.Range(0, count).Select(Make)];
        Console.WriteLine($"// {JsonKiB} KiB of JSON = {count} rows");

        var sql = _session.Client.GetSqlClient();
        _table = "stage_bench_" + Guid.NewGuid().ToString("N")[..8];
        await sql.ExecuteAsync(SqlStatement.FromText($"CREATE TABLE `main`.`default`.`{_table}` (id BIGINT, amt DECIMAL(12,2), note STRING, at TIMESTAMP, day DATE) USING DELTA"));
        await sql.ExecuteAsync(SqlStatement.FromText("CREATE VOLUME `main`.`default`.`bench_stage`"));
        _bound = _session.Client.GetDeltaClient("main", "default", new DeltaClientOptions { RowEncoding = SourceRowEncoding.JsonParameter });
        _staged = _session.Client.GetDeltaClient("main", "default", new DeltaClientOptions { StagingVolumePath = "/Volumes/main/default/bench_stage", StagingThresholdBytes = 0 });
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _session.DisposeAsync();

    [Benchmark(Baseline = true)]
    public async Task<long> BoundJsonParameter() => (await _bound.WriteTableAsync(_table, _rows, WriteMode.Overwrite, new WriteTableOptions { Columns = Columns })).NumInsertedRows;

    [Benchmark]
    public async Task<long> StagedParquet()
    {
        var result = await _staged.WriteTableAsync(_table, _rows, WriteMode.Overwrite, new WriteTableOptions { Columns = Columns });
        return result.Staged ? result.NumInsertedRows : throw new InvalidOperationException("The batch was not staged.");
    }

    public sealed record Row(long Id, decimal Amt, string Note, DateTimeOffset At, DateOnly Day);
}
