using Apache.Arrow;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Databricks.Tests.IntegrationTests;

namespace DeltaFunctions.Databricks.Tests.Sql;

public sealed class SqlClientTests(LakehouseEmulator lakehouse) : IClassFixture<LakehouseEmulator>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task QueryAsync_BoundParameters_ReturnsTypedValues()
    {
        var sut = lakehouse.Client.GetSqlClient();
        var statement = new SqlStatement(
            "SELECT :a AS a, :b AS b, :c AS c, :d AS d",
            [
                new StatementParameter { Name = "a", Value = "42", Type = "BIGINT" },
                new StatementParameter { Name = "b", Value = "10.50", Type = "DECIMAL(10,2)" },
                new StatementParameter { Name = "c", Value = "2024-06-10", Type = "DATE" },
                new StatementParameter { Name = "d", Value = "it's" },
            ]);

        var json = await sut.QueryAsync(statement, new SqlExecuteOptions { Format = ResultFormat.JsonArray }, Ct).ToListAsync(Ct);
        var arrow = await sut.QueryAsync(statement, new SqlExecuteOptions { Format = ResultFormat.ArrowStream }, Ct).ToListAsync(Ct);

        foreach (var row in new[] { Assert.Single(json), Assert.Single(arrow) })
        {
            Assert.Equal(42L, row["a"]);
            Assert.Equal(10.50m, row["b"]);
            Assert.Equal(new DateOnly(2024, 6, 10), row["c"]);
            Assert.Equal("it's", row["d"]);
        }
    }

    [Theory]
    [InlineData("JSON_ARRAY", "INLINE")]
    [InlineData("JSON_ARRAY", "EXTERNAL_LINKS")]
    [InlineData("ARROW_STREAM", "EXTERNAL_LINKS")]
    public async Task ReadAsync_ManyChunks_StreamsEveryRowInOrder(string format, string disposition)
    {
        var sut = lakehouse.Client.GetSqlClient();

        var ids = await sut.ReadAsync<long>(
            SqlStatement.FromText("SELECT id FROM range(0, 1050) AS r(id) ORDER BY id"),
            new SqlExecuteOptions { Format = new ResultFormat(format), Disposition = new ResultDisposition(disposition) },
            Ct).ToListAsync(Ct);

        Assert.Equal(Enumerable.Range(0, 1050).Select(i => (long)i), ids);
    }

    [Fact]
    public async Task QueryArrowAsync_ManyChunks_ReturnsBatchesFromEveryChunk()
    {
        var sut = lakehouse.Client.GetSqlClient();

        var batches = await sut.QueryArrowAsync(SqlStatement.FromText("SELECT id FROM range(0, 350) AS r(id)"), cancellationToken: Ct).ToListAsync(Ct);

        Assert.True(batches.Count >= 4, $"expected one batch per 100-row chunk, got {batches.Count}");
        Assert.Equal(350, batches.Sum(b => b.Length));
        Assert.All(batches, b => Assert.IsType<Int64Array>(b.Column(0)));
    }

    [Theory]
    [InlineData("LZ4_FRAME")]
    [InlineData("NONE")]
    public async Task QueryArrowAsync_ExternalLinks_BatchesLiveOnTheManagedHeapAndOutliveTheStream(string compression)
    {
        var sut = lakehouse.Client.GetSqlClient();
        var options = new SqlExecuteOptions
        {
            Format = ResultFormat.ArrowStream,
            Disposition = ResultDisposition.ExternalLinks,
            ResultCompression = new ResultCompression(compression),
        };

        var batches = await sut.QueryArrowAsync(SqlStatement.FromText("SELECT id FROM range(0, 350) AS r(id) ORDER BY id"), options, Ct).ToListAsync(Ct);

        // Undisposed batches must not hold native blocks that only finalizers free: their bodies are managed arrays.
        Assert.All(batches, b => Assert.True(
            System.Runtime.InteropServices.MemoryMarshal.TryGetArray(((Int64Array)b.Column(0)).ValueBuffer.Memory, out _),
            "the batch body is not a managed array"));
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.Equal(Enumerable.Range(0, 350).Select(i => (long?)i), batches.SelectMany(b => ((Int64Array)b.Column(0)).ToList()));

        // Disposing is still allowed (batches are the caller's) and leaves the other batches intact.
        batches[0].Dispose();
        Assert.Equal(349L, ((Int64Array)batches[^1].Column(0)).GetValue(batches[^1].Length - 1));
    }

    [Fact]
    public async Task ExecuteAsync_SyntaxError_ThrowsStatementExceptionWithErrorClass()
    {
        var sut = lakehouse.Client.GetSqlClient();

        var error = await Assert.ThrowsAsync<SqlStatementException>(() => sut.ExecuteAsync(SqlStatement.FromText("SELEC 1"), cancellationToken: Ct));

        Assert.Equal(StatementState.Failed, error.State);
        Assert.NotNull(error.StatementId);
        Assert.False(error.IsConcurrencyConflict);
    }

    [Fact]
    public async Task StartAsync_WaitForCompletion_Succeeds()
    {
        var sut = lakehouse.Client.GetSqlClient();

        var operation = await sut.StartAsync(SqlStatement.FromText("SELECT 1 AS one"), cancellationToken: Ct);
        var response = await operation.WaitForCompletionAsync(Ct);

        Assert.True(operation.HasCompleted);
        Assert.Equal(StatementState.Succeeded, response.Status.State);
        Assert.Equal("one", response.Manifest!.Schema!.Columns[0].Name);
    }

    [Theory]
    [InlineData("NONE")]
    [InlineData("LZ4_FRAME")]
    public async Task ReadAsync_MappedRowsOverPooledBatches_KeepEveryValue(string compression)
    {
        var sut = lakehouse.Client.GetSqlClient();

        var rows = await sut.ReadAsync<PooledRow>(PooledQuery(0, 1050), PooledOptions(compression), Ct).ToListAsync(Ct);

        Assert.Equal(ExpectedPooledRows(0, 1050), rows);
    }

    [Fact]
    public async Task QueryAsync_RowsKeptWhileLaterReadsReuseBatchMemory_KeepTheirValues()
    {
        var sut = lakehouse.Client.GetSqlClient();
        var kept = await sut.QueryAsync(PooledQuery(0, 1050), PooledOptions("NONE"), Ct).ToListAsync(Ct);

        for (var i = 0; i < 3; i++)
        {
            // Mapped rows and disposed batches hand their memory back for reuse; rows (views) must not have.
            Assert.Equal(ExpectedPooledRows(5_000, 1050), await sut.ReadAsync<PooledRow>(PooledQuery(5_000, 1050), PooledOptions("NONE"), Ct).ToListAsync(Ct));
            await foreach (var batch in sut.QueryArrowAsync(PooledQuery(9_000, 1050), PooledOptions("NONE"), Ct))
            {
                batch.Dispose();
            }
        }

        Assert.Equal(
            ExpectedPooledRows(0, 1050),
            kept.Select(r => new PooledRow(r.Get<long>("id"), r.Get<double>("v"), r.Get<string?>("s"), r.Get<long?>("n"))));
    }

    [Theory]
    [InlineData("ARROW_STREAM")]
    [InlineData("JSON_ARRAY")]
    public async Task QueryAsync_RowsKeptFromSomeBlocksOverCollections_KeepTheirValues(string format)
    {
        var sut = lakehouse.Client.GetSqlClient();
        var kept = new List<SqlRow>();
        var read = 0;
        await foreach (var row in sut.QueryAsync(PooledQuery(0, 1050), ViewOptions(format), Ct))
        {
            // Rows of every other 100-row chunk kept; the other chunks' rows dropped, so their bodies go back to the pool.
            if (read++ / 100 % 2 == 0)
            {
                kept.Add(row);
            }
        }

        for (var i = 0; i < 3; i++)
        {
            CollectAndFinalize();

            // Later reads rent the bodies dropped rows gave back, and overwrite them.
            Assert.Equal(ExpectedPooledRows(5_000, 1050), (await sut.QueryAsync(PooledQuery(5_000, 1050), ViewOptions(format), Ct).ToListAsync(Ct)).Select(ValuesOf));
            Assert.Equal(ExpectedPooledRows(9_000, 1050), await sut.ReadAsync<PooledRow>(PooledQuery(9_000, 1050), PooledOptions("NONE"), Ct).ToListAsync(Ct));
        }

        CollectAndFinalize();

        Assert.Equal(1050, read);
        Assert.Equal(ExpectedPooledRows(0, 1050).Where((_, i) => i / 100 % 2 == 0), kept.Select(ValuesOf));
    }

    [Theory]
    [InlineData("ARROW_STREAM")]
    [InlineData("JSON_ARRAY")]
    public async Task QueryAsync_RowsKeptFromStreamsLeftEarlyOrCanceled_KeepTheirValues(string format)
    {
        var sut = lakehouse.Client.GetSqlClient();
        var leftEarly = new List<SqlRow>();
        await foreach (var row in sut.QueryAsync(PooledQuery(0, 1050), ViewOptions(format), Ct))
        {
            leftEarly.Add(row);
            if (leftEarly.Count == 250)
            {
                break;
            }
        }

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var canceled = new List<SqlRow>();
        var readUntilCanceled = async () =>
        {
            await foreach (var row in sut.QueryAsync(PooledQuery(2_000, 1050), ViewOptions(format), cancel.Token))
            {
                canceled.Add(row);
                if (canceled.Count == 350)
                {
                    await cancel.CancelAsync();
                }
            }
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(readUntilCanceled);
        for (var i = 0; i < 3; i++)
        {
            CollectAndFinalize();
            Assert.Equal(ExpectedPooledRows(5_000, 1050), (await sut.QueryAsync(PooledQuery(5_000, 1050), ViewOptions(format), Ct).ToListAsync(Ct)).Select(ValuesOf));
        }

        Assert.InRange(canceled.Count, 350, 1049);
        Assert.Equal(ExpectedPooledRows(0, 250), leftEarly.Select(ValuesOf));
        Assert.Equal(ExpectedPooledRows(2_000, canceled.Count), canceled.Select(ValuesOf));
    }

    [Fact]
    public async Task QueryAsync_RowsReadInACallersFinalizer_ReadTheirValues()
    {
        var sut = lakehouse.Client.GetSqlClient();
        var readInFinalizer = new TaskCompletionSource<List<PooledRow>>(TaskCreationOptions.RunContinuationsAsynchronously);
        await HoldRowsInFinalizableObjectAsync(sut, readInFinalizer);

        CollectAndFinalize();
        Assert.Equal(ExpectedPooledRows(5_000, 1050), (await sut.QueryAsync(PooledQuery(5_000, 1050), PooledOptions("NONE"), Ct).ToListAsync(Ct)).Select(ValuesOf));
        CollectAndFinalize();

        Assert.Equal(ExpectedPooledRows(0, 1050), await readInFinalizer.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct));
    }

    [Fact]
    public async Task QueryArrowAsync_SomeBatchesDisposedAsRead_KeptBatchesKeepTheirValues()
    {
        var sut = lakehouse.Client.GetSqlClient();
        var kept = new List<(RecordBatch Batch, long?[] Ids)>();
        var read = 0;

        await foreach (var batch in sut.QueryArrowAsync(PooledQuery(0, 1050), PooledOptions("NONE"), Ct))
        {
            if (read++ % 2 == 0)
            {
                kept.Add((batch, [.. ((Int64Array)batch.Column(0)).ToList()]));
            }
            else
            {
                batch.Dispose();
            }
        }

        await sut.ReadAsync<PooledRow>(PooledQuery(5_000, 1050), PooledOptions("NONE"), Ct).ToListAsync(Ct);

        Assert.True(read > 2, $"the query gave {read} batches; more are needed to dispose some and keep others");
        Assert.All(kept, k => Assert.Equal(k.Ids, ((Int64Array)k.Batch.Column(0)).ToList()));
        Assert.All(kept, k => k.Batch.Dispose());
    }

    [Fact]
    public async Task ReadAsync_StoppedEarly_LaterReadsStayExact()
    {
        var sut = lakehouse.Client.GetSqlClient();
        var first = new List<PooledRow>();
        await foreach (var row in sut.ReadAsync<PooledRow>(PooledQuery(0, 1050), PooledOptions("NONE"), Ct))
        {
            first.Add(row);
            if (first.Count == 120)
            {
                break;
            }
        }

        var all = await sut.ReadAsync<PooledRow>(PooledQuery(0, 1050), PooledOptions("NONE"), Ct).ToListAsync(Ct);

        Assert.Equal(ExpectedPooledRows(0, 120), first);
        Assert.Equal(ExpectedPooledRows(0, 1050), all);
    }

    /// <summary>Collects every generation and runs the finalizers of what it found unreachable, twice over.</summary>
    private static void CollectAndFinalize()
    {
        for (var i = 0; i < 2; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }

    private static PooledRow ValuesOf(SqlRow row) => new(row.Get<long>("id"), row.Get<double>("v"), row.Get<string?>("s"), row.Get<long?>("n"));

    /// <summary>Reads rows into a finalizable holder and drops it: only its finalizer reaches them afterwards.</summary>
    private static async Task HoldRowsInFinalizableObjectAsync(SqlClient sut, TaskCompletionSource<List<PooledRow>> readInFinalizer)
    {
        _ = new RowHolder(await sut.QueryAsync(PooledQuery(0, 1050), PooledOptions("NONE"), Ct).ToListAsync(Ct), readInFinalizer);
    }

    private static SqlStatement PooledQuery(int from, int count) => SqlStatement.FromText(
        $"SELECT id, CAST(id AS DOUBLE) * 1.5 AS v, CASE WHEN id % 5 = 0 THEN NULL ELSE CAST(id AS STRING) END AS s, " +
        $"CASE WHEN id % 7 = 0 THEN NULL ELSE id * 3 END AS n FROM range({from}, {from + count}) AS r(id) ORDER BY id");

    private static SqlExecuteOptions PooledOptions(string compression) => new()
    {
        Format = ResultFormat.ArrowStream,
        Disposition = ResultDisposition.ExternalLinks,
        ResultCompression = new ResultCompression(compression),
    };

    /// <summary>Rows over external links without compression, as ARROW_STREAM or JSON_ARRAY.</summary>
    private static SqlExecuteOptions ViewOptions(string format) => new()
    {
        Format = new ResultFormat(format),
        Disposition = ResultDisposition.ExternalLinks,
        ResultCompression = ResultCompression.None,
    };

    private static IEnumerable<PooledRow> ExpectedPooledRows(int from, int count) =>
        Enumerable.Range(from, count).Select(i => new PooledRow(i, i * 1.5, i % 5 == 0 ? null : i.ToString(System.Globalization.CultureInfo.InvariantCulture), i % 7 == 0 ? null : i * 3L));

    /// <summary>Holds rows that only its finalizer reads, as a caller's finalizable type might.</summary>
    private sealed class RowHolder(List<SqlRow> rows, TaskCompletionSource<List<PooledRow>> readInFinalizer)
    {
        ~RowHolder()
        {
            try
            {
                readInFinalizer.TrySetResult([.. rows.Select(ValuesOf)]);
            }
            catch (Exception e)
            {
                readInFinalizer.TrySetException(e);
            }
        }
    }

    /// <summary>A mapped row of the pooled-memory tests.</summary>
    public sealed record PooledRow(long Id, double V, string? S, long? N);
}
