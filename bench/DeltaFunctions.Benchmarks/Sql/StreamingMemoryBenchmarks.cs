using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Benchmarks.Sql;

/// <summary>
/// Streams <see cref="Rows"/> rows through <see cref="SqlClient.QueryAsync"/> (ARROW_STREAM, external links) once and
/// reports the process's peak working set after the run, to show memory stays bounded by chunks, not by the result.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 1)]
public class StreamingMemoryBenchmarks
{
    private EmulatorSession _session = null!;

    /// <summary>Gets or sets the number of rows.</summary>
    [Params(10_000_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public async Task SetupAsync() => _session = await EmulatorSession.StartAsync(chunkRows: 250_000);

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        Console.WriteLine($"// Peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MiB (emulator in-process)");
        await _session.DisposeAsync();
    }

    [Benchmark]
    public async Task<long> Stream()
    {
        long count = 0;
        await foreach (var row in _session.Client.GetSqlClient().QueryAsync(
            SqlStatement.FromText($"SELECT id FROM range(0, {Rows}) AS r(id)"), new SqlExecuteOptions { Format = ResultFormat.ArrowStream }))
        {
            count += row.FieldCount;
        }

        return count;
    }
}
