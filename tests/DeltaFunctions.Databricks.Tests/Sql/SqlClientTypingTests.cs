using DeltaFunctions.Databricks.Auth;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Databricks.Tests.IntegrationTests;
using DeltaFunctions.TestUtilities.Http;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace DeltaFunctions.Databricks.Tests.Sql;

/// <summary>
/// Values typed from the manifest over the emulator in both result formats (decimals, dates, timestamps with and
/// without zone, binary, arrays, maps, structs; decimals beyond System.Decimal are unit-tested in
/// <see cref="SqlValueDecoderTests"/> because the emulator's DuckDB reader cannot produce them), the duration histogram's failure state, and the client's disposal
/// of its external-link HTTP client.
/// </summary>
public sealed class SqlClientTypingTests(LakehouseEmulator lakehouse) : IClassFixture<LakehouseEmulator>
{
    private const string TypedQuery = """
        SELECT CAST('12345.678' AS DECIMAL(10,3)) AS dec,
               CAST('-98765432109876543210.123456' AS DECIMAL(38,6)) AS wide,
               DATE '2024-02-29' AS day,
               TIMESTAMP '2024-06-10 08:00:00.123+02:00' AS instant,
               TIMESTAMP_NTZ '2024-06-10 08:00:00.123' AS wall,
               X'01FF' AS bin,
               array(1, 2, 3) AS arr,
               map('a', 1, 'b', 2) AS m,
               named_struct('x', CAST(5 AS BIGINT), 'y', 'z', 'd', DATE '2024-01-02') AS st,
               CAST(NULL AS INT) AS nothing
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("JSON_ARRAY", "INLINE")]
    [InlineData("JSON_ARRAY", "EXTERNAL_LINKS")]
    [InlineData("ARROW_STREAM", "EXTERNAL_LINKS")]
    public async Task QueryAsync_ManifestTypes_TypesEveryValue(string format, string disposition)
    {
        var sut = lakehouse.Client.GetSqlClient();

        var row = Assert.Single(await sut.QueryAsync(
            SqlStatement.FromText(TypedQuery),
            new SqlExecuteOptions { Format = new ResultFormat(format), Disposition = new ResultDisposition(disposition) },
            Ct).ToListAsync(Ct));

        Assert.Equal(SqlType.Decimal(10, 3), row.Schema.Types[0]);
        Assert.Equal(12345.678m, row["dec"]);
        Assert.Equal(SqlType.Decimal(38, 6), row.Schema.Types[1]);
        Assert.Equal(-98765432109876543210.123456m, row["wide"]);
        Assert.Equal(new DateOnly(2024, 2, 29), row["day"]);
        var instant = Assert.IsType<DateTimeOffset>(row["instant"]);
        Assert.Equal(new DateTimeOffset(2024, 6, 10, 6, 0, 0, 123, TimeSpan.Zero), instant);
        var wall = Assert.IsType<DateTime>(row["wall"]);
        Assert.Equal(new DateTime(2024, 6, 10, 8, 0, 0, 123), wall);
        Assert.Equal(DateTimeKind.Unspecified, wall.Kind);
        Assert.Equal(new byte[] { 0x01, 0xFF }, row["bin"]);
        Assert.Equal(new object?[] { 1, 2, 3 }, ((IEnumerable<object?>)row["arr"]!).ToArray());
        var map = Assert.IsAssignableFrom<IReadOnlyDictionary<object, object?>>(row["m"]);
        Assert.Equal((1, 2), (map["a"], map["b"]));
        var st = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(row["st"]);
        Assert.Equal((5L, "z", new DateOnly(2024, 1, 2)), (st["x"], st["y"], st["d"]));
        Assert.Null(row["nothing"]);
    }

    [Fact]
    public async Task ExecuteAsync_Failed_RecordsDurationWithFailedState()
    {
        using var collector = new MetricCollector<double>(lakehouse.Client.Meter, SqlTelemetry.QueryDuration);
        var sut = lakehouse.Client.GetSqlClient();

        await Assert.ThrowsAsync<SqlStatementException>(() => sut.ExecuteAsync(SqlStatement.FromText("SELECT * FROM main.default.no_such_table_here"), cancellationToken: Ct));

        var measurement = Assert.Single(collector.GetMeasurementSnapshot());
        Assert.Equal("FAILED", measurement.Tags["state"]);
        Assert.True(measurement.Value >= 0);
    }

    [Fact]
    public async Task QueryArrowAsync_JsonArrayFormat_ThrowsNamingTheFormat()
    {
        var sut = lakehouse.Client.GetSqlClient();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => sut.QueryArrowAsync(
            SqlStatement.FromText("SELECT 1 AS one"), new SqlExecuteOptions { Format = ResultFormat.JsonArray }, Ct).ToListAsync(Ct).AsTask());

        Assert.Contains("ARROW_STREAM", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("JSON_ARRAY")]
    [InlineData("ARROW_STREAM")]
    public async Task ReadRowsAsync_HandleWaitedFor_StreamsEveryChunk(string format)
    {
        var sut = lakehouse.Client.GetSqlClient();
        var operation = await sut.StartAsync(
            SqlStatement.FromText("SELECT id FROM range(0, 450) AS r(id) ORDER BY id"),
            new SqlExecuteOptions { Format = new ResultFormat(format), Disposition = ResultDisposition.ExternalLinks },
            Ct);

        var response = await operation.WaitForCompletionAsync(Ct);
        var ids = await sut.ReadRowsAsync(response, Ct).Select(r => (long)r[0]!).ToListAsync(Ct);
        var batches = format == "ARROW_STREAM" ? await sut.ReadBatchesAsync(response, Ct).CountAsync(Ct) : -1;

        Assert.True(response.Manifest!.TotalChunkCount >= 5);
        Assert.Equal(Enumerable.Range(0, 450).Select(i => (long)i), ids);
        Assert.True(format != "ARROW_STREAM" || batches >= 5, $"{batches} batches");
    }

    [Theory]
    [InlineData("JSON_ARRAY", "INLINE")]
    [InlineData("JSON_ARRAY", "EXTERNAL_LINKS")]
    [InlineData("ARROW_STREAM", "EXTERNAL_LINKS")]
    public async Task ReadAsync_FinishedStatement_MapsTypedColumnsKeptRowsAndNulls(string format, string disposition)
    {
        var sut = lakehouse.Client.GetSqlClient();
        var response = await sut.ExecuteAsync(
            SqlStatement.FromText("SELECT id, CAST(id AS DOUBLE) * 1.5 AS v, CAST(id AS STRING) AS s, CASE WHEN id % 2 = 0 THEN NULL ELSE CAST(id AS INT) END AS maybe FROM range(0, 3000) AS r(id) ORDER BY id"),
            new SqlExecuteOptions { Format = new ResultFormat(format), Disposition = new ResultDisposition(disposition) },
            Ct);

        var mapped = await sut.ReadAsync<TypedRow>(response, Ct).ToListAsync(Ct);
        var rows = await sut.ReadRowsAsync(response, Ct).ToListAsync(Ct);

        Assert.Equal(Enumerable.Range(0, 3000).Select(i => new TypedRow(i, i * 1.5, i.ToString(System.Globalization.CultureInfo.InvariantCulture), i % 2 == 0 ? null : i)), mapped);
        var last = rows[^1];
        Assert.Equal((2999L, 4498.5, "2999", (int?)2999), (last.Get<long>(0), last.Get<double>("v"), last.Get<string>(2), last.Get<int?>("maybe")));
        Assert.Equal((2999d, 2999L), (last.Get<double>(0), last.Get<long>("maybe")));
        Assert.Equal(2998L, rows[^2]["id"]);
        Assert.Null(rows[0]["maybe"]);
        Assert.Null(rows[0].Get<int?>("maybe"));
        var error = Assert.Throws<InvalidCastException>(() => rows[0].Get<int>("maybe"));
        Assert.Contains("maybe", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("JSON_ARRAY")]
    [InlineData("ARROW_STREAM")]
    public async Task ReadRowsAsync_WithinABlock_StepsWithoutAwaiting(string format)
    {
        var sut = lakehouse.Client.GetSqlClient();
        var response = await sut.ExecuteAsync(
            SqlStatement.FromText("SELECT id FROM range(0, 450) AS r(id) ORDER BY id"),
            new SqlExecuteOptions { Format = new ResultFormat(format), Disposition = ResultDisposition.ExternalLinks },
            Ct);

        var ids = new List<long>();
        var awaited = 0;
        await using (var rows = sut.ReadRowsAsync(response, Ct).GetAsyncEnumerator(Ct))
        {
            while (true)
            {
                var step = rows.MoveNextAsync();
                awaited += step.IsCompleted ? 0 : 1;
                if (!await step)
                {
                    break;
                }

                ids.Add(rows.Current.Get<long>(0));
            }
        }

        // Only the step onto a chunk (a download) may wait; every other row is read in place from the decoded block.
        Assert.Equal(Enumerable.Range(0, 450).Select(i => (long)i), ids);
        Assert.InRange(awaited, 0, response.Manifest!.TotalChunkCount + 1);
    }

    [Theory]
    [InlineData("JSON_ARRAY")]
    [InlineData("ARROW_STREAM")]
    public async Task ReadAsync_TokenGivenToTheEnumerator_StopsAtTheNextChunk(string format)
    {
        var sut = lakehouse.Client.GetSqlClient();
        var response = await sut.ExecuteAsync(
            SqlStatement.FromText("SELECT id FROM range(0, 450) AS r(id) ORDER BY id"),
            new SqlExecuteOptions { Format = new ResultFormat(format), Disposition = ResultDisposition.ExternalLinks },
            Ct);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var read = new List<long>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            // The method's own token is the test's; the enumerator's token (WithCancellation) is linked to it.
            await foreach (var id in sut.ReadAsync<long>(response, Ct).WithCancellation(cancel.Token))
            {
                read.Add(id);
                await cancel.CancelAsync();
            }
        });

        Assert.True(response.Manifest!.TotalChunkCount >= 5);
        Assert.InRange(read.Count, 1, 449);
        Assert.Equal(Enumerable.Range(0, read.Count).Select(i => (long)i), read);
    }

    [Fact]
    public async Task ReadRowsAsync_StatementNotFinished_ThrowsNamingState()
    {
        var sut = lakehouse.Client.GetSqlClient();
        var pending = new StatementResponse { StatementId = "s-pending", Status = new StatementStatus { State = StatementState.Running } };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => sut.ReadRowsAsync(pending, Ct).ToListAsync(Ct).AsTask());

        Assert.Contains("RUNNING", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_AfterLinksIssued_DisposesExternalLinkHttpClient()
    {
        var client = TestDatabricksClients.Create(
            lakehouse.Emulator.BaseAddress, DatabricksCredential.FromPersonalAccessToken(lakehouse.Emulator.Token), o => o.WarehouseId = lakehouse.Emulator.WarehouseId);
        var sut = client.GetSqlClient();
        var response = await sut.ExecuteAsync(
            SqlStatement.FromText("SELECT id FROM range(0, 10) AS r(id)"), new SqlExecuteOptions { Format = ResultFormat.ArrowStream }, Ct);
        var schema = new SqlResultSchema(response.Manifest!.Schema!.Columns);

        client.Dispose();
        var download = async () =>
        {
            await foreach (var chunk in sut.ReadChunksAsync(response, ManagedArrowAllocator.Recycled, Ct))
            {
                _ = chunk.ToRows(schema).Count();
            }
        };

        Assert.NotNull(response.Result!.ExternalLinks);
        await Assert.ThrowsAsync<ObjectDisposedException>(download);
        Assert.Throws<ObjectDisposedException>(() => client.GetSqlClient());
    }

    public sealed record TypedRow(long Id, double V, string S, int? Maybe);
}
