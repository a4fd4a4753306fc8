using Microsoft.Extensions.Logging;

namespace DeltaFunctions.Databricks;

/// <summary>Log messages of the HTTP pipeline (event ids 1200–1299).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = LogEvents.HttpBase + 1, Level = LogLevel.Debug,
        Message = "{Method} {Path} answered {StatusCode} in {ElapsedMs} ms")]
    public static partial void RequestCompleted(ILogger logger, string method, string path, int statusCode, double elapsedMs);

    [LoggerMessage(EventId = LogEvents.HttpBase + 2, Level = LogLevel.Warning,
        Message = "{Operation} failed on attempt {Attempt} ({ErrorType}); retrying in {DelayMs} ms")]
    public static partial void RetryScheduled(ILogger logger, string operation, int attempt, string errorType, double delayMs);

    [LoggerMessage(EventId = LogEvents.HttpBase + 3, Level = LogLevel.Warning,
        Message = "{Method} {Path} failed with {StatusCode} {ErrorCode} (request id {RequestId}): {Message}")]
    public static partial void RequestFailed(ILogger logger, string method, string path, int statusCode, string errorCode, string? requestId, string message);

    [LoggerMessage(EventId = LogEvents.HttpBase + 4, Level = LogLevel.Warning,
        Message = "{Operation} was not retried: the request is not idempotent and the failure ({ErrorType}) does not prove it was not processed")]
    public static partial void UnsafeRetrySkipped(ILogger logger, string operation, string errorType);

    [LoggerMessage(EventId = LogEvents.HttpBase + 5, Level = LogLevel.Error,
        Message = "Databricks circuit breaker opened for {BreakDurationMs} ms after repeated failures")]
    public static partial void CircuitOpened(ILogger logger, double breakDurationMs);

    [LoggerMessage(EventId = LogEvents.HttpBase + 6, Level = LogLevel.Information,
        Message = "Databricks circuit breaker is half-open: the next request is a trial")]
    public static partial void CircuitHalfOpened(ILogger logger);

    [LoggerMessage(EventId = LogEvents.HttpBase + 7, Level = LogLevel.Information,
        Message = "Databricks circuit breaker closed")]
    public static partial void CircuitClosed(ILogger logger);

    [LoggerMessage(EventId = LogEvents.HttpBase + 8, Level = LogLevel.Debug,
        Message = "Request waits for the client-side rate limiter ({RateLimit} requests/s)")]
    public static partial void RateLimiterWait(ILogger logger, int rateLimit);

    [LoggerMessage(EventId = LogEvents.HttpBase + 9, Level = LogLevel.Warning,
        Message = "{Method} {Path} answered 401; the '{AuthType}' token was refreshed, sending once more")]
    public static partial void UnauthorizedRefreshing(ILogger logger, string method, string path, string authType);

    [LoggerMessage(EventId = LogEvents.HttpBase + 10, Level = LogLevel.Warning,
        Message = "{Method} {Path} failed without an answer: {ErrorType}")]
    public static partial void TransportFailed(ILogger logger, string method, string path, string errorType);

    [LoggerMessage(EventId = LogEvents.HttpBase + 11, Level = LogLevel.Warning,
        Message = "Not retrying {Operation} after {ErrorType}: the next attempt ({DelayMs} ms away) would end after the {BudgetSeconds} s budget")]
    public static partial void RetryBudgetExhausted(ILogger logger, string operation, string errorType, double delayMs, int budgetSeconds);

    [LoggerMessage(EventId = LogEvents.HttpBase + 12, Level = LogLevel.Warning,
        Message = "GET {Path} handed out a page token it had handed out before; the listing ends there instead of asking for the same page again")]
    public static partial void PageTokenRepeated(ILogger logger, string path);
}
