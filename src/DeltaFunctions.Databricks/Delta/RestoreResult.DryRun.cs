using DeltaFunctions.Databricks.Simulation;

namespace DeltaFunctions.Databricks.Delta;

/// <summary>The dry-run side of <see cref="RestoreResult"/>.</summary>
public sealed partial record RestoreResult : IDryRunResult
{
    /// <inheritdoc/>
    public bool IsDryRun => DryRunRequests.Count > 0;

    /// <inheritdoc/>
    public IReadOnlyList<DryRunRequest> DryRunRequests { get; init; } = Array.Empty<DryRunRequest>();
}
