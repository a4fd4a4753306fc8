namespace DeltaFunctions.Pipelines.Sql;

/// <summary>
/// Asynchronous statement execution for workflows: start (Statement Execution API with <c>wait_timeout=0s</c>),
/// read status, cancel. Implemented over the SQL client; exposed by the App as activities named by
/// <see cref="StatementActivityNames"/>.
/// </summary>
/// <remarks>
/// The Statement Execution API has no idempotency token, so a retried start may run a statement twice. The
/// workflows only start statements that are safe to repeat (OPTIMIZE and VACUUM converge on the same table state).
/// </remarks>
public interface IStatementActivities
{
    /// <summary>Starts a statement without waiting for it.</summary>
    /// <param name="input">The statement.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The statement's id.</returns>
    Task<StatementHandle> StartStatementAsync(StartStatementInput input, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads a statement's state; once it has SUCCEEDED, also the metrics it reported (OPTIMIZE's
    /// <c>metrics.numFilesAdded</c>/<c>numFilesRemoved</c>; for VACUUM the files deleted, from the table history's
    /// VACUUM END <c>operationMetrics</c>).
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
}
