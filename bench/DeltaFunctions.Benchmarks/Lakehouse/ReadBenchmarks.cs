using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using DeltaFunctions.Lakehouse;
using DeltaFunctions.Lakehouse.Log;
using DuckDB.NET.Data;

namespace DeltaFunctions.Benchmarks.Lakehouse;

/// <summary>
/// Reading a Delta table (4 columns, 4 data files) created by the engine, against DuckDB's <c>read_parquet</c>
/// over the very same data files on an open connection: through the whole engine (<see cref="LakehouseEngine.ExecuteAsync"/>:
/// parse, resolve, snapshot, scan, query, result) and through the storage layer's scan alone. Every query touches all
/// columns so the whole table is decoded. The figure is 10M rows (<c>DELTAFUNCTIONS_BENCH_ROWS=10000000</c>).
/// Two categories: <c>Separate</c> runs each case on its own, one after another (on a shared machine under different
/// load); <c>Paired</c> runs the read_parquet baseline, the whole statement and the Delta scan round by round (the
/// order rotating) and prints <see cref="PairedTimes"/>' <c>// PAIRED</c> lines, each ratio from reads made under the
/// same load.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ReadBenchmarks
{
    /// <summary>Rounds per invocation of <see cref="Paired"/>: each round runs every paired case once.</summary>
    public const int PairedRounds = 3;

    private const string Aggregate = "SELECT count(*), sum(id), sum(length(name)), sum(amount), max(day)";

    private readonly PairedTimes _paired = new(nameof(ReadParquet), nameof(EngineAggregate), nameof(DeltaScan));

    private string _root = string.Empty;
    private string _tablePath = string.Empty;
    private string _parquetList = string.Empty;
    private DuckDBConnection _connection = null!;
    private LakehouseEngine _engine = null!;

    /// <summary>Gets or sets the number of rows: 1,000,000, or <c>DELTAFUNCTIONS_BENCH_ROWS</c> when set.</summary>
    [ParamsSource(nameof(RowCounts))]
    public int Rows { get; set; }

    /// <summary>Gets the row counts to run.</summary>
    public static IEnumerable<int> RowCounts =>
        [int.TryParse(Environment.GetEnvironmentVariable("DELTAFUNCTIONS_BENCH_ROWS"), CultureInfo.InvariantCulture, out var rows) && rows > 0 ? rows : 1_000_000];

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _root = Path.Combine(Path.GetTempPath(), "lh-read-bench-" + Guid.NewGuid().ToString("N"));
        _engine = new LakehouseEngine(new LakehouseOptions { DataDirectory = _root, TargetRowsPerFile = Math.Max(1, Rows / 4) });
        await _engine.ExecuteAsync(
            "CREATE TABLE t AS SELECT id, concat('name-', CAST(id % 1000 AS STRING)) AS name, CAST(id AS DOUBLE) * 0.5 AS amount, "
            + "date_add(DATE'2024-01-01', CAST(id % 365 AS INT)) AS day FROM range(" + Rows.ToString(CultureInfo.InvariantCulture) + ")");
        _tablePath = _engine.GetTable("main", "default", "t")!.StorageLocation;

        _connection = new DuckDBConnection("DataSource=:memory:");
        _connection.Open();
        var log = DeltaLog.ForTable(_tablePath, TimeProvider.System, _connection);
        var files = log.GetSnapshot().Files;
        _parquetList = "[" + string.Join(", ", files.Select(a => "'" + log.ResolveDataPath(a.Path).Replace("'", "''", StringComparison.Ordinal) + "'")) + "]";
        if (await EngineAggregate() != Rows || ReadParquet() != Rows)
        {
            throw new InvalidOperationException("The table does not hold the rows the benchmark wrote.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var line in _paired.Report(FormattableString.Invariant($"read {Rows} rows")))
        {
            Console.WriteLine(line);
        }

        _connection.Dispose();
        _engine.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "DuckDB read_parquet (same files)")]
    [BenchmarkCategory("Separate")]
    public long ReadParquet() => Run($"{Aggregate} FROM read_parquet({_parquetList})");

    [Benchmark(Description = "LakehouseEngine SELECT (whole statement)")]
    [BenchmarkCategory("Separate")]
    public async Task<long> EngineAggregate()
    {
        var result = await _engine.ExecuteAsync(Aggregate + " FROM t");
        return Convert.ToInt64(result.Rows[0][0], CultureInfo.InvariantCulture);
    }

    [Benchmark(Description = "Delta scan (snapshot + scan + query)")]
    [BenchmarkCategory("Separate")]
    public long DeltaScan()
    {
        var snapshot = DeltaLog.ForTable(_tablePath, TimeProvider.System, _connection).GetSnapshot();
        return Run($"{Aggregate} FROM {snapshot.CreateScan(_connection)} AS t");
    }

    [Benchmark(Description = "Delta scan with file column (copy-on-write read)")]
    [BenchmarkCategory("Separate")]
    public long DeltaScanWithFileColumn()
    {
        var snapshot = DeltaLog.ForTable(_tablePath, TimeProvider.System, _connection).GetSnapshot();
        return Run($"{Aggregate} FROM {snapshot.CreateScan(_connection, includeFileColumn: true)} AS t");
    }

    /// <summary>
    /// <see cref="PairedRounds"/> rounds of the read_parquet baseline, the whole statement and the Delta scan, the order
    /// rotating by round, each timed; the <c>PAIRED</c> lines printed at cleanup hold the figures.
    /// </summary>
    /// <returns>The rows the reads counted.</returns>
    [Benchmark(Description = "Paired: read_parquet, whole statement, Delta scan")]
    [BenchmarkCategory("Paired")]
    public async Task<long> Paired()
    {
        long rows = 0;
        for (var r = 0; r < PairedRounds; r++)
        {
            foreach (var name in _paired.NextRound())
            {
                rows += await _paired.MeasureAsync(name, () => name switch
                {
                    nameof(ReadParquet) => Task.FromResult(ReadParquet()),
                    nameof(EngineAggregate) => EngineAggregate(),
                    _ => Task.FromResult(DeltaScan()),
                });
            }
        }

        return rows;
    }

    private long Run(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        reader.Read();
        return Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
    }
}
