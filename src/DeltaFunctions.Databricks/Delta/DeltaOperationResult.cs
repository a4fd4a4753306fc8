using DeltaFunctions.Databricks.Simulation;
using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks.Delta;

/// <summary>
/// What every Delta operation of <see cref="DeltaClient"/> returns besides its own metrics: the SQL statement that
/// ran it and the table it changed, so one shape is logged, correlated with Databricks' query history and tested the
/// same way for writes, merges, OPTIMIZE, VACUUM and RESTORE. Each result adds typed metrics (numbers, not strings).
/// Under dry run (<see cref="DatabricksClientOptions.DryRun"/>) nothing ran: <see cref="IsDryRun"/> is true,
/// <see cref="StatementId"/> is <see cref="StatementResponse.NotExecutedStatementId"/>, the metrics are zero or null and
/// <see cref="DryRunRequests"/> holds what would have been sent.
/// </summary>
public abstract record DeltaOperationResult : IDryRunResult
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

    /// <inheritdoc/>
    public bool IsDryRun => DryRunRequests.Count > 0;

    /// <inheritdoc/>
    public IReadOnlyList<DryRunRequest> DryRunRequests { get; init; } = Array.Empty<DryRunRequest>();
}
