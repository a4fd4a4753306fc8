using DeltaFunctions.App.Hosting;
using DeltaFunctions.App.Tests.Functions;
using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.App.Tests.Hosting;

/// <summary>The invocation's function name and id reach Databricks as query tags of the statements it runs.</summary>
public sealed class QueryTagsMiddlewareTests(AppEmulator workspace) : IClassFixture<AppEmulator>
{
    [Fact]
    public async Task Invoke_StatementInsideInvocation_CarriesFunctionNameAndInvocationId()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = new QueryTagsMiddleware();
        var context = new TestFunctionContext("inv-1234", "SqlHttp");
        string? statementId = null;

        await sut.Invoke(context, async _ => statementId = (await workspace.Sql.ExecuteAsync(SqlStatement.FromText("SELECT 1"), null, ct)).StatementId);

        var submission = Assert.Single(workspace.Emulator.Host.StatementSubmissions, s => s.StatementId == statementId);
        Assert.Equal(
            [new("function_name", "SqlHttp"), new KeyValuePair<string, string?>("invocation_id", "inv-1234")],
            submission.QueryTags);
    }

    [Fact]
    public async Task Invoke_FunctionThrows_TagsVisibleInsideAndErrorPropagates()
    {
        var sut = new QueryTagsMiddleware();

        await Assert.ThrowsAsync<InvalidOperationException>(() => sut.Invoke(
            new TestFunctionContext("inv-9", "MergeHttp"),
            _ =>
            {
                Assert.Equal("MergeHttp", SqlQueryTagScope.Current!["function_name"]);
                throw new InvalidOperationException("boom");
            }));
    }
}
