using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using DeltaFunctions.Lakehouse;
using DuckDB.NET.Data;

namespace DeltaFunctions.Benchmarks.Lakehouse;

/// <summary>
/// Lakehouse writes through the SQL front end (<see cref="LakehouseEngine.ExecuteAsync"/>, as the emulator's statement
/// API runs them): MERGE of 100K source rows (half updates, half inserts on the first run) into a 1M-row Delta table,
/// and 1M rows written by a blind INSERT of generated rows (Append), by CREATE OR REPLACE TABLE … AS SELECT (Ctas) and
/// by INSERT … SELECT from another Delta table (InsertSelect). Each category has a plain-DuckDB baseline doing the same
/// data work without Delta (MERGE INTO a DuckDB table; <c>COPY … TO</c> of the same rows into one Parquet file), so the
/// ratio is the cost of the transaction log, copy-on-write file rewrites and statistics. <c>DELTAFUNCTIONS_BENCH_ROWS</c>
/// overrides the 1M rows (the MERGE source stays a tenth of them) for a dry smoke run.
/// </summary>
[Config(typeof(WriteBenchmarksConfig))]
[MemoryDiagnoser]
public class WriteBenchmarks
{
    private static readonly int TargetRows =
        int.TryParse(Environment.GetEnvironmentVariable("DELTAFUNCTIONS_BENCH_ROWS"), System.Globalization.CultureInfo.InvariantCulture, out var rows) && rows > 0 ? rows : 1_000_000;

    private static readonly int SourceRows = Math.Max(1, TargetRows / 10);

    private string _directory = string.Empty;
    private LakehouseEngine _engine = null!;
    private DuckDBConnection _duck = null!;
    private int _appendCounter;
    private string _originFiles = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "lh-bench-" + Guid.NewGuid().ToString("N"));
        _engine = new LakehouseEngine(new LakehouseOptions { DataDirectory = _directory });
        Run("CREATE TABLE target (id BIGINT, amount DOUBLE, label STRING, updated_at TIMESTAMP)");
        Run($"INSERT INTO target SELECT id, id * 1.5 AS amount, 'row ' || id AS label, TIMESTAMP '2024-01-01 00:00:00' AS updated_at FROM range({TargetRows})");
        Run($"CREATE TABLE source AS SELECT id * 20 AS id, id * 2.5 AS amount, 'src ' || id AS label, TIMESTAMP '2024-06-01 00:00:00' AS updated_at FROM range({SourceRows})");
        Run("CREATE TABLE sink (id BIGINT, amount DOUBLE, label STRING, updated_at TIMESTAMP)");
        Run($"CREATE TABLE origin AS SELECT id, id * 0.5 AS amount, 'o ' || id AS label, TIMESTAMP '2024-01-01 00:00:00' AS updated_at FROM range({TargetRows})");
        Run("CREATE TABLE copies (id BIGINT, amount DOUBLE, label STRING, updated_at TIMESTAMP)");
        var detail = Run("DESCRIBE DETAIL origin");
        var location = (string)detail.Rows[0][detail.Columns.ToList().FindIndex(c => c.Name == "location")]!;
        _originFiles = Path.Combine(new Uri(location).LocalPath, "*.parquet");

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

    [Benchmark(Baseline = true, Description = "DuckDB MERGE 100K into 1M (baseline)")]
    [BenchmarkCategory("Merge")]
    public object DuckDbMerge() => Duck("""
        MERGE INTO target AS t USING source AS s ON t.id = s.id
        WHEN MATCHED THEN UPDATE SET amount = s.amount, label = s.label, updated_at = s.updated_at
        WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.amount, s.label, s.updated_at)
        """);

    [Benchmark(Description = "Lakehouse append 1M rows")]
    [BenchmarkCategory("Append")]
    public object Append() =>
        Run($"INSERT INTO sink SELECT id, id * 0.5 AS amount, 'a ' || id AS label, TIMESTAMP '2024-01-01 00:00:00' AS updated_at FROM range({TargetRows})");

    [Benchmark(Baseline = true, Description = "DuckDB COPY 1M rows to Parquet (baseline)")]
    [BenchmarkCategory("Append")]
    public object DuckDbCopy() => CopyGenerated();

    [Benchmark(Description = "Lakehouse CREATE OR REPLACE TABLE AS SELECT 1M rows")]
    [BenchmarkCategory("Ctas")]
    public object Ctas() =>
        Run($"CREATE OR REPLACE TABLE ctas AS SELECT id, id * 0.5 AS amount, 'a ' || id AS label, TIMESTAMP '2024-01-01 00:00:00' AS updated_at FROM range({TargetRows})");

    [Benchmark(Baseline = true, Description = "DuckDB COPY 1M rows to Parquet (CTAS baseline)")]
    [BenchmarkCategory("Ctas")]
    public object DuckDbCopyForCtas() => CopyGenerated();

    [Benchmark(Description = "Lakehouse INSERT INTO … SELECT 1M rows of a Delta table")]
    [BenchmarkCategory("InsertSelect")]
    public object InsertSelect() => Run("INSERT INTO copies SELECT * FROM origin");

    [Benchmark(Baseline = true, Description = "DuckDB COPY read_parquet(1M rows) to Parquet (baseline)")]
    [BenchmarkCategory("InsertSelect")]
    public object DuckDbCopyParquet() =>
        Duck($"COPY (SELECT * FROM read_parquet('{_originFiles}')) TO '{NextCopyFile()}' (FORMAT parquet)");

    private int CopyGenerated() =>
        Duck($"COPY (SELECT range AS id, range * 0.5 AS amount, 'a ' || range AS label, TIMESTAMPTZ '2024-01-01 00:00:00' AS updated_at FROM range({TargetRows})) TO '{NextCopyFile()}' (FORMAT parquet)");

    private string NextCopyFile() => Path.Combine(_directory, $"copy-{++_appendCounter}.parquet");

    private LakehouseResult Run(string sql) => _engine.ExecuteAsync(sql).GetAwaiter().GetResult();

    private int Duck(string sql)
    {
        using var command = _duck.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }
}

/// <summary>
/// Seconds-long operations: a few monitored iterations, run in-process (the generated out-of-process project
/// fails to build reliably on the shared CI machines) with a timeout long enough for a 1M-row MERGE.
/// </summary>
public sealed class WriteBenchmarksConfig : ManualConfig
{
    public WriteBenchmarksConfig() =>
        AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(5)
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: true)))
        .AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
}
