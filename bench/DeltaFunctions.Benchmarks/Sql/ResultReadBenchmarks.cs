using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using BenchmarkDotNet.Attributes;
using DeltaFunctions.Databricks;
using DeltaFunctions.Databricks.Auth;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.TestUtilities.Http;

namespace DeltaFunctions.Benchmarks.Sql;

/// <summary>
/// Reading a result of <see cref="Rows"/> rows (BIGINT, DOUBLE, STRING) from the emulator over loopback through
/// <see cref="SqlClient"/> in ARROW_STREAM (as rows and as record batches) and JSON_ARRAY, each against decoding the
/// same downloaded bytes directly with Apache.Arrow / System.Text.Json, every column read (the floor: no HTTP, no
/// typing, no row objects). The emulator runs as a separate process, so allocations are the client's alone; the
/// client timings include the emulator running the query and serving the chunks.
/// </summary>
[MemoryDiagnoser]
public class ResultReadBenchmarks
{
    private ExternalEmulator _emulator = null!;
    private DatabricksClient _client = null!;
    private SqlStatement _query = null!;
    private StatementResponse _arrowDone = null!;
    private StatementResponse _jsonDone = null!;
    private List<byte[]> _arrowChunks = null!;
    private List<byte[]> _jsonChunks = null!;

    /// <summary>Gets or sets the number of rows.</summary>
    [Params(1_000_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _emulator = await ExternalEmulator.StartAsync(chunkRows: 100_000);
        _client = TestDatabricksClients.Create(
            _emulator.BaseAddress,
            DatabricksCredential.FromPersonalAccessToken(_emulator.Token),
            o =>
            {
                o.WarehouseId = _emulator.WarehouseId;
                o.TimeoutSeconds = 600;
                o.TotalTimeoutSeconds = 3600;
            });
        _query = SqlStatement.FromText($"SELECT id, CAST(id AS DOUBLE) * 1.5 AS v, CAST(id AS STRING) AS s FROM range(0, {Rows}) AS r(id)");
        _arrowDone = await _client.GetSqlClient().ExecuteAsync(_query, new SqlExecuteOptions { Format = ResultFormat.ArrowStream });
        _jsonDone = await _client.GetSqlClient().ExecuteAsync(_query, new SqlExecuteOptions { Format = ResultFormat.JsonArray, Disposition = ResultDisposition.ExternalLinks });
        _arrowChunks = await DownloadAsync(ResultFormat.ArrowStream);
        _jsonChunks = await DownloadAsync(ResultFormat.JsonArray);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _client.Dispose();
        await _emulator.DisposeAsync();
    }

    [Benchmark]
    public async Task<long> Client_ArrowStream()
    {
        long sum = 0;
        await foreach (var row in _client.GetSqlClient().QueryAsync(_query, new SqlExecuteOptions { Format = ResultFormat.ArrowStream }))
        {
            sum += (long)row[0]! + (long)(double)row[1]! + ((string)row[2]!).Length;
        }

        return sum;
    }

    [Benchmark]
    public async Task<long> Client_ArrowBatches()
    {
        long sum = 0;
        await foreach (var batch in _client.GetSqlClient().QueryArrowAsync(_query))
        {
            sum += SumBatch(batch);
        }

        return sum;
    }

    [Benchmark]
    public async Task<long> Client_JsonArray()
    {
        long sum = 0;
        await foreach (var row in _client.GetSqlClient().QueryAsync(
            _query, new SqlExecuteOptions { Format = ResultFormat.JsonArray, Disposition = ResultDisposition.ExternalLinks }))
        {
            sum += (long)row[0]! + (long)(double)row[1]! + ((string)row[2]!).Length;
        }

        return sum;
    }

    /// <summary>The client's share alone: rows of a statement that already ran (links fetched, bytes decoded, values typed).</summary>
    [Benchmark]
    public async Task<long> ClientRead_ArrowStream()
    {
        long sum = 0;
        await foreach (var row in _client.GetSqlClient().ReadRowsAsync(_arrowDone))
        {
            sum += (long)row[0]! + (long)(double)row[1]! + ((string)row[2]!).Length;
        }

        return sum;
    }

    [Benchmark]
    public async Task<long> ClientRead_ArrowBatches()
    {
        long sum = 0;
        await foreach (var batch in _client.GetSqlClient().ReadBatchesAsync(_arrowDone))
        {
            sum += SumBatch(batch);
        }

        return sum;
    }

    [Benchmark]
    public async Task<long> ClientRead_JsonArray()
    {
        long sum = 0;
        await foreach (var row in _client.GetSqlClient().ReadRowsAsync(_jsonDone))
        {
            sum += (long)row[0]! + (long)(double)row[1]! + ((string)row[2]!).Length;
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
                sum += SumBatch(batch);
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
                        var text = reader.GetString()!;
                        sum += column++ switch
                        {
                            0 => long.Parse(text, System.Globalization.CultureInfo.InvariantCulture),
                            1 => (long)double.Parse(text, System.Globalization.CultureInfo.InvariantCulture),
                            _ => text.Length,
                        };
                        break;
                }
            }
        }

        return sum;
    }

    private static long SumBatch(RecordBatch batch)
    {
        long sum = 0;
        var ids = (Int64Array)batch.Column(0);
        var values = (DoubleArray)batch.Column(1);
        var texts = (StringArray)batch.Column(2);
        for (var i = 0; i < batch.Length; i++)
        {
            sum += (ids.GetValue(i) ?? 0) + (long)(values.GetValue(i) ?? 0) + texts.GetString(i).Length;
        }

        return sum;
    }

    private async Task<List<byte[]>> DownloadAsync(ResultFormat format)
    {
        var sql = _client.GetSqlClient();
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
