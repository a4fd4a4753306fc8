using Microsoft.Extensions.Logging;

namespace DeltaFunctions.Databricks;

/// <summary>Log messages of the SQL result-shape fallback (event ids SqlBase + 40…).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = LogEvents.SqlBase + 40, Level = LogLevel.Information,
        Message = "Warehouse {WarehouseId} refused result shape {Refused} ({ErrorCode}); trying {Next}")]
    public static partial void ResultShapeRefused(ILogger logger, string warehouseId, string refused, string errorCode, string next);

    [LoggerMessage(EventId = LogEvents.SqlBase + 41, Level = LogLevel.Warning,
        Message = "Warehouse {WarehouseId} refused every result shape it was asked for; asking again from the first")]
    public static partial void ResultShapesForgotten(ILogger logger, string warehouseId);
}
