using System.Text.Json;
using DeltaFunctions.App.Hosting;
using DeltaFunctions.Pipelines.Handlers;

namespace DeltaFunctions.App.Tests.Hosting;

public sealed class SqlRepliesTests
{
    [Fact]
    public void Create_RequestNamesReplyTo_ThatQueueWinsOverTheMessageProperty()
    {
        var result = Result("sql-replies-a");

        var reply = SqlReplies.Create(result, "msg-1", "sql-replies-b");

        Assert.NotNull(reply);
        Assert.Equal("sql-replies-a", reply.QueueName);
        Assert.Equal("msg-1", reply.CorrelationId);
        Assert.Equal(SqlReplies.ResultSubject, reply.Subject);
        Assert.Equal("application/json", reply.ContentType);
        using var body = JsonDocument.Parse(reply.Body);
        Assert.Equal("stmt-1", body.RootElement.GetProperty("statementId").GetString());
        Assert.Equal("msg-1", body.RootElement.GetProperty("correlationId").GetString());
    }

    [Fact]
    public void Create_OnlyTheMessageReplyTo_ThatQueue()
    {
        var reply = SqlReplies.Create(Result(null), "msg-2", "sql-replies-b");

        Assert.Equal("sql-replies-b", reply?.QueueName);
    }

    [Fact]
    public void Create_NoReplyQueue_Null()
    {
        var reply = SqlReplies.Create(Result(null), "msg-3", " ");

        Assert.Null(reply);
    }

    [Fact]
    public void Create_LargeResult_ReferenceInTheBodyNotRows()
    {
        var result = Result("q") with
        {
            Rows = null,
            Reference = new SqlResultReference { StatementId = "stmt-1", TotalRowCount = 1_000_000, TotalChunkCount = 40 },
        };

        var reply = SqlReplies.Create(result, "msg-4", null);

        using var body = JsonDocument.Parse(reply!.Body);
        Assert.False(body.RootElement.TryGetProperty("rows", out _));
        Assert.Equal(40, body.RootElement.GetProperty("reference").GetProperty("totalChunkCount").GetInt32());
    }

    private static SqlRequestResult Result(string? replyTo) => new()
    {
        StatementId = "stmt-1",
        CorrelationId = "msg-1",
        ReplyTo = replyTo,
        Columns = [new SqlResultColumn("n", "BIGINT")],
        TotalRowCount = 1,
        Rows = [["1"]],
    };
}
