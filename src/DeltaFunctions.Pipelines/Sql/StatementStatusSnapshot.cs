namespace DeltaFunctions.Pipelines.Sql;

/// <summary>The result of <see cref="StatementActivityNames.GetStatementStatus"/>.</summary>
public sealed record StatementStatusSnapshot
{
    /// <summary>The Statement Execution states that end a statement.</summary>
    public static IReadOnlyList<string> TerminalStates { get; } = ["SUCCEEDED", "FAILED", "CANCELED", "CLOSED"];

    /// <summary>The statement's id.</summary>
    public required string StatementId { get; init; }

    /// <summary><c>status.state</c>: PENDING, RUNNING, SUCCEEDED, FAILED, CANCELED or CLOSED.</summary>
    public required string State { get; init; }

    /// <summary><c>status.error.error_code</c>, when FAILED.</summary>
    public string? ErrorCode { get; init; }

    /// <summary><c>status.error.message</c>, when FAILED.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary><c>status.sql_state</c>, when FAILED.</summary>
    public string? SqlState { get; init; }

    /// <summary>Numeric metrics the statement reported (e.g. <c>numFilesAdded</c>, <c>numFilesRemoved</c>, <c>numDeletedFiles</c>).</summary>
    public IReadOnlyDictionary<string, long>? Metrics { get; init; }

    internal bool IsTerminal => TerminalStates.Contains(State, StringComparer.Ordinal);
}
