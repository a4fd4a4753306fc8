using System.Net;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// A statement's result was read after Databricks dropped it: results are kept
/// <see cref="StatementLifetimes.ResultRetention"/> (1 hour) after success, polling does not extend that, and a
/// finished statement is gone (404) after <see cref="StatementLifetimes.StatementRetention"/> (12 hours). Run the
/// statement again to read its result.
/// </summary>
public sealed class StatementResultExpiredException : DatabricksException
{
    /// <summary>Creates the exception.</summary>
    public StatementResultExpiredException()
        : base("The statement's result has expired.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public StatementResultExpiredException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public StatementResultExpiredException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception from Databricks' answer to a result read.</summary>
    /// <param name="statementId">The statement.</param>
    /// <param name="answer">Databricks' error.</param>
    public StatementResultExpiredException(string statementId, DatabricksException answer)
        : base(
            $"The result of statement {statementId} is no longer available: Databricks keeps a result for 1 hour after the "
            + "statement succeeded (polling does not extend it) and forgets the statement 12 hours after it finished. "
            + "Run the statement again to read its result.",
            answer?.ErrorCode ?? DatabricksErrorCode.Unknown,
            answer?.StatusCode,
            answer?.RequestId,
            innerException: answer)
    {
        StatementId = statementId;
    }

    /// <summary>The statement whose result expired.</summary>
    public string? StatementId { get; }

    /// <summary>
    /// Whether the answer to a chunk read says the result is gone: 404 (the statement was forgotten), or a refusal
    /// naming the CLOSED state (the result was dropped). The exact body for a closed statement is not documented.
    /// </summary>
    /// <param name="error">The error.</param>
    /// <returns>True when the result expired.</returns>
    internal static bool Matches(DatabricksException error) =>
        error.StatusCode == HttpStatusCode.NotFound
        || (error.StatusCode == HttpStatusCode.BadRequest && error.Message.Contains("CLOSED", StringComparison.Ordinal));
}
