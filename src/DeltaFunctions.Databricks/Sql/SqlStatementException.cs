using System.Text.RegularExpressions;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// A statement reached FAILED, CANCELED or CLOSED. Databricks reports SQL-level errors (syntax, missing table,
/// Delta conflicts) as a failed statement rather than an HTTP error; this exception carries the statement id, the
/// SQLSTATE and the error class parsed from the message prefix <c>[CLASS.SUBCLASS]</c>.
/// </summary>
public sealed partial class SqlStatementException : DatabricksException
{
    /// <summary>Creates the exception.</summary>
    public SqlStatementException()
        : this("The SQL statement failed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public SqlStatementException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public SqlStatementException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a statement that ended without success.</summary>
    /// <param name="statementId">The statement id.</param>
    /// <param name="status">The final status.</param>
    public SqlStatementException(string statementId, StatementStatus status)
        : base(
            Describe(statementId, status),
            new DatabricksErrorCode(status?.Error?.ErrorCode ?? (status?.State == StatementState.Canceled ? "CANCELLED" : "UNKNOWN")))
    {
        ArgumentNullException.ThrowIfNull(status);
        StatementId = statementId;
        Status = status;
        State = status.State;
        SqlState = status.SqlState ?? SqlStateFromMessage(status.Error?.Message);
        ErrorClass = ErrorClassFromMessage(status.Error?.Message);
        IsTransient = IsConcurrencyConflict;
    }

    /// <summary>Gets the statement id.</summary>
    public string? StatementId { get; }

    /// <summary>The final status as Databricks sent it, when known.</summary>
    internal StatementStatus? Status { get; }

    /// <summary>Gets the final state (FAILED, CANCELED or CLOSED).</summary>
    public StatementState State { get; }

    /// <summary>Gets the SQLSTATE, for example <c>2D521</c> for a Delta concurrency conflict.</summary>
    public string? SqlState { get; }

    /// <summary>Gets the error class from the message prefix, for example <c>DELTA_CONCURRENT_APPEND.ROW_LEVEL_CHANGES</c>.</summary>
    public string? ErrorClass { get; }

    /// <summary>
    /// Gets a value indicating whether this is a Delta optimistic-concurrency conflict (reference §6.9): SQLSTATE
    /// 2D521, or an error class starting <c>DELTA_CONCURRENT_</c>, <c>DELTA_METADATA_CHANGED</c> or
    /// <c>DELTA_PROTOCOL_CHANGED</c>. Such a statement changed nothing and may be run again.
    /// </summary>
    public bool IsConcurrencyConflict =>
        SqlState == "2D521"
        || ErrorClass is { } c && (c.StartsWith("DELTA_CONCURRENT_", StringComparison.Ordinal)
            || c.StartsWith("DELTA_METADATA_CHANGED", StringComparison.Ordinal)
            || c.StartsWith("DELTA_PROTOCOL_CHANGED", StringComparison.Ordinal));

    /// <summary>Gets a value indicating whether the statement failed because its INLINE result exceeded 25 MiB.</summary>
    public bool IsInlineLimitExceeded => IsInlineLimitMessage(Message);

    internal static bool IsInlineLimitMessage(string? message) =>
        message is not null
        && (message.Contains("Inline byte limit exceeded", StringComparison.OrdinalIgnoreCase)
            || message.Contains("disposition=INLINE", StringComparison.OrdinalIgnoreCase) && message.Contains("EXTERNAL_LINKS", StringComparison.OrdinalIgnoreCase));

    internal static string? ErrorClassFromMessage(string? message)
    {
        var match = message is null ? null : ErrorClassPattern().Match(message);
        return match is { Success: true } ? match.Groups[1].Value : null;
    }

    private static string? SqlStateFromMessage(string? message)
    {
        var match = message is null ? null : SqlStatePattern().Match(message);
        return match is { Success: true } ? match.Groups[1].Value : null;
    }

    private static string Describe(string statementId, StatementStatus status) =>
        $"Statement {statementId} ended {status?.State}: {status?.Error?.Message ?? "no error message"}";

    [GeneratedRegex(@"^\s*\[([A-Z0-9_]+(?:\.[A-Z0-9_]+)*)\]")]
    private static partial Regex ErrorClassPattern();

    [GeneratedRegex(@"SQLSTATE:\s*([0-9A-Z]{5})")]
    private static partial Regex SqlStatePattern();
}
