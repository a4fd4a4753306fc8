namespace DeltaFunctions.Pipelines.Maintenance;

/// <summary>The output of <see cref="MaintenanceWorkflow"/>: one result per table and the totals.</summary>
public sealed record MaintenanceSummary
{
    /// <summary>When the pass started (orchestration time, UTC).</summary>
    public required DateTime StartedUtc { get; init; }

    /// <summary>When the pass ended (orchestration time, UTC).</summary>
    public required DateTime FinishedUtc { get; init; }

    /// <summary>One result per table of the plan, in plan order.</summary>
    public required IReadOnlyList<TableMaintenanceResult> Tables { get; init; }

    /// <summary>Tables whose statements all succeeded.</summary>
    public int Succeeded { get; init; }

    /// <summary>Tables with a failed statement.</summary>
    public int Failed { get; init; }

    /// <summary>Tables not due today.</summary>
    public int NotDue { get; init; }

    /// <summary>Tables skipped because predictive optimization maintains them.</summary>
    public int ManagedByPredictiveOptimization { get; init; }

    /// <summary>Whether the pass was a dry run: nothing ran, and the tables list the statements that would have.</summary>
    public bool DryRun { get; init; }

    /// <summary>Files added across tables.</summary>
    public long FilesAdded { get; init; }

    /// <summary>Files removed across tables.</summary>
    public long FilesRemoved { get; init; }

    /// <summary>Why the plan was rejected, when it was (nothing ran).</summary>
    public IReadOnlyList<Validation.ValidationProblem>? Problems { get; init; }
}
