using Microsoft.Extensions.Logging;

namespace DeltaFunctions.Databricks;

/// <summary>Log messages of dry runs (event ids 2000–2099).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = LogEvents.SimulationBase + 1, Level = LogLevel.Information,
        Message = "Dry run: {Method} {Path} was not sent")]
    public static partial void DryRunNotSent(ILogger logger, string method, string path);
}
