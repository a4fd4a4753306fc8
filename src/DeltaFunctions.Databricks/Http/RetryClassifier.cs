using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace DeltaFunctions.Databricks.Http;

/// <summary>
/// Decides which failures are transient and which may be retried for a given <see cref="RequestSafety"/>: the
/// cross-driver retry contract of Databricks' SQL drivers (see <see cref="ShouldRetry"/>) plus the official SDKs'
/// retryable messages (reference §1.5 and §7) for requests that are safe to repeat.
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
    /// Whether a failed attempt may be sent again, by Databricks' cross-driver retry contract (databricks-jdbc's
    /// <c>IdempotentRetryStrategy</c>/<c>NonIdempotentRetryStrategy</c>; README "Retry contract").
    /// <list type="bullet">
    /// <item><see cref="RequestSafety.NotIdempotent"/>: only failures that prove the request was not processed — 429,
    /// 503 that carries a <c>Retry-After</c> (or a google.rpc <c>RetryInfo</c> delay), and a connection that was never
    /// established. Never after a timeout, a dropped connection or a partially sent request: the server may have run it.</item>
    /// <item><see cref="RequestSafety.Idempotent"/> and <see cref="RequestSafety.IdempotencyToken"/>: every HTTP error
    /// except the client errors 400–416 (408 Request Timeout is retried), plus the 400s the official SDKs know to be
    /// transient (<c>ClusterNotReadyException</c>, worker-environment messages, <c>REQUEST_LIMIT_EXCEEDED</c>), every
    /// network error and attempt timeout.</item>
    /// </list>
    /// </summary>
    /// <param name="exception">The failure of the attempt.</param>
    /// <param name="safety">The request's safety.</param>
    /// <returns>True when another attempt may be made.</returns>
    public static bool ShouldRetry(Exception exception, RequestSafety safety) => safety == RequestSafety.NotIdempotent
        ? exception switch
        {
            DatabricksException { StatusCode: HttpStatusCode.TooManyRequests } => true,
            DatabricksException { StatusCode: HttpStatusCode.ServiceUnavailable, RetryAfter: not null } => true,
            HttpRequestException http => ProvesNotSent(http),
            _ => false,
        }
        : exception switch
        {
            DatabricksException { StatusCode: { } status } databricks => IsRetryableStatus(status) || databricks.IsTransient,
            HttpRequestException or TimeoutRejectedException or IOException => true,
            _ => false,
        };

    /// <summary>
    /// Whether an HTTP error status may be retried for a request that is safe to repeat: everything but the client
    /// errors 400–416, of which 408 (Request Timeout) is retried.
    /// </summary>
    /// <param name="status">The status.</param>
    /// <returns>True when retryable.</returns>
    public static bool IsRetryableStatus(HttpStatusCode status) =>
        (int)status is < 400 or > 416 || status == HttpStatusCode.RequestTimeout;

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
