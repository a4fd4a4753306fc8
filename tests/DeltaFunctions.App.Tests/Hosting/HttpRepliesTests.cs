using System.Text.Json;
using DeltaFunctions.App.Hosting;
using DeltaFunctions.Pipelines.Handlers;
using DeltaFunctions.Pipelines.Merge;
using DeltaFunctions.Pipelines.Validation;

namespace DeltaFunctions.App.Tests.Hosting;

public sealed class HttpRepliesTests
{
    [Fact]
    public void Merge_Done_200WithCamelCaseMetrics()
    {
        var outcome = new HandlerOutcome<MergeRequestResult>.Done("r-1", new MergeRequestResult
        {
            TargetTable = "main.sales.orders",
            Mode = MergeMode.Append,
            BatchId = "b-1",
            RowsInserted = 3,
            RowsAffected = 3,
        });

        var reply = HttpReplies.Merge(outcome);

        Assert.Equal(200, reply.StatusCode);
        Assert.Equal(HttpReply.JsonContentType, reply.ContentType);
        Assert.Null(reply.RetryAfterHeader);
        using var body = JsonDocument.Parse(reply.Body);
        Assert.Equal("main.sales.orders", body.RootElement.GetProperty("targetTable").GetString());
        Assert.Equal("Append", body.RootElement.GetProperty("mode").GetString());
        Assert.Equal(3, body.RootElement.GetProperty("rowsInserted").GetInt64());
        Assert.False(body.RootElement.GetProperty("alreadyApplied").GetBoolean());
    }

    [Fact]
    public void Merge_Invalid_400ProblemDetailsWithFieldErrors()
    {
        var problems = new[]
        {
            new ValidationProblem("rows[3].id", ValidationCodes.WrongType, "must be a number"),
            new ValidationProblem("rows[3].id", ValidationCodes.Required, "must not be null"),
            new ValidationProblem("keys", ValidationCodes.Required, "an upsert needs keys"),
        };
        var outcome = new HandlerOutcome<MergeRequestResult>.Invalid("r-2", HandlerReasons.InvalidRequest, "3 problem(s)", problems);

        var reply = HttpReplies.Merge(outcome);

        Assert.Equal(400, reply.StatusCode);
        Assert.Equal(HttpReply.ProblemContentType, reply.ContentType);
        Assert.Null(reply.RetryAfterSeconds);
        var problem = Problem(reply);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.5.1", problem.GetProperty("type").GetString());
        Assert.Equal("r-2", problem.GetProperty("instance").GetString());
        Assert.Equal(HandlerReasons.InvalidRequest, problem.GetProperty("reason").GetString());
        Assert.Equal("3 problem(s)", problem.GetProperty("detail").GetString());
        var errors = problem.GetProperty("errors");
        Assert.Equal(["must be a number", "must not be null"], errors.GetProperty("rows[3].id").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("an upsert needs keys", errors.GetProperty("keys")[0].GetString());
        Assert.False(problem.TryGetProperty("retryAfterSeconds", out _));
    }

    [Fact]
    public void Sql_RejectedByDatabricksWithoutProblems_400WithoutErrors()
    {
        var outcome = new HandlerOutcome<SqlRequestResult>.Invalid("r-3", HandlerReasons.RejectedByDatabricks, "TABLE_OR_VIEW_NOT_FOUND", []);

        var reply = HttpReplies.Sql(outcome);

        Assert.Equal(400, reply.StatusCode);
        var problem = Problem(reply);
        Assert.Equal(HandlerReasons.RejectedByDatabricks, problem.GetProperty("reason").GetString());
        Assert.Equal("The request cannot be carried out as sent.", problem.GetProperty("title").GetString());
        Assert.False(problem.TryGetProperty("errors", out _));
    }

    [Theory]
    [InlineData(7.0, 7)]
    [InlineData(0.2, 1)]
    [InlineData(30.5, 31)]
    [InlineData(0.0, 1)]
    public void Sql_Transient_503WithRetryAfterRoundedUp(double seconds, int expected)
    {
        var outcome = new HandlerOutcome<SqlRequestResult>.Transient("r-4", HandlerReasons.DatabricksUnavailable, "warehouse starting", TimeSpan.FromSeconds(seconds));

        var reply = HttpReplies.Sql(outcome);

        Assert.Equal(503, reply.StatusCode);
        Assert.Equal(expected, reply.RetryAfterSeconds);
        Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), reply.RetryAfterHeader);
        var problem = Problem(reply);
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.Equal(expected, problem.GetProperty("retryAfterSeconds").GetInt32());
        Assert.Equal(HandlerReasons.DatabricksUnavailable, problem.GetProperty("reason").GetString());
    }

    [Fact]
    public void SqlPage_Done_200WithRowsAndNextChunk()
    {
        var outcome = new HandlerOutcome<SqlResultPage>.Done("s-1", new SqlResultPage
        {
            StatementId = "s-1",
            ChunkIndex = 1,
            RowOffset = 100,
            Rows = [["1", null]],
            NextChunkIndex = 2,
        });

        var reply = HttpReplies.SqlPage(outcome);

        Assert.Equal(200, reply.StatusCode);
        using var body = JsonDocument.Parse(reply.Body);
        Assert.Equal(2, body.RootElement.GetProperty("nextChunkIndex").GetInt32());
        Assert.Equal(JsonValueKind.Null, body.RootElement.GetProperty("rows")[0][1].ValueKind);
    }

    [Fact]
    public void BadRequest_ParserProblems_400WithEveryProblem()
    {
        var parsed = PipelineRequestParser.ParseJobRunRequest("""{"jobs":[],"timeoutSeconds":0}""");

        var reply = HttpReplies.BadRequest(parsed.Validation.Problems, "inv-1");

        Assert.Equal(400, reply.StatusCode);
        var errors = Problem(reply).GetProperty("errors");
        Assert.Equal(parsed.Validation.Problems.Select(p => p.Path).Distinct().Order(), errors.EnumerateObject().Select(p => p.Name).Order());
        Assert.True(parsed.Validation.Problems.Count >= 2);
    }

    private static JsonElement Problem(HttpReply reply)
    {
        using var document = JsonDocument.Parse(reply.Body);
        return document.RootElement.Clone();
    }
}
