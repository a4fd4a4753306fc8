using System.Text;
using DeltaFunctions.Databricks;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Pipelines.Handlers;
using DeltaFunctions.Pipelines.Tests.Validation;
using Moq;

namespace DeltaFunctions.Pipelines.Tests.Handlers;

/// <summary>Generated malformed merge and SQL requests through the handlers: every one Invalid, none reaches Databricks.</summary>
public sealed class MalformedRequestHandlerTests
{
    private const int Cases = 1000;

    [Fact]
    public async Task HandleAsync_1000GeneratedMalformedRequests_AllInvalidWithoutDatabricksCalls()
    {
        var ct = TestContext.Current.CancellationToken;
        var sql = new Mock<SqlClient>(MockBehavior.Strict);
        var databricks = new Mock<DatabricksClient>(MockBehavior.Strict);
        var merge = new MergeRequestHandler(databricks.Object);
        var statements = new SqlRequestHandler(sql.Object);
        var handled = 0;

        for (var seed = 0; handled < Cases; seed++)
        {
            var malformed = MalformedRequestGenerator.Create(seed);
            if (malformed.Kind is not (RequestKind.Merge or RequestKind.Sql))
            {
                continue;
            }

            var body = Encoding.UTF8.GetBytes(malformed.Json);
            var (reason, problems) = malformed.Kind == RequestKind.Merge
                ? Invalid(await merge.HandleAsync(body, "m-" + seed, ct))
                : Invalid(await statements.HandleAsync(body, "s-" + seed, ct));
            handled++;

            Assert.Equal(HandlerReasons.InvalidRequest, reason);
            Assert.All(malformed.ExpectedPaths, expected => Assert.Contains(problems, p => MalformedRequestGenerator.IsAtOrBelow(p, expected)));
        }

        sql.VerifyNoOtherCalls();
        databricks.VerifyNoOtherCalls();
    }

    private static (string Reason, IReadOnlyList<string> Paths) Invalid<T>(HandlerOutcome<T> outcome)
        where T : class
    {
        var invalid = Assert.IsType<HandlerOutcome<T>.Invalid>(outcome);
        Assert.False(string.IsNullOrWhiteSpace(invalid.Description));
        Assert.True(invalid.Description.Length <= HandlerReasons.MaxDescriptionLength);
        return (invalid.Reason, [.. invalid.Problems.Select(p => p.Path)]);
    }
}
