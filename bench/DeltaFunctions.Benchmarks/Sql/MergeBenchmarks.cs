using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using DeltaFunctions.Databricks.Delta;
using DeltaFunctions.Databricks.Schema;
using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Benchmarks.Sql;

/// <summary>
/// A keyed MERGE of <see cref="Rows"/> source rows (half updates, half inserts) into a table of <see cref="Rows"/> rows,
/// end to end through <see cref="DeltaClient"/> against the emulator: rows sent as bound parameters, duplicate-key
/// preflight, MERGE, metrics.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class MergeBenchmarks
{
    private static readonly IReadOnlyList<SchemaColumn> Columns = [SchemaColumn.Of("id", "BIGINT"), SchemaColumn.Of("amt", "DECIMAL(10,2)")];
    private EmulatorSession _session = null!;
    private List<Row> _source = null!;
    private string _table = null!;

    /// <summary>Gets or sets the number of rows.</summary>
    [Params(1_000, 100_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _session = await EmulatorSession.StartAsync(chunkRows: 100_000);
        _source = [.. Enumerable.Range(Rows / 2, Rows).Select(i => new Row(i, i + 0.5m))];
    }

    [IterationSetup]
    public void CreateTarget() => CreateTargetAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public async Task CleanupAsync() => await _session.DisposeAsync();

    [Benchmark]
    public async Task<long> Merge()
    {
        var result = await _session.Delta.Merge(_table).UsingRows(_source, Columns).On("id").WhenMatchedUpdateAll().WhenNotMatchedInsertAll().ExecuteAsync();
        return result.NumAffectedRows;
    }

    private async Task CreateTargetAsync()
    {
        _table = "bench_" + Guid.NewGuid().ToString("N")[..8];
        await _session.Client.GetSqlClient().ExecuteAsync(SqlStatement.FromText($"CREATE TABLE `main`.`default`.`{_table}` (id BIGINT, amt DECIMAL(10,2)) USING DELTA"));
        await _session.Delta.WriteTableAsync(
            _table, Enumerable.Range(0, Rows).Select(i => new Row(i, i)), WriteMode.Append, new WriteTableOptions { Columns = Columns });
    }

    public sealed record Row(long Id, decimal Amt);
}
