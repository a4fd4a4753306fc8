using System.Net;
using System.Text;
using DeltaFunctions.Databricks;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Pipelines.Handlers;
using Moq;

namespace DeltaFunctions.Pipelines.Tests.Handlers;

/// <summary>Failure shapes the emulator cannot easily produce, with the SQL client substituted through Moq.</summary>
public sealed class RequestHandlerFailureTests
{
    private const string UpsertBody = """{"targetTable":"main.default.t","keys":["id"],"rows":[{"id":1,"name":"a"}]}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MergeHandleAsync_503WithRetryAfter_TransientWithThatHint()
    {
        var sql = SqlWithTable();
        SetupMerge(sql).ThrowsAsync(new DatabricksException("warehouse unavailable", DatabricksErrorCode.TemporarilyUnavailable, HttpStatusCode.ServiceUnavailable, retryAfter: TimeSpan.FromSeconds(7)) { IsTransient = true });
        var sut = new MergeRequestHandler(sql.Object);

        var outcome = await sut.HandleAsync(Body(UpsertBody), "m-503", Ct);

        var transient = Assert.IsType<HandlerOutcome<MergeRequestResult>.Transient>(outcome);
        Assert.Equal(TimeSpan.FromSeconds(7), transient.RetryAfter);
        Assert.Equal(HandlerReasons.DatabricksUnavailable, transient.Reason);
    }

    [Fact]
    public async Task MergeHandleAsync_429WithoutRetryAfter_TransientWithDefaultHint()
    {
        var sql = SqlWithTable();
        SetupMerge(sql).ThrowsAsync(new DatabricksException("slow down", DatabricksErrorCode.Unknown, HttpStatusCode.TooManyRequests));
        var sut = new MergeRequestHandler(sql.Object, new RequestHandlerOptions { DefaultRetryAfter = TimeSpan.FromSeconds(11) });

        var outcome = await sut.HandleAsync(Body(UpsertBody), "m-429", Ct);

        Assert.Equal(TimeSpan.FromSeconds(11), Assert.IsType<HandlerOutcome<MergeRequestResult>.Transient>(outcome).RetryAfter);
    }

    [Fact]
    public async Task MergeHandleAsync_ConflictEveryTime_TransientAfterBoundedRetries()
    {
        var sql = SqlWithTable();
        SetupMerge(sql).ThrowsAsync(Conflict());
        var sut = new MergeRequestHandler(sql.Object, new RequestHandlerOptions { MaxConflictRetries = 2, ConflictRetryAfter = TimeSpan.FromSeconds(3) });

        var outcome = await sut.HandleAsync(Body(UpsertBody), "m-conflict", Ct);

        var transient = Assert.IsType<HandlerOutcome<MergeRequestResult>.Transient>(outcome);
        Assert.Equal(HandlerReasons.ConcurrencyConflict, transient.Reason);
        Assert.Equal(TimeSpan.FromSeconds(3), transient.RetryAfter);
        sql.Verify(s => s.ExecuteAsync(It.Is<SqlStatement>(x => x.Text.StartsWith("MERGE", StringComparison.Ordinal)), It.IsAny<SqlExecuteOptions>(), It.IsAny<CancellationToken>()), Times.Exactly(3));
    }

    [Fact]
    public async Task MergeHandleAsync_ConflictOnce_DoneOnTheRerun()
    {
        var sql = SqlWithTable();
        sql.SetupSequence(s => s.ExecuteAsync(It.Is<SqlStatement>(x => x.Text.StartsWith("MERGE", StringComparison.Ordinal)), It.IsAny<SqlExecuteOptions>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(Conflict())
            .ReturnsAsync(MergeMetrics(inserted: 1));
        var sut = new MergeRequestHandler(sql.Object);

        var outcome = await sut.HandleAsync(Body(UpsertBody), "m-conflict-once", Ct);

        Assert.Equal(1, OutcomeAssert.Done(outcome).Result.RowsInserted);
    }

    [Fact]
    public async Task MergeHandleAsync_StatementTimedOut_Transient()
    {
        var sql = SqlWithTable();
        SetupMerge(sql).ThrowsAsync(new SqlStatementException("st-9", new StatementStatus
        {
            State = StatementState.Canceled,
            Error = new StatementError { ErrorCode = "DEADLINE_EXCEEDED", Message = "The statement did not finish within 00:05:00 and was cancelled." },
        }));
        var sut = new MergeRequestHandler(sql.Object);

        var outcome = await sut.HandleAsync(Body(UpsertBody), "m-timeout", Ct);

        Assert.Equal(HandlerReasons.DatabricksUnavailable, Assert.IsType<HandlerOutcome<MergeRequestResult>.Transient>(outcome).Reason);
    }

    [Fact]
    public async Task MergeHandleAsync_400InvalidParameter_InvalidPermanent()
    {
        var sql = SqlWithTable();
        SetupMerge(sql).ThrowsAsync(new DatabricksException("bad warehouse id", DatabricksErrorCode.InvalidParameterValue, HttpStatusCode.BadRequest));
        var sut = new MergeRequestHandler(sql.Object);

        var outcome = await sut.HandleAsync(Body(UpsertBody), "m-400", Ct);

        var invalid = Assert.IsType<HandlerOutcome<MergeRequestResult>.Invalid>(outcome);
        Assert.Equal(HandlerReasons.RejectedByDatabricks, invalid.Reason);
        Assert.Contains("400", invalid.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MergeHandleAsync_UnexpectedException_TransientUnexpectedError()
    {
        var sql = SqlWithTable();
        SetupMerge(sql).ThrowsAsync(new InvalidOperationException("boom"));
        var sut = new MergeRequestHandler(sql.Object);

        var outcome = await sut.HandleAsync(Body(UpsertBody), "m-boom", Ct);

        var transient = Assert.IsType<HandlerOutcome<MergeRequestResult>.Transient>(outcome);
        Assert.Equal(HandlerReasons.UnexpectedError, transient.Reason);
        Assert.Contains("boom", transient.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MergeHandleAsync_CallerCancels_CancellationPropagates()
    {
        using var cancel = new CancellationTokenSource();
        var sql = SqlWithTable();
        SetupMerge(sql).Returns(async () =>
        {
            await cancel.CancelAsync();
            cancel.Token.ThrowIfCancellationRequested();
            return MergeMetrics(0);
        });
        var sut = new MergeRequestHandler(sql.Object);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sut.HandleAsync(Body(UpsertBody), "m-cancel", cancel.Token));
    }

    [Fact]
    public async Task MergeHandleAsync_HttpClientTimeoutNotCallerCancel_Transient()
    {
        var sql = SqlWithTable();
        SetupMerge(sql).ThrowsAsync(new TaskCanceledException("The request timed out."));
        var sut = new MergeRequestHandler(sql.Object);

        var outcome = await sut.HandleAsync(Body(UpsertBody), "m-http-timeout", Ct);

        Assert.IsType<HandlerOutcome<MergeRequestResult>.Transient>(outcome);
    }

    [Fact]
    public async Task MergeHandleAsync_InvalidBody_NoDatabricksCall()
    {
        var sql = new Mock<SqlClient>(MockBehavior.Strict);
        var sut = new MergeRequestHandler(sql.Object);

        var outcome = await sut.HandleAsync(Body("[1,2]"), "m-array", Ct);

        Assert.Equal(HandlerReasons.InvalidRequest, Assert.IsType<HandlerOutcome<MergeRequestResult>.Invalid>(outcome).Reason);
        sql.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task SqlHandleAsync_TransportFailure_Transient()
    {
        var sql = new Mock<SqlClient>(MockBehavior.Strict);
        sql.Setup(s => s.ExecuteAsync(It.IsAny<SqlStatement>(), It.IsAny<SqlExecuteOptions>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new HttpRequestException("connection reset"));
        var sut = new SqlRequestHandler(sql.Object);

        var outcome = await sut.HandleAsync(Body("""{"statement":"SELECT 1"}"""), "s-reset", Ct);

        Assert.Equal(HandlerReasons.DatabricksUnavailable, Assert.IsType<HandlerOutcome<SqlRequestResult>.Transient>(outcome).Reason);
    }

    [Fact]
    public async Task SqlHandleAsync_ExternalLinksResult_ReferencedEvenWhenFewRows()
    {
        var sql = new Mock<SqlClient>(MockBehavior.Strict);
        sql.Setup(s => s.ExecuteAsync(It.IsAny<SqlStatement>(), It.IsAny<SqlExecuteOptions>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new StatementResponse
            {
                StatementId = "st-big",
                Status = new StatementStatus { State = StatementState.Succeeded },
                Manifest = new ResultManifest { TotalRowCount = 3, TotalByteCount = 50_000_000, TotalChunkCount = 1, Schema = new ResultSchema { Columns = [new ResultColumn { Name = "blob" }] } },
                Result = new ResultChunk { ExternalLinks = [new ExternalLink { Url = "https://storage.example/x" }] },
            });
        var sut = new SqlRequestHandler(sql.Object);

        var outcome = await sut.HandleAsync(Body("""{"statement":"SELECT blob FROM t","replyTo":"replies"}"""), "s-big", Ct);

        var done = OutcomeAssert.Done(outcome);
        Assert.Null(done.Result.Rows);
        Assert.Equal(50_000_000, done.Result.Reference!.TotalByteCount);
        Assert.Equal("replies", done.Result.ReplyTo);
    }

    [Fact]
    public async Task SqlHandleAsync_CallerCancels_CancellationPropagates()
    {
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();
        var sql = new Mock<SqlClient>(MockBehavior.Strict);
        sql.Setup(s => s.ExecuteAsync(It.IsAny<SqlStatement>(), It.IsAny<SqlExecuteOptions>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new OperationCanceledException(cancel.Token));
        var sut = new SqlRequestHandler(sql.Object);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sut.HandleAsync(Body("""{"statement":"SELECT 1"}"""), "s-cancel", cancel.Token));
    }

    [Fact]
    public async Task MergeHandleAsync_StagedAppend_ReadsFilesWithBoundPathAndBatchId()
    {
        SqlStatement? sent = null;
        var sql = SqlWithTable(withBatchColumn: true);
        SetupMerge(sql).Callback<SqlStatement, SqlExecuteOptions?, CancellationToken>((s, _, _) => sent = s).ReturnsAsync(MergeMetrics(inserted: 0));
        var sut = new MergeRequestHandler(sql.Object);

        var outcome = await sut.HandleAsync(
            Body("""{"targetTable":"main.default.t","mode":"Append","sourcePath":"/Volumes/main/default/staging/b-1.json","sourceFormat":"Json"}"""), "m-staged", Ct);

        var done = OutcomeAssert.Done(outcome);
        Assert.True(done.Result.AlreadyApplied);
        Assert.Equal("m-staged", done.Result.BatchId);
        Assert.Contains("read_files(:src_path, format => :src_format)", sent!.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("b-1", sent.Text, StringComparison.Ordinal);
        Assert.Contains("WHEN NOT MATCHED THEN INSERT *", sent.Text, StringComparison.Ordinal);
        Assert.Contains(sent.Parameters, p => p.Name == "src_path" && p.Value == "/Volumes/main/default/staging/b-1.json");
        Assert.Contains(sent.Parameters, p => p.Name == "src_format" && p.Value == "json");
        Assert.Contains(sent.Parameters, p => p.Name == "src_batch" && p.Value == "m-staged");
    }

    private static Mock<SqlClient> SqlWithTable(bool withBatchColumn = false)
    {
        var sql = new Mock<SqlClient>(MockBehavior.Strict);
        sql.Setup(s => s.ExecuteAsync(It.Is<SqlStatement>(x => x.Text.StartsWith("SELECT", StringComparison.Ordinal)), It.IsAny<SqlExecuteOptions>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new StatementResponse
            {
                StatementId = "describe",
                Status = new StatementStatus { State = StatementState.Succeeded },
                Manifest = new ResultManifest
                {
                    Schema = new ResultSchema
                    {
                        Columns =
                        [
                            new ResultColumn { Name = "id", Position = 0, TypeName = SqlTypeName.Long, TypeText = "BIGINT" },
                            new ResultColumn { Name = "name", Position = 1, TypeName = SqlTypeName.String, TypeText = "STRING" },
                            .. withBatchColumn ? [new ResultColumn { Name = "_batch_id", Position = 2, TypeName = SqlTypeName.String, TypeText = "STRING" }] : Array.Empty<ResultColumn>(),
                        ],
                    },
                },
            });
        return sql;
    }

    private static Moq.Language.Flow.ISetup<SqlClient, Task<StatementResponse>> SetupMerge(Mock<SqlClient> sql) =>
        sql.Setup(s => s.ExecuteAsync(It.Is<SqlStatement>(x => x.Text.StartsWith("MERGE", StringComparison.Ordinal)), It.IsAny<SqlExecuteOptions>(), It.IsAny<CancellationToken>()));

    private static SqlStatementException Conflict() => new("st-c", new StatementStatus
    {
        State = StatementState.Failed,
        SqlState = "2D521",
        Error = new StatementError { ErrorCode = "ABORTED", Message = "[DELTA_CONCURRENT_APPEND.WITHOUT_HINT] Files were added by a concurrent update. SQLSTATE: 2D521" },
    });

    private static StatementResponse MergeMetrics(long inserted) => new()
    {
        StatementId = "merge",
        Status = new StatementStatus { State = StatementState.Succeeded },
        Manifest = new ResultManifest
        {
            Schema = new ResultSchema
            {
                Columns =
                [
                    new ResultColumn { Name = "num_affected_rows", Position = 0 },
                    new ResultColumn { Name = "num_updated_rows", Position = 1 },
                    new ResultColumn { Name = "num_deleted_rows", Position = 2 },
                    new ResultColumn { Name = "num_inserted_rows", Position = 3 },
                ],
            },
        },
        Result = new ResultChunk { DataArray = [[inserted.ToString(System.Globalization.CultureInfo.InvariantCulture), "0", "0", inserted.ToString(System.Globalization.CultureInfo.InvariantCulture)]] },
    };

    private static ReadOnlyMemory<byte> Body(string json) => Encoding.UTF8.GetBytes(json);
}
