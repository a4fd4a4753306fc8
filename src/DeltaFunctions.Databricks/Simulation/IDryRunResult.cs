namespace DeltaFunctions.Databricks.Simulation;

/// <summary>
/// A result that can say it came from a dry run: <see cref="IsDryRun"/> is true when nothing was sent and
/// <see cref="DryRunRequests"/> then lists, in order, every request that would have been. Implemented by the results of the
/// mutating calls whose result type can carry it (Delta writes, merges, OPTIMIZE, VACUUM, RESTORE,
/// <see cref="Sql.SqlClient.ExecuteAsync"/>, schema evolution, and <see cref="MutationResult"/>).
/// </summary>
public interface IDryRunResult
{
    /// <summary>Gets a value indicating whether the call was a dry run (nothing was sent).</summary>
    bool IsDryRun { get; }

    /// <summary>Gets the requests that would have been sent, in order; empty when the call really ran.</summary>
    IReadOnlyList<DryRunRequest> DryRunRequests { get; }
}
