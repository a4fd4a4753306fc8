using DeltaFunctions.Pipelines.Validation;

namespace DeltaFunctions.Pipelines.Handlers;

/// <summary>
/// What a request handler decided, as one of three explicit types the triggers switch on:
/// <see cref="Done"/> (HTTP 200 / complete the message), <see cref="Invalid"/> (HTTP 400 problem details / dead-letter
/// with <see cref="Invalid.Reason"/> and <see cref="Invalid.Description"/>: redelivery cannot help), and
/// <see cref="Transient"/> (HTTP 503 with <c>Retry-After</c> / abandon so Service Bus redelivers).
/// </summary>
/// <typeparam name="TResult">The result of a request that was carried out.</typeparam>
public abstract record HandlerOutcome<TResult>
    where TResult : class
{
    private HandlerOutcome(string requestId) => RequestId = requestId;

    /// <summary>The message id or HTTP request id the outcome belongs to.</summary>
    public string RequestId { get; }

    /// <summary>The request was carried out.</summary>
    public sealed record Done : HandlerOutcome<TResult>
    {
        /// <summary>Creates the outcome.</summary>
        /// <param name="requestId">The message or request id.</param>
        /// <param name="result">The result.</param>
        public Done(string requestId, TResult result)
            : base(requestId) => Result = result ?? throw new ArgumentNullException(nameof(result));

        /// <summary>The result.</summary>
        public TResult Result { get; }
    }

    /// <summary>
    /// The request can never succeed as sent: it failed validation, or Databricks refused it permanently (bad SQL, a
    /// missing table, a 4xx). Nothing was applied.
    /// </summary>
    public sealed record Invalid : HandlerOutcome<TResult>
    {
        /// <summary>Creates the outcome.</summary>
        /// <param name="requestId">The message or request id.</param>
        /// <param name="reason">The dead-letter reason, one of <see cref="HandlerReasons"/>.</param>
        /// <param name="description">What was wrong, for the dead-letter description or problem-details <c>detail</c>.</param>
        /// <param name="problems">Every problem with its field path (<c>$</c> for the request as a whole).</param>
        public Invalid(string requestId, string reason, string description, IReadOnlyList<ValidationProblem> problems)
            : base(requestId)
        {
            Reason = reason;
            Description = description;
            Problems = problems;
        }

        /// <summary>The dead-letter reason, one of <see cref="HandlerReasons"/>.</summary>
        public string Reason { get; }

        /// <summary>What was wrong, at most <see cref="HandlerReasons.MaxDescriptionLength"/> characters.</summary>
        public string Description { get; }

        /// <summary>Every problem with its field path.</summary>
        public IReadOnlyList<ValidationProblem> Problems { get; }

        /// <summary>The problems grouped by path: the <c>errors</c> member of an RFC 9457 validation problem details body.</summary>
        /// <returns>Path → messages.</returns>
        public IReadOnlyDictionary<string, string[]> ToErrorDictionary() =>
            Problems.GroupBy(p => p.Path, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>
    /// The request may succeed later (throttling, an unavailable warehouse, a Delta concurrency conflict, a timeout).
    /// Nothing was applied, or what was applied is idempotent, so the whole request may be delivered again.
    /// </summary>
    public sealed record Transient : HandlerOutcome<TResult>
    {
        /// <summary>Creates the outcome.</summary>
        /// <param name="requestId">The message or request id.</param>
        /// <param name="reason">One of <see cref="HandlerReasons"/>.</param>
        /// <param name="description">What failed.</param>
        /// <param name="retryAfter">How long to wait before trying again.</param>
        public Transient(string requestId, string reason, string description, TimeSpan retryAfter)
            : base(requestId)
        {
            Reason = reason;
            Description = description;
            RetryAfter = retryAfter;
        }

        /// <summary>One of <see cref="HandlerReasons"/>.</summary>
        public string Reason { get; }

        /// <summary>What failed.</summary>
        public string Description { get; }

        /// <summary>How long to wait before trying again: the service's <c>Retry-After</c> when it sent one.</summary>
        public TimeSpan RetryAfter { get; }
    }
}
