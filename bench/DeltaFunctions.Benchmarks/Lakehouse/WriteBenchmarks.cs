using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using DeltaFunctions.Lakehouse;
using DuckDB.NET.Data;

namespace DeltaFunctions.Benchmarks.Lakehouse;

/// <summary>
/// Lakehouse writes through the SQL front end: MERGE of 100K source rows (half updates, half inserts on the first
/// run) into a 1M-row Delta table, and a blind append of 1M rows. Each has a plain-DuckDB baseline doing the same
/// data work without Delta (MERGE INTO a DuckDB table; COPY of the rows to one Parquet file), so the ratio is the
/// cost of the transaction log, copy-on-write file rewrites and statistics.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class WriteBenchmarks
{
    private const int TargetRows = 1_000_000;
    private const int SourceRows = 100_000;

    private string _directory = string.Empty;
    private LakehouseEngine _engine = null!;
    private DuckDBConnection _duck = null!;
    private int _appendCounter;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "lh-bench-" + Guid.NewGuid().ToString("N"));
        _engine = new LakehouseEngine(new LakehouseOptions { DataDirectory = _directory });
        Run("CREATE TABLE target (id BIGINT, amount DOUBLE, label STRING, updated_at TIMESTAMP)");
        Run($"INSERT INTO target SELECT range AS id, range * 1.5 AS amount, 'row ' || range AS label, TIMESTAMP '2024-01-01 00:00:00' AS updated_at FROM range({TargetRows})");
        Run($"CREATE TABLE source AS SELECT range * 20 AS id, range * 2.5 AS amount, 'src ' || range AS label, TIMESTAMP '2024-06-01 00:00:00' AS updated_at FROM range({SourceRows})");
        Run("CREATE TABLE sink (id BIGINT, amount DOUBLE, label STRING, updated_at TIMESTAMP)");

        _duck = new DuckDBConnection("DataSource=:memory:");
        _duck.Open();
        Duck($"CREATE TABLE target AS SELECT range AS id, range * 1.5 AS amount, 'row ' || range AS label, TIMESTAMPTZ '2024-01-01 00:00:00' AS updated_at FROM range({TargetRows})");
        Duck($"CREATE TABLE source AS SELECT range * 20 AS id, range * 2.5 AS amount, 'src ' || range AS label, TIMESTAMPTZ '2024-06-01 00:00:00' AS updated_at FROM range({SourceRows})");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _duck.Dispose();
        _engine.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Description = "Lakehouse MERGE 100K into 1M")]
    [BenchmarkCategory("Merge")]
    public object Merge() => Run("""
        MERGE INTO target AS t USING source AS s ON t.id = s.id
        WHEN MATCHED THEN UPDATE SET *
        WHEN NOT MATCHED THEN INSERT *
        """);

    [Benchmark(Description = "DuckDB MERGE 100K into 1M (baseline)")]
    [BenchmarkCategory("Merge")]
    public object DuckDbMerge() => Duck("""
        MERGE INTO target AS t USING source AS s ON t.id = s.id
        WHEN MATCHED THEN UPDATE SET amount = s.amount, label = s.label, updated_at = s.updated_at
        WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.amount, s.label, s.updated_at)
        """);

    [Benchmark(Description = "Lakehouse append 1M rows")]
    [BenchmarkCategory("Append")]
    public object Append() =>
        Run($"INSERT INTO sink SELECT range AS id, range * 0.5 AS amount, 'a ' || range AS label, TIMESTAMP '2024-01-01 00:00:00' AS updated_at FROM range({TargetRows})");

    [Benchmark(Description = "DuckDB COPY 1M rows to Parquet (baseline)")]
    [BenchmarkCategory("Append")]
    public object DuckDbCopy()
    {
        var file = Path.Combine(_directory, $"copy-{++_appendCounter}.parquet");
        return Duck($"COPY (SELECT range AS id, range * 0.5 AS amount, 'a ' || range AS label, TIMESTAMPTZ '2024-01-01 00:00:00' AS updated_at FROM range({TargetRows})) TO '{file}' (FORMAT parquet)");
    }

    private LakehouseResult Run(string sql) => _engine.ExecuteAsync(sql).GetAwaiter().GetResult();

    private int Duck(string sql)
    {
        using var command = _duck.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }
}
