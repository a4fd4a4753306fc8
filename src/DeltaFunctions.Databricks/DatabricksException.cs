using System.Net;

namespace DeltaFunctions.Databricks;

/// <summary>
/// The one exception the client library throws for anything Databricks (or the way to it) refused: an HTTP error
/// answer, a transport failure after the retries, a timeout, the open circuit breaker. Branch on
/// <see cref="ErrorCode"/> and <see cref="StatusCode"/>; caller mistakes stay <see cref="ArgumentException"/>.
/// The message never contains a token or secret.
/// </summary>
public class DatabricksException : Exception
{
    /// <summary>Creates an exception with a message and the unknown error code.</summary>
    public DatabricksException()
        : this("The Databricks request failed.")
    {
    }

    /// <summary>Creates an exception with a message and the unknown error code.</summary>
    /// <param name="message">What went wrong.</param>
    public DatabricksException(string message)
        : this(message, innerException: null)
    {
    }

    /// <summary>Creates an exception with a message, a cause and the unknown error code.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public DatabricksException(string message, Exception? innerException)
        : this(message, DatabricksErrorCode.Unknown, statusCode: null, innerException: innerException)
    {
    }

    /// <summary>Creates an exception with every detail Databricks gave.</summary>
    /// <param name="message">What went wrong (the service message when there was one).</param>
    /// <param name="errorCode">The Databricks <c>error_code</c>, or the code derived from the status.</param>
    /// <param name="statusCode">The HTTP status, or null when no answer came back.</param>
    /// <param name="requestId">The Databricks request id, when known.</param>
    /// <param name="retryAfter">The delay the service asked for (Retry-After or RetryInfo), when given.</param>
    /// <param name="innerException">The cause.</param>
    public DatabricksException(
        string message,
        DatabricksErrorCode errorCode,
        HttpStatusCode? statusCode = null,
        string? requestId = null,
        TimeSpan? retryAfter = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
        StatusCode = statusCode;
        RequestId = requestId;
        RetryAfter = retryAfter;
    }

    /// <summary>
    /// The Databricks <c>error_code</c> (an open set). A missing job or run, which Databricks reports as
    /// 400 <c>INVALID_PARAMETER_VALUE</c>, reads <see cref="DatabricksErrorCode.ResourceDoesNotExist"/> here.
    /// </summary>
    public DatabricksErrorCode ErrorCode { get; }

    /// <summary>The HTTP status of the answer, or null when no answer came back (transport error, timeout).</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The Databricks request id (from the error details or response headers), when known.</summary>
    public string? RequestId { get; }

    /// <summary>The delay the service asked for before trying again, when it gave one.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The error code exactly as the service sent it, before the not-found mapping; null when none.</summary>
    public string? ServiceErrorCode { get; init; }

    /// <summary>The google.rpc details of the error body, when present (type URL and reason).</summary>
    public IReadOnlyList<DatabricksErrorDetail> Details { get; init; } = [];

    /// <summary>
    /// True when trying the same request again later may succeed: throttling (429), unavailability (502, 503, 504),
    /// transport failures, timeouts, an open circuit, and the retryable codes and messages of the official SDKs.
    /// </summary>
    public bool IsTransient { get; init; }

    /// <summary>True when the error names a missing resource (404, or any <c>*_DOES_NOT_EXIST</c> code).</summary>
    public bool IsNotFound => ErrorCode.IsNotFound || StatusCode == HttpStatusCode.NotFound;
}
