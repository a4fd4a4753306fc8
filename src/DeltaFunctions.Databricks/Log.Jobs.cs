using Microsoft.Extensions.Logging;

namespace DeltaFunctions.Databricks;

/// <summary>Log messages of the Jobs client (event ids 1300–1399).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = LogEvents.JobsBase + 1, Level = LogLevel.Information,
        Message = "Submitted one-time run {RunId} (idempotency token {TokenSource})")]
    public static partial void RunSubmitted(ILogger logger, long runId, string tokenSource);

    [LoggerMessage(EventId = LogEvents.JobsBase + 2, Level = LogLevel.Information, Message = "Started run {RunId} of job {JobId}")]
    public static partial void RunNowStarted(ILogger logger, long runId, long jobId);

    [LoggerMessage(EventId = LogEvents.JobsBase + 3, Level = LogLevel.Information, Message = "Requested cancellation of run {RunId}")]
    public static partial void RunCancelRequested(ILogger logger, long runId);

    [LoggerMessage(EventId = LogEvents.JobsBase + 4, Level = LogLevel.Debug,
        Message = "Run {RunId} is {LifeCycleState} after {Elapsed}; next poll in {Delay}")]
    public static partial void RunPolled(ILogger logger, long runId, string lifeCycleState, TimeSpan elapsed, TimeSpan delay);

    [LoggerMessage(EventId = LogEvents.JobsBase + 5, Level = LogLevel.Information,
        Message = "Run {RunId} finished {ResultState} after waiting {Elapsed}")]
    public static partial void RunCompleted(ILogger logger, long runId, string resultState, TimeSpan elapsed);

    [LoggerMessage(EventId = LogEvents.JobsBase + 6, Level = LogLevel.Warning,
        Message = "Run {RunId} did not finish within {Timeout}; cancel requested: {CancelRequested}")]
    public static partial void RunWaitTimedOut(ILogger logger, long runId, TimeSpan timeout, bool cancelRequested);

    [LoggerMessage(EventId = LogEvents.JobsBase + 7, Level = LogLevel.Information, Message = "Created job {JobId}")]
    public static partial void JobCreated(ILogger logger, long jobId);

    [LoggerMessage(EventId = LogEvents.JobsBase + 8, Level = LogLevel.Information, Message = "Reset job {JobId}")]
    public static partial void JobReset(ILogger logger, long jobId);

    [LoggerMessage(EventId = LogEvents.JobsBase + 9, Level = LogLevel.Information, Message = "Deleted job {JobId}")]
    public static partial void JobDeleted(ILogger logger, long jobId);
}
