using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using BenchmarkDotNet.Attributes;
using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Benchmarks.Sql;

/// <summary>
/// Reading a result of <see cref="Rows"/> rows (BIGINT, DOUBLE, STRING) from the emulator over loopback through
/// <see cref="SqlClient"/> in ARROW_STREAM and JSON_ARRAY, each against decoding the same downloaded bytes directly
/// with Apache.Arrow / System.Text.Json (the floor: no HTTP, no typing, no row objects).
/// </summary>
[MemoryDiagnoser]
public class ResultReadBenchmarks
{
    private EmulatorSession _session = null!;
    private SqlStatement _query = null!;
    private List<byte[]> _arrowChunks = null!;
    private List<byte[]> _jsonChunks = null!;

    /// <summary>Gets or sets the number of rows.</summary>
    [Params(1_000_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _session = await EmulatorSession.StartAsync(chunkRows: 100_000);
        _query = SqlStatement.FromText($"SELECT id, CAST(id AS DOUBLE) * 1.5 AS v, CAST(id AS STRING) AS s FROM range(0, {Rows}) AS r(id)");
        _arrowChunks = await DownloadAsync(ResultFormat.ArrowStream);
        _jsonChunks = await DownloadAsync(ResultFormat.JsonArray);
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _session.DisposeAsync();

    [Benchmark]
    public async Task<long> Client_ArrowStream()
    {
        long sum = 0;
        await foreach (var row in _session.Client.GetSqlClient().QueryAsync(_query, new SqlExecuteOptions { Format = ResultFormat.ArrowStream }))
        {
            sum += (long)row[0]!;
        }

        return sum;
    }

    [Benchmark]
    public async Task<long> Client_JsonArray()
    {
        long sum = 0;
        await foreach (var row in _session.Client.GetSqlClient().QueryAsync(
            _query, new SqlExecuteOptions { Format = ResultFormat.JsonArray, Disposition = ResultDisposition.ExternalLinks }))
        {
            sum += (long)row[0]!;
        }

        return sum;
    }

    [Benchmark(Baseline = true)]
    public long Direct_ArrowBytes()
    {
        long sum = 0;
        foreach (var bytes in _arrowChunks)
        {
            using var reader = new ArrowStreamReader(new ReadOnlyMemory<byte>(bytes));
            while (reader.ReadNextRecordBatch() is { } batch)
            {
                var ids = (Int64Array)batch.Column(0);
                for (var i = 0; i < ids.Length; i++)
                {
                    sum += ids.GetValue(i) ?? 0;
                }
            }
        }

        return sum;
    }

    [Benchmark]
    public long Direct_JsonBytes()
    {
        long sum = 0;
        foreach (var bytes in _jsonChunks)
        {
            var reader = new Utf8JsonReader(bytes);
            var depth = 0;
            var column = 0;
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartArray:
                        depth++;
                        column = 0;
                        break;
                    case JsonTokenType.EndArray:
                        depth--;
                        break;
                    case JsonTokenType.String when depth == 2:
                        if (column++ == 0)
                        {
                            sum += long.Parse(reader.GetString()!, System.Globalization.CultureInfo.InvariantCulture);
                        }

                        break;
                }
            }
        }

        return sum;
    }

    private async Task<List<byte[]>> DownloadAsync(ResultFormat format)
    {
        var sql = _session.Client.GetSqlClient();
        var response = await sql.ExecuteAsync(_query, new SqlExecuteOptions { Format = format, Disposition = ResultDisposition.ExternalLinks });
        using var http = new HttpClient();
        var chunks = new List<byte[]>();
        for (var i = 0; i < response.Manifest!.TotalChunkCount; i++)
        {
            var chunk = await sql.FetchChunkAsync(response.StatementId, i);
            foreach (var link in chunk.ExternalLinks ?? [])
            {
                chunks.Add(await http.GetByteArrayAsync(link.Url));
            }
        }

        return chunks;
    }
}
