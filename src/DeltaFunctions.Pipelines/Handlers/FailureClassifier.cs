using System.Net;
using DeltaFunctions.Databricks;
using DeltaFunctions.Databricks.Delta;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Pipelines.Validation;

namespace DeltaFunctions.Pipelines.Handlers;

/// <summary>
/// Turns a failure of a Databricks call into an outcome: transient (retry later) or invalid (permanent). Cancellation
/// of the caller's token is never classified; the handlers let it propagate.
/// </summary>
/// <remarks>
/// Transient: <see cref="DatabricksException.IsTransient"/> (429, 502–504, transport failures, timeouts, the open
/// circuit), any 5xx, a Delta concurrency conflict, and statements that FAILED with one of the Statement Execution
/// API's retryable codes (reference §4.2). 401 and 403 are also transient: a rejected credential is the app's
/// configuration problem, not the message's, and dead-lettering every message until someone fixes it would lose
/// the queue's order of work. Everything else Databricks refuses (other 4xx, a statement that FAILED on its SQL or
/// a missing table) is permanent.
/// </remarks>
internal static class FailureClassifier
{
    private static readonly HashSet<string> RetryableStatementCodes = new(StringComparer.Ordinal)
    {
        "ABORTED", "DEADLINE_EXCEEDED", "INTERNAL_ERROR", "IO_ERROR", "RESOURCE_EXHAUSTED", "SERVICE_UNDER_MAINTENANCE",
        "TEMPORARILY_UNAVAILABLE", "WORKSPACE_TEMPORARILY_UNAVAILABLE", "UNAVAILABLE",
    };

    public static HandlerOutcome<TResult> Classify<TResult>(string requestId, Exception error, RequestHandlerOptions options)
        where TResult : class
    {
        switch (error)
        {
            case DuplicateSourceKeysException duplicates:
                var keys = string.Join("; ", duplicates.Keys.Take(5).Select(k => k.ToString()));
                return new HandlerOutcome<TResult>.Invalid(
                    requestId,
                    HandlerReasons.IncompatibleRows,
                    HandlerReasons.Truncate("several rows share a key, so the merge would be ambiguous: " + keys),
                    [new ValidationProblem("rows", ValidationCodes.Conflict, "several rows share a key: " + keys)]);
            case SqlStatementException { IsConcurrencyConflict: true } conflict:
                return new HandlerOutcome<TResult>.Transient(
                    requestId, HandlerReasons.ConcurrencyConflict, HandlerReasons.Truncate(conflict.Message), options.ConflictRetryAfter);
            case SqlStatementException statement when IsRetryable(statement):
                return new HandlerOutcome<TResult>.Transient(
                    requestId, HandlerReasons.DatabricksUnavailable, HandlerReasons.Truncate(statement.Message), statement.RetryAfter ?? options.DefaultRetryAfter);
            case SqlStatementException statement:
                return Rejected<TResult>(requestId, statement.Message);
            case DatabricksException databricks when IsTransient(databricks):
                return new HandlerOutcome<TResult>.Transient(
                    requestId, HandlerReasons.DatabricksUnavailable, HandlerReasons.Truncate(Describe(databricks)), databricks.RetryAfter ?? options.DefaultRetryAfter);
            case DatabricksException databricks:
                return Rejected<TResult>(requestId, Describe(databricks));
            case TimeoutException or HttpRequestException or OperationCanceledException:
                return new HandlerOutcome<TResult>.Transient(
                    requestId, HandlerReasons.DatabricksUnavailable, HandlerReasons.Truncate(error.GetType().Name + ": " + error.Message), options.DefaultRetryAfter);
            default:
                return new HandlerOutcome<TResult>.Transient(
                    requestId, HandlerReasons.UnexpectedError, HandlerReasons.Truncate(error.GetType().Name + ": " + error.Message), options.DefaultRetryAfter);
        }
    }

    private static HandlerOutcome<TResult> Rejected<TResult>(string requestId, string message)
        where TResult : class =>
        new HandlerOutcome<TResult>.Invalid(
            requestId,
            HandlerReasons.RejectedByDatabricks,
            HandlerReasons.Truncate(message),
            [new ValidationProblem(ProblemCollector.Root, ValidationCodes.InvalidValue, HandlerReasons.Truncate(message))]);

    private static bool IsRetryable(SqlStatementException statement) =>
        statement.IsTransient
        || statement.State == StatementState.Canceled
        || RetryableStatementCodes.Contains(statement.ErrorCode.Value ?? string.Empty);

    private static bool IsTransient(DatabricksException e) =>
        e.IsTransient
        || e.StatusCode is null
        || e.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.RequestTimeout
        || (int)e.StatusCode.Value >= 500;

    private static string Describe(DatabricksException e) =>
        e.StatusCode is { } status
            ? $"Databricks answered {(int)status} {e.ErrorCode.Value}: {e.Message}"
            : $"Databricks call failed ({e.ErrorCode.Value}): {e.Message}";
}
