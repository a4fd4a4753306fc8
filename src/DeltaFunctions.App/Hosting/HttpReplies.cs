using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using DeltaFunctions.Pipelines;
using DeltaFunctions.Pipelines.Handlers;
using DeltaFunctions.Pipelines.Validation;

namespace DeltaFunctions.App.Hosting;

/// <summary>
/// Maps handler outcomes and rejected requests to HTTP replies: <see cref="HandlerOutcome{TResult}.Done"/> → 200 with
/// the result, <see cref="HandlerOutcome{TResult}.Invalid"/> → 400 problem details with field-level <c>errors</c>,
/// <see cref="HandlerOutcome{TResult}.Transient"/> → 503 problem details with <c>Retry-After</c>. The HTTP functions
/// write the reply as it is.
/// </summary>
internal static class HttpReplies
{
    private const string BadRequestType = "https://tools.ietf.org/html/rfc9110#section-15.5.1";
    private const string UnavailableType = "https://tools.ietf.org/html/rfc9110#section-15.6.4";

    /// <summary>The reply to a merge request.</summary>
    /// <param name="outcome">What the handler decided.</param>
    /// <returns>200 with the MERGE metrics, 400 or 503.</returns>
    public static HttpReply Merge(HandlerOutcome<MergeRequestResult> outcome) =>
        From(outcome, PipelinesJsonContext.Default.MergeRequestResult);

    /// <summary>The reply to a SQL request.</summary>
    /// <param name="outcome">What the handler decided.</param>
    /// <returns>200 with the result (inline rows or a reference to page through), 400 or 503.</returns>
    public static HttpReply Sql(HandlerOutcome<SqlRequestResult> outcome) =>
        From(outcome, PipelinesJsonContext.Default.SqlRequestResult);

    /// <summary>The reply to a request for one page of a referenced SQL result.</summary>
    /// <param name="outcome">What the handler decided.</param>
    /// <returns>200 with the page, 400 or 503.</returns>
    public static HttpReply SqlPage(HandlerOutcome<SqlResultPage> outcome) =>
        From(outcome, PipelinesJsonContext.Default.SqlResultPage);

    /// <summary>A 400 problem details reply for a request that failed validation before any handler ran.</summary>
    /// <param name="problems">Every problem found, with its field path.</param>
    /// <param name="requestId">The request id, for <c>instance</c>.</param>
    /// <returns>The reply.</returns>
    public static HttpReply BadRequest(IReadOnlyList<ValidationProblem> problems, string requestId)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var invalid = new HandlerOutcome<MergeRequestResult>.Invalid(
            requestId, HandlerReasons.InvalidRequest, HandlerReasons.Describe(problems), problems);
        return Problem(BadRequest(invalid), null);
    }

    /// <summary>Maps any handler outcome.</summary>
    /// <typeparam name="TResult">The handler's result type.</typeparam>
    /// <param name="outcome">What the handler decided.</param>
    /// <param name="resultType">How the result is written (a <see cref="PipelinesJsonContext"/> type info).</param>
    /// <returns>The reply.</returns>
    public static HttpReply From<TResult>(HandlerOutcome<TResult> outcome, JsonTypeInfo<TResult> resultType)
        where TResult : class
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(resultType);
        return outcome switch
        {
            HandlerOutcome<TResult>.Done done =>
                new HttpReply(200, HttpReply.JsonContentType, JsonSerializer.SerializeToUtf8Bytes(done.Result, resultType)),
            HandlerOutcome<TResult>.Invalid invalid => Problem(BadRequest(invalid), null),
            HandlerOutcome<TResult>.Transient transient => Unavailable(transient),
            _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome.GetType().Name, "Unknown outcome."),
        };
    }

    /// <summary>The <c>Retry-After</c> seconds for a wait: whole seconds rounded up, at least 1.</summary>
    /// <param name="retryAfter">The wait.</param>
    /// <returns>The seconds.</returns>
    public static int RetryAfterSeconds(TimeSpan retryAfter) =>
        retryAfter <= TimeSpan.Zero ? 1 : (int)Math.Min(int.MaxValue, Math.Ceiling(retryAfter.TotalSeconds));

    private static ProblemDetails BadRequest<TResult>(HandlerOutcome<TResult>.Invalid invalid)
        where TResult : class => new()
        {
            Type = BadRequestType,
            Title = invalid.Reason == HandlerReasons.InvalidRequest
                ? "The request is not valid."
                : "The request cannot be carried out as sent.",
            Status = 400,
            Detail = invalid.Description,
            Instance = invalid.RequestId,
            Reason = invalid.Reason,
            Errors = invalid.Problems.Count == 0 ? null : invalid.ToErrorDictionary(),
        };

    private static HttpReply Unavailable<TResult>(HandlerOutcome<TResult>.Transient transient)
        where TResult : class
    {
        var seconds = RetryAfterSeconds(transient.RetryAfter);
        return Problem(
            new ProblemDetails
            {
                Type = UnavailableType,
                Title = "The request could not be carried out now; try again later.",
                Status = 503,
                Detail = transient.Description,
                Instance = transient.RequestId,
                Reason = transient.Reason,
                RetryAfterSeconds = seconds,
            },
            seconds);
    }

    private static HttpReply Problem(ProblemDetails problem, int? retryAfterSeconds) =>
        new(problem.Status, HttpReply.ProblemContentType,
            JsonSerializer.SerializeToUtf8Bytes(problem, HostingJsonContext.Default.ProblemDetails), retryAfterSeconds);
}
