namespace DeltaFunctions.Pipelines.Sql;

/// <summary>
/// Asynchronous maintenance statements for workflows: start an OPTIMIZE or VACUUM (the client library's
/// <c>DeltaClient.StartOptimizeAsync</c>/<c>StartVacuumAsync</c>, <c>wait_timeout=0s</c>), read its status and typed
/// result by statement id, cancel. Exposed by the App as activities named by <see cref="StatementActivityNames"/>.
/// </summary>
/// <remarks>
/// The Statement Execution API has no idempotency token, so a retried start may run a statement twice. The
/// workflows only start statements that are safe to repeat (OPTIMIZE and VACUUM converge on the same table state).
/// </remarks>
public interface IStatementActivities
{
    /// <summary>Starts a maintenance statement without waiting for it.</summary>
    /// <param name="input">The command, table and its settings.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The statement's id.</returns>
    Task<StatementHandle> StartStatementAsync(StartStatementInput input, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads a statement's state (RUNNING until it ends); once it has SUCCEEDED, also the metrics of its typed result
    /// (OPTIMIZE's <c>numFilesAdded</c>/<c>numFilesRemoved</c>; VACUUM reports none).
    /// </summary>
    /// <param name="input">The statement.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The state, error and metrics.</returns>
    Task<StatementStatusSnapshot> GetStatementStatusAsync(StatementHandle input, CancellationToken cancellationToken = default);

    /// <summary>Requests cancellation of a running statement.</summary>
    /// <param name="input">The statement.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True once the request was accepted.</returns>
    Task<bool> CancelStatementAsync(StatementHandle input, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads whether Databricks maintains a table itself with predictive optimization (Unity Catalog
    /// <c>GET /api/2.1/unity-catalog/tables/{full_name}</c>: a MANAGED table whose <c>effective_predictive_optimization_flag</c> is ENABLE).
    /// </summary>
    /// <param name="table">The table, <c>catalog.schema.table</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The table's maintenance information.</returns>
    Task<TableMaintenanceInfo> GetTableMaintenanceInfoAsync(string table, CancellationToken cancellationToken = default);
}
