using System.Globalization;
using BenchmarkDotNet.Attributes;
using DeltaFunctions.Lakehouse;
using DeltaFunctions.Lakehouse.Log;
using DuckDB.NET.Data;

namespace DeltaFunctions.Benchmarks.Lakehouse;

/// <summary>
/// Reading a 1M-row Delta table (4 columns, 4 data files of 250K rows) through the storage layer's scan
/// (snapshot reconstruction + scan preparation + query) against DuckDB's <c>read_parquet</c> over the very same
/// data files. Every query touches all columns so the whole table is decoded.
/// </summary>
[MemoryDiagnoser]
public class ReadBenchmarks
{
    private const string Aggregate = "SELECT count(*), sum(id), sum(length(name)), sum(amount), max(day)";

    private string _root = string.Empty;
    private string _tablePath = string.Empty;
    private string _parquetList = string.Empty;
    private DuckDBConnection _connection = null!;

    [GlobalSetup]
    public void Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), "lh-read-bench-" + Guid.NewGuid().ToString("N"));
        _tablePath = Path.Combine(_root, "t");
        var options = new LakehouseOptions { DataDirectory = _root, TargetRowsPerFile = 250_000 };
        var log = DeltaLog.ForTable(_tablePath, TimeProvider.System);
        var schema = new StructType(
        [
            new StructField("id", PrimitiveType.Long),
            new StructField("name", PrimitiveType.String),
            new StructField("amount", PrimitiveType.Double),
            new StructField("day", PrimitiveType.Date),
        ]);
        var create = new DeltaTransaction(log, null, options);
        create.UpdateProtocol(TableFeatures.ForNewTable(schema, null));
        create.UpdateMetadata(MetadataAction.Create(schema, null, null, TimeProvider.System.GetUtcNow()));
        create.Commit("CREATE TABLE", null, null, CancellationToken.None);

        _connection = new DuckDBConnection("DataSource=:memory:");
        _connection.Open();
        var snapshot = log.GetSnapshot();
        var adds = new DataFileWriter(_tablePath, snapshot.Metadata, options, TimeProvider.System).Write(
            _connection,
            "SELECT range AS id, 'name-' || (range % 1000) AS name, range * 0.5 AS amount, DATE '2024-01-01' + CAST(range % 365 AS INTEGER) AS day FROM range(1000000)",
            dataChange: true,
            CancellationToken.None);
        var append = new DeltaTransaction(log, snapshot, options);
        append.AddFiles(adds);
        append.Commit("WRITE", null, null, CancellationToken.None);
        _parquetList = "[" + string.Join(", ", adds.Select(a => "'" + log.ResolveDataPath(a.Path).Replace("'", "''", StringComparison.Ordinal) + "'")) + "]";
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _connection.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "DuckDB read_parquet (same files)")]
    public long ReadParquet() => Run($"{Aggregate} FROM read_parquet({_parquetList})");

    [Benchmark(Description = "Delta scan (snapshot + scan + query)")]
    public long DeltaScan()
    {
        var snapshot = DeltaLog.ForTable(_tablePath, TimeProvider.System).GetSnapshot();
        return Run($"{Aggregate} FROM {snapshot.CreateScan(_connection)} AS t");
    }

    [Benchmark(Description = "Delta scan with file column (copy-on-write read)")]
    public long DeltaScanWithFileColumn()
    {
        var snapshot = DeltaLog.ForTable(_tablePath, TimeProvider.System).GetSnapshot();
        return Run($"{Aggregate} FROM {snapshot.CreateScan(_connection, includeFileColumn: true)} AS t");
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
