using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace DeltaFunctions.Databricks.Http;

/// <summary>
/// Decides which failures are transient and which may be retried for a given <see cref="RequestSafety"/>, from
/// the official SDKs' rules (reference §1.5 and §7): 429 and 503 always; 502 and 504, transport errors, timeouts,
/// <c>REQUEST_LIMIT_EXCEEDED</c>/<c>TEMPORARILY_UNAVAILABLE</c> codes and the SDKs' retryable messages for
/// requests that are safe to repeat. HTTP 500 is never retried.
/// </summary>
internal static partial class RetryClassifier
{
    /// <summary>Whether an HTTP error answer is transient (worth trying again later).</summary>
    /// <param name="status">The status.</param>
    /// <param name="errorCode">The parsed error code.</param>
    /// <param name="message">The parsed message.</param>
    /// <returns>True when transient.</returns>
    public static bool IsTransient(HttpStatusCode status, DatabricksErrorCode errorCode, string message) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout
        || errorCode == DatabricksErrorCode.RequestLimitExceeded
        || errorCode == DatabricksErrorCode.TemporarilyUnavailable
        || RetryableMessage().IsMatch(message);

    /// <summary>
    /// Whether a failed attempt may be sent again. For <see cref="RequestSafety.NotIdempotent"/> only failures that
    /// prove the request was not processed qualify: 429 and 503 (the Go, Python and Java SDKs all treat both as
    /// "rejected before processing" and retry POSTs on them), and a connection that was never established.
    /// </summary>
    /// <param name="exception">The failure of the attempt.</param>
    /// <param name="safety">The request's safety.</param>
    /// <returns>True when another attempt may be made.</returns>
    public static bool ShouldRetry(Exception exception, RequestSafety safety)
    {
        var safe = safety != RequestSafety.NotIdempotent;
        return exception switch
        {
            DatabricksException { StatusCode: HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable } => true,
            DatabricksException { StatusCode: HttpStatusCode.InternalServerError } => false,
            DatabricksException { StatusCode: not null, IsTransient: true } => safe,
            HttpRequestException http => safe || ProvesNotSent(http),
            TimeoutRejectedException => safe,
            IOException => safe,
            _ => false,
        };
    }

    /// <summary>Whether a failure counts against the circuit breaker (server-side trouble, not caller mistakes).</summary>
    /// <param name="exception">The failure.</param>
    /// <returns>True when it counts.</returns>
    public static bool CountsAsFailure(Exception exception) => exception switch
    {
        DatabricksException { StatusCode: { } status } => (int)status >= 500 || status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout,
        HttpRequestException or TimeoutRejectedException or IOException => true,
        _ => false,
    };

    /// <summary>A short name of the failure for logs and the <c>error_type</c> tag.</summary>
    /// <param name="exception">The failure.</param>
    /// <returns>The name.</returns>
    public static string ErrorType(Exception exception) => exception switch
    {
        DatabricksException databricks => databricks.ErrorCode.Value,
        BrokenCircuitException => DatabricksErrorCode.CircuitOpen.Value,
        TimeoutRejectedException => DatabricksErrorCode.DeadlineExceeded.Value,
        HttpRequestException or IOException => DatabricksErrorCode.IoError.Value,
        _ => exception.GetType().Name,
    };

    /// <summary>True when the connection was never made (refused, unreachable, unknown host): nothing was sent.</summary>
    /// <param name="exception">The transport failure.</param>
    /// <returns>True when the request certainly did not reach the server.</returns>
    public static bool ProvesNotSent(HttpRequestException exception) =>
        exception.HttpRequestError == HttpRequestError.NameResolutionError
        || (exception.HttpRequestError == HttpRequestError.ConnectionError
            && exception.InnerException is SocketException
            {
                SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable
                    or SocketError.HostNotFound or SocketError.AddressNotAvailable,
            });

    [GeneratedRegex(
        "UnknownWorkerEnvironmentException|does not have any associated worker environments|There is no worker environment with id|" +
        "Unknown worker environment|ClusterNotReadyException|worker env .* not found|Timed out after |deadline exceeded|" +
        "Please try again later or try a faster operation\\.|RPC token bucket limit has been exceeded|REQUEST_LIMIT_EXCEEDED",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex RetryableMessage();
}
