namespace DeltaFunctions.Pipelines.Maintenance;

/// <summary>The outcome of one maintenance statement (OPTIMIZE or VACUUM) on one table.</summary>
public sealed record MaintenanceStatementResult
{
    /// <summary>Which command ran (the client's OPTIMIZE or VACUUM).</summary>
    public required MaintenanceCommand Operation { get; init; }

    /// <summary>The final state: SUCCEEDED, FAILED, CANCELED, CLOSED, or NOT_STARTED / TIMED_OUT from the workflow.</summary>
    public required string State { get; init; }

    /// <summary>The statement's id, once started.</summary>
    public string? StatementId { get; init; }

    /// <summary>What went wrong.</summary>
    public string? Error { get; init; }

    /// <summary>Metrics the statement reported.</summary>
    public IReadOnlyDictionary<string, long>? Metrics { get; init; }

    /// <summary>Orchestration time from start to end, in seconds.</summary>
    public double DurationSeconds { get; init; }

    /// <summary>The statement a dry run would have sent (state <see cref="DryRunState"/>); null when it ran.</summary>
    public string? Statement { get; init; }

    /// <summary>The <see cref="State"/> of a statement a dry run did not send.</summary>
    public const string DryRunState = "DRY_RUN";

    internal bool Succeeded => State is "SUCCEEDED" or DryRunState;
}
