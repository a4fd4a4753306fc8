using Microsoft.Extensions.Logging;

namespace DeltaFunctions.Databricks;

/// <summary>
/// Every log message of the library, as <see cref="LoggerMessageAttribute"/> methods. One partial file per API
/// (<c>Log.&lt;Api&gt;.cs</c>) with event ids from its <see cref="LogEvents"/> block. Messages never carry a token
/// or secret: only hosts, paths, auth method names, status codes and error codes.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = LogEvents.ConfigurationBase + 1, Level = LogLevel.Information,
        Message = "Databricks client for {Host} uses authentication '{AuthType}'")]
    public static partial void ClientCreated(ILogger logger, string host, string authType);
}
