using Microsoft.Extensions.Logging;

namespace DeltaFunctions.Databricks;

/// <summary>Log messages of Delta operations (event ids 1500–1599).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = LogEvents.DeltaBase + 1, Level = LogLevel.Warning,
        Message = "Delta {Operation} lost a concurrency conflict ({ErrorClass}); running it again (retry {Retry}) in {DelayMs} ms")]
    public static partial void DeltaConflictRetry(ILogger logger, string operation, string errorClass, int retry, double delayMs);

    [LoggerMessage(EventId = LogEvents.DeltaBase + 2, Level = LogLevel.Debug,
        Message = "Staged {RowCount} rows ({Bytes} bytes) to a volume for read_files")]
    public static partial void DeltaStaged(ILogger logger, int rowCount, int bytes);

    [LoggerMessage(EventId = LogEvents.DeltaBase + 3, Level = LogLevel.Warning,
        Message = "Deleting a staged batch file failed ({ErrorType}); it is left in the staging folder")]
    public static partial void DeltaStagingCleanupFailed(ILogger logger, string errorType);

    [LoggerMessage(EventId = LogEvents.DeltaBase + 4, Level = LogLevel.Warning,
        Message = "Delta {Operation} sends {RowCount} rows (about {EstimatedBytes} bytes of JSON) inside the statement, over the 16 MiB statement limit; set a staging volume (DeltaClientOptions.StagingVolumePath) so large batches go through the Files API")]
    public static partial void DeltaLargeBatchNotStaged(ILogger logger, string operation, int rowCount, long estimatedBytes);

    [LoggerMessage(EventId = LogEvents.SchemaBase + 1, Level = LogLevel.Information,
        Message = "Evolving the schema of {Table}: {AddCount} column(s) to add, {WidenCount} type(s) to widen")]
    public static partial void SchemaEvolving(ILogger logger, string table, int addCount, int widenCount);
}
