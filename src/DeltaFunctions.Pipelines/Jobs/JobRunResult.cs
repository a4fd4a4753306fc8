using DeltaFunctions.Pipelines.Validation;

namespace DeltaFunctions.Pipelines.Jobs;

/// <summary>The output of <see cref="JobRunWorkflow"/>.</summary>
public sealed record JobRunResult
{
    /// <summary>How the request ended as a whole.</summary>
    public required JobRunOutcome Outcome { get; init; }

    /// <summary>One result per step, in request order.</summary>
    public required IReadOnlyList<JobStepResult> Steps { get; init; }

    /// <summary>Why the request was rejected, when <see cref="Outcome"/> is <see cref="JobRunOutcome.Rejected"/>.</summary>
    public IReadOnlyList<ValidationProblem>? Problems { get; init; }
}
