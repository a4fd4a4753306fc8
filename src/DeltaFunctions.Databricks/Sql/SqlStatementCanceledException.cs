namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// The caller's <see cref="CancellationToken"/> stopped a statement. Before this is thrown the client asked Databricks
/// to cancel the statement and waited (bounded) for that request, so a process that exits right after still leaves
/// nothing running. <see cref="StatementId"/> is null only when the submission itself never got an answer.
/// </summary>
public sealed class SqlStatementCanceledException : OperationCanceledException
{
    /// <summary>Creates the exception.</summary>
    public SqlStatementCanceledException()
        : this("The SQL statement was cancelled.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public SqlStatementCanceledException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public SqlStatementCanceledException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a statement.</summary>
    /// <param name="statementId">The statement id, or null when the submission got no answer.</param>
    /// <param name="serverCancelConfirmed">Whether Databricks accepted the cancel request.</param>
    /// <param name="cancellationToken">The token that fired.</param>
    public SqlStatementCanceledException(string? statementId, bool serverCancelConfirmed, CancellationToken cancellationToken)
        : base(Describe(statementId, serverCancelConfirmed), cancellationToken)
    {
        StatementId = statementId;
        ServerCancelConfirmed = serverCancelConfirmed;
    }

    /// <summary>Gets the statement id, or null when the submission got no answer in time.</summary>
    public string? StatementId { get; }

    /// <summary>Gets a value indicating whether Databricks accepted the cancel request (or the statement had already ended).</summary>
    public bool ServerCancelConfirmed { get; }

    private static string Describe(string? statementId, bool confirmed) => statementId is null
        ? "The SQL statement was cancelled before Databricks returned its id; if the submission reached Databricks, the statement may still be running."
        : $"Statement {statementId} was cancelled by the caller; {(confirmed ? "Databricks accepted the cancel request" : "the cancel request to Databricks did not succeed, so it may still be running")}.";
}
