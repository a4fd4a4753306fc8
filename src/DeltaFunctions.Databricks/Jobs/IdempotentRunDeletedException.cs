using System.Net;

namespace DeltaFunctions.Databricks.Jobs;

/// <summary>
/// Thrown by <see cref="JobsClient.SubmitRunAsync"/> and <see cref="JobsClient.RunNowAsync"/> when the
/// <c>idempotency_token</c> belongs to a run that was deleted: Databricks keeps the token reserved and answers with an
/// error instead of starting another run (Jobs API: "If a run with the provided token is deleted, an error is
/// returned"). Resending the same token can never succeed; a new run needs a new token.
/// </summary>
public sealed class IdempotentRunDeletedException : DatabricksException
{
    /// <summary>Creates the exception.</summary>
    public IdempotentRunDeletedException()
        : base("The run of this idempotency token was deleted.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public IdempotentRunDeletedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public IdempotentRunDeletedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception from Databricks' answer.</summary>
    /// <param name="idempotencyToken">The token that was sent.</param>
    /// <param name="answer">Databricks' error.</param>
    public IdempotentRunDeletedException(string idempotencyToken, DatabricksException answer)
        : base(
            $"The run started with idempotency token '{idempotencyToken}' was deleted, and Databricks keeps the token reserved: "
            + "sending it again can never start a run. Use a new token to start a new run.",
            answer?.ErrorCode ?? DatabricksErrorCode.InvalidParameterValue,
            answer?.StatusCode ?? HttpStatusCode.BadRequest,
            answer?.RequestId,
            innerException: answer)
    {
        IdempotencyToken = idempotencyToken;
    }

    /// <summary>The token whose run was deleted.</summary>
    public string? IdempotencyToken { get; }

    /// <summary>
    /// Whether an error answers a submit or run-now whose token's run was deleted. Databricks does not publish the
    /// exact text; it is a 400 whose message names the idempotency token and says the run was deleted.
    /// </summary>
    /// <param name="error">The error.</param>
    /// <returns>True when it is that error.</returns>
    internal static bool Matches(DatabricksException error) =>
        error.StatusCode == HttpStatusCode.BadRequest
        && error.Message.Contains("idempotency", StringComparison.OrdinalIgnoreCase)
        && error.Message.Contains("deleted", StringComparison.OrdinalIgnoreCase);
}
