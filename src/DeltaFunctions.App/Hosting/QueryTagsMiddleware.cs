using DeltaFunctions.Databricks.Sql;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace DeltaFunctions.App.Hosting;

/// <summary>
/// Tags every SQL statement an invocation submits with the function's name and the invocation id (request field
/// <c>query_tags</c>), so operators can find one invocation's queries in Databricks query history and
/// <c>system.query.history</c>. Opens a <see cref="SqlQueryTagScope"/> around the invocation; the client merges it with
/// <c>Databricks:QueryTags</c> and per-call tags.
/// </summary>
internal sealed class QueryTagsMiddleware : IFunctionsWorkerMiddleware
{
    /// <summary>The tag carrying the function name, for example <c>SqlHttp</c> or <c>StartStatement</c>.</summary>
    public const string FunctionNameTag = "function_name";

    /// <summary>The tag carrying the Functions invocation id.</summary>
    public const string InvocationIdTag = "invocation_id";

    /// <inheritdoc />
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        using var scope = SqlQueryTagScope.Begin(new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [FunctionNameTag] = context.FunctionDefinition.Name,
            [InvocationIdTag] = context.InvocationId,
        });
        await next(context);
    }
}
