using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks.Delta;

/// <summary>
/// What every Delta operation of <see cref="DeltaClient"/> returns besides its own metrics: the SQL statement that
/// ran it and the table it changed, so one shape is logged, correlated with Databricks' query history and tested the
/// same way for writes, merges, OPTIMIZE, VACUUM and RESTORE. Each result adds typed metrics (numbers, not strings).
/// </summary>
public abstract record DeltaOperationResult
{
    /// <summary>
    /// Gets the id of the SQL statement that ran the operation, as <see cref="SqlStatementOperation.StatementId"/> and
    /// Databricks' query history name it.
    /// </summary>
    public required string StatementId { get; init; }

    /// <summary>
    /// Gets the table the operation ran on; null for a result read back by statement id alone
    /// (<see cref="DeltaClient.GetOptimizeResultAsync"/>, <see cref="DeltaClient.GetVacuumResultAsync"/>), whose
    /// statement is not tied to a table name.
    /// </summary>
    public TableName? Table { get; init; }
}
