using Microsoft.Extensions.Logging;

namespace DeltaFunctions.App;

/// <summary>The App's own log messages (the work itself logs through Pipelines).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 7501, Level = LogLevel.Information, Message = "Job run request {RequestId} already has orchestration {InstanceId} ({Status}); not started again")]
    public static partial void JobRunAlreadyStarted(ILogger logger, string requestId, string instanceId, string status);

    [LoggerMessage(EventId = 7502, Level = LogLevel.Information, Message = "Job run orchestration {InstanceId} started")]
    public static partial void JobRunStarted(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 7503, Level = LogLevel.Warning, Message = "Message {MessageId} settled {Action}: {Reason} {Description}")]
    public static partial void MessageNotCompleted(ILogger logger, string messageId, string action, string? reason, string? description);

    [LoggerMessage(EventId = 7504, Level = LogLevel.Information, Message = "SQL result for {MessageId} sent to {Queue}")]
    public static partial void SqlReplySent(ILogger logger, string messageId, string queue);

    [LoggerMessage(EventId = 7505, Level = LogLevel.Warning, Message = "SQL request {MessageId} named no reply queue (replyTo or the message's ReplyTo); the result was not sent")]
    public static partial void SqlReplyNotRequested(ILogger logger, string messageId);

    [LoggerMessage(EventId = 7506, Level = LogLevel.Error, Message = "Maintenance ({Trigger}) not started: the plan in Maintenance:Plan is not valid: {Problems}")]
    public static partial void MaintenancePlanInvalid(ILogger logger, string trigger, string problems);

    [LoggerMessage(EventId = 7507, Level = LogLevel.Warning, Message = "Maintenance ({Trigger}) skipped: orchestration {InstanceId} is still {Status}")]
    public static partial void MaintenanceSkipped(ILogger logger, string trigger, string instanceId, string status);

    [LoggerMessage(EventId = 7508, Level = LogLevel.Information, Message = "Maintenance ({Trigger}) started as orchestration {InstanceId}")]
    public static partial void MaintenanceStarted(ILogger logger, string trigger, string instanceId);
}
