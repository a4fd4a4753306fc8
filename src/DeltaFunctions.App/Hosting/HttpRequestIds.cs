using DeltaFunctions.Pipelines.Validation;

namespace DeltaFunctions.App.Hosting;

/// <summary>
/// The request id of an HTTP call: the caller's <c>Idempotency-Key</c> header when it sends one, else the function
/// invocation id. A merge append without <c>batchId</c> records the request id as its batch id, so a client that
/// retries with the same key never appends twice.
/// </summary>
internal static class HttpRequestIds
{
    /// <summary>The header a client sets to make retries of the same request idempotent.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>The longest key accepted (the batch id limit).</summary>
    public const int MaxKeyLength = 128;

    /// <summary>Chooses the request id.</summary>
    /// <param name="idempotencyKey">The <c>Idempotency-Key</c> header value, or null when absent.</param>
    /// <param name="invocationId">The function invocation id.</param>
    /// <param name="problem">Set when the header is present but unusable (→ 400).</param>
    /// <returns>The request id, or null when <paramref name="problem"/> is set.</returns>
    public static string? Choose(string? idempotencyKey, string invocationId, out ValidationProblem? problem)
    {
        ArgumentException.ThrowIfNullOrEmpty(invocationId);
        problem = null;
        if (idempotencyKey is null)
        {
            return invocationId;
        }

        var problems = new ProblemCollector();
        if (ValidationRules.Token(problems, "headers." + IdempotencyKeyHeader, idempotencyKey, MaxKeyLength, "-_.:"))
        {
            return idempotencyKey;
        }

        problem = problems.ToResult().Problems[0];
        return null;
    }
}
