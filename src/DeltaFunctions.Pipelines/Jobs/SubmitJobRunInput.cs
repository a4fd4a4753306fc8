namespace DeltaFunctions.Pipelines.Jobs;

/// <summary>The input of <see cref="JobRunActivityNames.SubmitRun"/>: one step of a request and its idempotency token.</summary>
public sealed record SubmitJobRunInput
{
    /// <summary>The step's key.</summary>
    public required string StepKey { get; init; }

    /// <summary>The token sent as Databricks' <c>idempotency_token</c>, from <see cref="IdempotencyTokens.ForJobStep"/>.</summary>
    public required string IdempotencyToken { get; init; }

    /// <summary>An existing job to run now.</summary>
    public long? JobId { get; init; }

    /// <summary>Job parameters for <see cref="JobId"/>.</summary>
    public IReadOnlyDictionary<string, string>? JobParameters { get; init; }

    /// <summary>A one-time run to submit.</summary>
    public JobRunDefinition? Run { get; init; }
}
