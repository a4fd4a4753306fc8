using DeltaFunctions.Databricks.Simulation;

namespace DeltaFunctions.Databricks.Delta;

/// <summary>The dry-run side of <see cref="MergeResult"/>.</summary>
public sealed partial record MergeResult : IDryRunResult
{
    /// <inheritdoc/>
    public bool IsDryRun => DryRunRequests.Count > 0;

    /// <inheritdoc/>
    public IReadOnlyList<DryRunRequest> DryRunRequests { get; init; } = Array.Empty<DryRunRequest>();
}
