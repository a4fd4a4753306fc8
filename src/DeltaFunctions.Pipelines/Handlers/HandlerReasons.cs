using DeltaFunctions.Pipelines.Validation;

namespace DeltaFunctions.Pipelines.Handlers;

/// <summary>The reason strings of <see cref="HandlerOutcome{TResult}"/>: Service Bus dead-letter reasons and log fields.</summary>
public static class HandlerReasons
{
    /// <summary>The longest description an outcome carries (Service Bus keeps dead-letter descriptions short).</summary>
    public const int MaxDescriptionLength = 1024;

    /// <summary>The request failed validation (malformed JSON, wrong types, broken rules). Permanent.</summary>
    public const string InvalidRequest = "InvalidRequest";

    /// <summary>The rows do not fit the target table (unknown column, wrong value type, duplicate keys). Permanent.</summary>
    public const string IncompatibleRows = "IncompatibleRows";

    /// <summary>Databricks refused the request (bad SQL, missing table, other 4xx). Permanent.</summary>
    public const string RejectedByDatabricks = "RejectedByDatabricks";

    /// <summary>Databricks is throttling or unavailable, or the call timed out. Transient.</summary>
    public const string DatabricksUnavailable = "DatabricksUnavailable";

    /// <summary>A Delta optimistic-concurrency conflict outlasted the retries. Transient.</summary>
    public const string ConcurrencyConflict = "ConcurrencyConflict";

    /// <summary>An unexpected error; treated as transient so the delivery count, not the handler, gives up. Transient.</summary>
    public const string UnexpectedError = "UnexpectedError";

    /// <summary>
    /// The one-line description of validation problems used as dead-letter description and problem-details detail:
    /// the count, the first ten problems, and how many more there are, truncated to the description limit.
    /// </summary>
    internal static string Describe(IReadOnlyList<ValidationProblem> problems)
    {
        var shown = string.Join("; ", problems.Take(10).Select(p => p.ToString()));
        var more = problems.Count > 10 ? $"; and {problems.Count - 10} more" : string.Empty;
        return Truncate($"{problems.Count} problem(s): {shown}{more}");
    }

    internal static string Truncate(string text) =>
        text.Length <= MaxDescriptionLength ? text : text[..(MaxDescriptionLength - 1)] + "…";
}
