using System.Text;
using DeltaFunctions.Pipelines.Handlers;

namespace DeltaFunctions.Pipelines.Tests.Handlers;

/// <summary>The SQL handler against the emulator over loopback.</summary>
public sealed class SqlRequestHandlerTests(PipelinesEmulator lakehouse) : IClassFixture<PipelinesEmulator>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HandleAsync_SmallResult_InlineWithReplyTo()
    {
        var sut = new SqlRequestHandler(lakehouse.Sql, new RequestHandlerOptions { InlineRowLimit = 10 });

        var outcome = await sut.HandleAsync(Body("""
            {"statement":"SELECT :n * 2 AS doubled, 'x' AS label","parameters":[{"name":"n","value":"21","type":"INT"}],"replyTo":"sql-replies"}
            """), "msg-sql-1", Ct);

        var done = OutcomeAssert.Done(outcome);
        Assert.True(done.Result.IsInline);
        Assert.Equal("sql-replies", done.Result.ReplyTo);
        Assert.Equal("msg-sql-1", done.Result.CorrelationId);
        Assert.Equal(["doubled", "label"], done.Result.Columns.Select(c => c.Name));
        Assert.Equal([["42", "x"]], done.Result.Rows);
    }

    [Fact]
    public async Task HandleAsync_LargeResult_ReferencedAndPagedBack()
    {
        var table = PipelinesEmulator.NewTable("large");
        await lakehouse.ExecuteAsync($"CREATE TABLE {table} (id BIGINT)", Ct);
        await lakehouse.ExecuteAsync($"INSERT INTO {table} SELECT * FROM range(25)", Ct);
        var sut = new SqlRequestHandler(lakehouse.Sql, new RequestHandlerOptions { InlineRowLimit = 5 });

        var outcome = await sut.HandleAsync(Body($$"""{"statement":"SELECT id FROM {{table}} ORDER BY id"}"""), "msg-sql-2", Ct);

        var done = OutcomeAssert.Done(outcome);
        Assert.False(done.Result.IsInline);
        Assert.Null(done.Result.Rows);
        var reference = done.Result.Reference!;
        Assert.Equal(25, reference.TotalRowCount);
        Assert.Equal(done.Result.StatementId, reference.StatementId);
        var ids = new List<string?>();
        int? page = 0;
        while (page is { } index)
        {
            var next = OutcomeAssert.Done(await sut.GetResultPageAsync(reference.StatementId, index, Ct));
            ids.AddRange(next.Result.Rows.Select(r => r[0]));
            page = next.Result.NextChunkIndex;
        }

        Assert.Equal(Enumerable.Range(0, 25).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), ids);
    }

    [Fact]
    public async Task HandleAsync_MissingTable_InvalidRejectedByDatabricks()
    {
        var sut = new SqlRequestHandler(lakehouse.Sql);

        var outcome = await sut.HandleAsync(Body("""{"statement":"SELECT * FROM main.default.no_such_table_q"}"""), "msg-sql-3", Ct);

        var invalid = Assert.IsType<HandlerOutcome<SqlRequestResult>.Invalid>(outcome);
        Assert.Equal(HandlerReasons.RejectedByDatabricks, invalid.Reason);
    }

    [Fact]
    public async Task HandleAsync_UnusedParameter_InvalidWithFieldPath()
    {
        var sut = new SqlRequestHandler(lakehouse.Sql);

        var outcome = await sut.HandleAsync(Body("""{"statement":"SELECT 1","parameters":[{"name":"unused","value":"1"}]}"""), "msg-sql-4", Ct);

        var invalid = Assert.IsType<HandlerOutcome<SqlRequestResult>.Invalid>(outcome);
        Assert.Equal(HandlerReasons.InvalidRequest, invalid.Reason);
        Assert.StartsWith("parameters", Assert.Single(invalid.Problems).Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResultPageAsync_UnknownStatement_NotDone()
    {
        var sut = new SqlRequestHandler(lakehouse.Sql);

        var outcome = await sut.GetResultPageAsync("00000000-0000-0000-0000-000000000000", 0, Ct);

        Assert.IsNotType<HandlerOutcome<SqlResultPage>.Done>(outcome);
    }

    private static ReadOnlyMemory<byte> Body(string json) => Encoding.UTF8.GetBytes(json);
}
