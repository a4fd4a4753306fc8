namespace DeltaFunctions.Pipelines.Maintenance;

/// <summary>The outcome of one table's maintenance, with its metrics.</summary>
public sealed record TableMaintenanceResult
{
    /// <summary>The table as named in the plan.</summary>
    public required string Table { get; init; }

    /// <summary>How it ended.</summary>
    public required TableMaintenanceOutcome Outcome { get; init; }

    /// <summary>The OPTIMIZE statement's outcome, when it ran.</summary>
    public MaintenanceStatementResult? Optimize { get; init; }

    /// <summary>The VACUUM statement's outcome, when it ran.</summary>
    public MaintenanceStatementResult? Vacuum { get; init; }

    /// <summary>Files OPTIMIZE wrote (<c>numFilesAdded</c>).</summary>
    public long FilesAdded { get; init; }

    /// <summary>Files OPTIMIZE compacted away (<c>numFilesRemoved</c>) plus files VACUUM deleted (<c>numDeletedFiles</c>).</summary>
    public long FilesRemoved { get; init; }

    /// <summary>Orchestration time spent on the table, in seconds.</summary>
    public double DurationSeconds { get; init; }

    /// <summary>Why nothing ran, when skipped (for example "managed by predictive optimization (inherited from CATALOG main)").</summary>
    public string? SkippedReason { get; init; }

    /// <summary>What went wrong, when it failed.</summary>
    public string? Error { get; init; }
}
