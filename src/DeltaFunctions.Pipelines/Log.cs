using Microsoft.Extensions.Logging;

namespace DeltaFunctions.Pipelines;

/// <summary>Every log message of the Pipelines project. Workflows write through replay-safe loggers only.</summary>
internal static partial class Log
{
    private const int JobsBase = 7000;
    private const int MaintenanceBase = 7100;
    private const int HandlersBase = 7200;

    [LoggerMessage(EventId = JobsBase + 1, Level = LogLevel.Warning, Message = "Job run request {InstanceId} rejected with {ProblemCount} problem(s)")]
    public static partial void JobRunRejected(ILogger logger, string instanceId, int problemCount);

    [LoggerMessage(EventId = JobsBase + 2, Level = LogLevel.Information, Message = "Job step {StepKey} submitted as run {RunId}")]
    public static partial void JobStepSubmitted(ILogger logger, string stepKey, long runId);

    [LoggerMessage(EventId = JobsBase + 3, Level = LogLevel.Information, Message = "Job step {StepKey} (run {RunId}) ended {Outcome} with result state {ResultState} after {Polls} poll(s)")]
    public static partial void JobStepFinished(ILogger logger, string stepKey, long? runId, Jobs.JobStepOutcome outcome, string? resultState, int polls);

    [LoggerMessage(EventId = JobsBase + 4, Level = LogLevel.Warning, Message = "Job step {StepKey} (run {RunId}) passed its deadline; cancel requested: {CancelRequested}")]
    public static partial void JobStepTimedOut(ILogger logger, string stepKey, long? runId, bool cancelRequested);

    [LoggerMessage(EventId = JobsBase + 5, Level = LogLevel.Information, Message = "Job run request {InstanceId} ended {Outcome}: {Succeeded} of {StepCount} step(s) succeeded")]
    public static partial void JobRunFinished(ILogger logger, string instanceId, Jobs.JobRunOutcome outcome, int succeeded, int stepCount);

    [LoggerMessage(EventId = JobsBase + 6, Level = LogLevel.Debug, Message = "Job step {StepKey} (run {RunId}) is {LifeCycleState} at poll {Poll}; next poll in {DelaySeconds} s")]
    public static partial void JobStepPolled(ILogger logger, string stepKey, long runId, string lifeCycleState, int poll, double delaySeconds);

    [LoggerMessage(EventId = MaintenanceBase + 1, Level = LogLevel.Information, Message = "Maintenance of {Table} ended {Outcome} in {DurationSeconds:0.0} s: {FilesAdded} file(s) added, {FilesRemoved} removed")]
    public static partial void MaintenanceTableFinished(ILogger logger, string table, string outcome, double durationSeconds, long filesAdded, long filesRemoved);

    [LoggerMessage(EventId = MaintenanceBase + 2, Level = LogLevel.Warning, Message = "Maintenance of {Table} failed: {Error}")]
    public static partial void MaintenanceTableFailed(ILogger logger, string table, string error);

    [LoggerMessage(EventId = MaintenanceBase + 3, Level = LogLevel.Information, Message = "Maintenance pass {InstanceId}: {Succeeded} table(s) succeeded, {Failed} failed, {NotDue} not due; {FilesAdded} file(s) added, {FilesRemoved} removed")]
    public static partial void MaintenanceSummary(ILogger logger, string instanceId, int succeeded, int failed, int notDue, long filesAdded, long filesRemoved);

    [LoggerMessage(EventId = MaintenanceBase + 4, Level = LogLevel.Warning, Message = "Maintenance plan {InstanceId} rejected with {ProblemCount} problem(s)")]
    public static partial void MaintenanceRejected(ILogger logger, string instanceId, int problemCount);

    [LoggerMessage(EventId = HandlersBase + 1, Level = LogLevel.Warning, Message = "Merge request {RequestId} rejected with {ProblemCount} problem(s)")]
    public static partial void MergeRejected(ILogger logger, string requestId, int problemCount);

    [LoggerMessage(EventId = HandlersBase + 2, Level = LogLevel.Information, Message = "Merge request {RequestId} into {Table}: {Inserted} inserted, {Updated} updated, {Deleted} deleted; already applied: {AlreadyApplied}")]
    public static partial void MergeDone(ILogger logger, string requestId, string table, long inserted, long updated, long deleted, bool alreadyApplied);

    [LoggerMessage(EventId = HandlersBase + 4, Level = LogLevel.Warning, Message = "Request {RequestId} is invalid ({Reason}) with {ProblemCount} problem(s)")]
    public static partial void RequestInvalid(ILogger logger, string requestId, string reason, int problemCount);

    [LoggerMessage(EventId = HandlersBase + 5, Level = LogLevel.Warning, Message = "Request {RequestId} failed transiently ({Reason}); retry after {RetryAfterSeconds} s")]
    public static partial void RequestTransient(ILogger logger, string requestId, string reason, double retryAfterSeconds);

    [LoggerMessage(EventId = HandlersBase + 6, Level = LogLevel.Information, Message = "SQL request {RequestId} ran as statement {StatementId}: {RowCount} row(s), inline: {Inline}")]
    public static partial void SqlDone(ILogger logger, string requestId, string statementId, long rowCount, bool inline);
}
