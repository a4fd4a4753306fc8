using Microsoft.Extensions.Logging;

namespace DeltaFunctions.Databricks;

/// <summary>Log messages of authentication (event ids 1100–1199). Never a token, secret or client secret.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = LogEvents.AuthBase + 1, Level = LogLevel.Debug,
        Message = "Requesting a '{AuthType}' token")]
    public static partial void TokenRequesting(ILogger logger, string authType);

    [LoggerMessage(EventId = LogEvents.AuthBase + 2, Level = LogLevel.Information,
        Message = "Obtained a '{AuthType}' token valid until {ExpiresOn:O}; refresh from {RefreshAt:O}")]
    public static partial void TokenObtained(ILogger logger, string authType, DateTimeOffset expiresOn, DateTimeOffset refreshAt);

    [LoggerMessage(EventId = LogEvents.AuthBase + 3, Level = LogLevel.Warning,
        Message = "Refreshing the '{AuthType}' token ahead of expiry failed; the current token stays in use until {ExpiresOn:O}")]
    public static partial void BackgroundRefreshFailed(ILogger logger, string authType, DateTimeOffset expiresOn, Exception exception);

    [LoggerMessage(EventId = LogEvents.AuthBase + 4, Level = LogLevel.Error,
        Message = "Obtaining a '{AuthType}' token failed")]
    public static partial void TokenFailed(ILogger logger, string authType, Exception exception);

    [LoggerMessage(EventId = LogEvents.AuthBase + 5, Level = LogLevel.Information,
        Message = "The '{AuthType}' token was rejected; forcing a refresh")]
    public static partial void TokenRejected(ILogger logger, string authType);
}
