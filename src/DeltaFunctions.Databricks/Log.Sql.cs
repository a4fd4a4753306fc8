using Microsoft.Extensions.Logging;

namespace DeltaFunctions.Databricks;

/// <summary>Log messages of SQL statements and result streaming (event ids 1400–1499). Never URLs or link headers.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = LogEvents.SqlBase + 1, Level = LogLevel.Debug,
        Message = "Statement {StatementId} submitted: {State} ({Disposition}, {Format})")]
    public static partial void StatementSubmitted(ILogger logger, string statementId, string state, string disposition, string format);

    [LoggerMessage(EventId = LogEvents.SqlBase + 2, Level = LogLevel.Warning,
        Message = "Statement {StatementId} ended {State} (SQLSTATE {SqlState})")]
    public static partial void StatementFailed(ILogger logger, string statementId, string state, string? sqlState);

    [LoggerMessage(EventId = LogEvents.SqlBase + 3, Level = LogLevel.Information,
        Message = "Statement {StatementId} exceeded the INLINE result limit; running it again with EXTERNAL_LINKS")]
    public static partial void InlineLimitRetry(ILogger logger, string statementId);

    [LoggerMessage(EventId = LogEvents.SqlBase + 4, Level = LogLevel.Warning,
        Message = "Cancelling statement {StatementId} failed ({ErrorType})")]
    public static partial void CancelFailed(ILogger logger, string statementId, string errorType);

    [LoggerMessage(EventId = LogEvents.SqlBase + 5, Level = LogLevel.Debug,
        Message = "External link of chunk {ChunkIndex} of statement {StatementId} refreshed ({Reason})")]
    public static partial void ExternalLinkRefreshed(ILogger logger, string statementId, int chunkIndex, string reason);

    [LoggerMessage(EventId = LogEvents.SqlBase + 6, Level = LogLevel.Warning,
        Message = "External link of chunk {ChunkIndex} of statement {StatementId} was refused with {StatusCode}")]
    public static partial void ExternalLinkRefused(ILogger logger, string statementId, int chunkIndex, int statusCode);

    [LoggerMessage(EventId = LogEvents.SqlBase + 7, Level = LogLevel.Warning,
        Message = "Downloading chunk {ChunkIndex} of statement {StatementId} failed with {StatusCode} on attempt {Attempt}")]
    public static partial void ExternalLinkFailed(ILogger logger, string statementId, int chunkIndex, int attempt, int statusCode);

    [LoggerMessage(EventId = LogEvents.SqlBase + 8, Level = LogLevel.Warning,
        Message = "Connection dropped while downloading chunk {ChunkIndex} of statement {StatementId} (attempt {Attempt}, {BytesRead} bytes kept); resuming")]
    public static partial void ExternalLinkDropped(ILogger logger, string statementId, int chunkIndex, int attempt, long bytesRead);

    [LoggerMessage(EventId = LogEvents.SqlBase + 9, Level = LogLevel.Information,
        Message = "Statement {StatementId} was submitted after its caller cancelled; cancelling it")]
    public static partial void CancelAfterSubmit(ILogger logger, string statementId);

    [LoggerMessage(EventId = LogEvents.SqlBase + 10, Level = LogLevel.Warning,
        Message = "Chunk {ChunkIndex} of statement {StatementId} ended after {RowsRead} of the {RowsDeclared} rows it declares (download {Attempt}); downloading it again")]
    public static partial void ExternalLinkShort(ILogger logger, string statementId, int chunkIndex, long rowsRead, long rowsDeclared, int attempt);
}
