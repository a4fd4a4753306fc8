using DeltaFunctions.Databricks.Simulation;

namespace DeltaFunctions.Databricks.Schema;

/// <summary>The dry-run side of <see cref="SchemaCompatibilityReport"/> (set by <see cref="SchemaClient.EvolveSchemaAsync"/>).</summary>
public sealed partial record SchemaCompatibilityReport : IDryRunResult
{
    /// <inheritdoc/>
    public bool IsDryRun => DryRunRequests.Count > 0;

    /// <inheritdoc/>
    public IReadOnlyList<DryRunRequest> DryRunRequests { get; init; } = Array.Empty<DryRunRequest>();
}
