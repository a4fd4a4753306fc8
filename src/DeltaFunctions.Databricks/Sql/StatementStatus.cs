namespace DeltaFunctions.Databricks.Sql;

/// <summary>A statement's state and, when it failed, why (reference §4.2).</summary>
public sealed record StatementStatus
{
    /// <summary>Gets the state.</summary>
    public StatementState State { get; init; }

    /// <summary>Gets the error when the state is FAILED.</summary>
    public StatementError? Error { get; init; }

    /// <summary>Gets the SQLSTATE of a failed statement (for example <c>2D521</c> for a Delta conflict).</summary>
    public string? SqlState { get; init; }
}
