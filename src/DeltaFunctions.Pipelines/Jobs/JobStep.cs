namespace DeltaFunctions.Pipelines.Jobs;

/// <summary>
/// One job of a <see cref="JobRunRequest"/>: either an existing job started with <c>run-now</c>
/// (<see cref="JobId"/> and optional <see cref="JobParameters"/>) or a one-time run submitted with
/// <c>runs/submit</c> (<see cref="Run"/>). Exactly one of the two.
/// </summary>
public sealed record JobStep
{
    /// <summary>
    /// The step's key, unique in the request: 1–100 letters, digits, <c>-</c> or <c>_</c>. It names the step in
    /// results and is part of the run's idempotency token.
    /// </summary>
    public required string Key { get; init; }

    /// <summary>The id of an existing job to run now.</summary>
    public long? JobId { get; init; }

    /// <summary>Job-level parameters for <see cref="JobId"/> (<c>job_parameters</c>), at most 10,000 bytes in all.</summary>
    public IReadOnlyDictionary<string, string>? JobParameters { get; init; }

    /// <summary>A one-time run definition to submit instead of an existing job.</summary>
    public JobRunDefinition? Run { get; init; }

    /// <summary>A deadline for this step alone in seconds, capped by the request's deadline.</summary>
    public int? TimeoutSeconds { get; init; }
}
