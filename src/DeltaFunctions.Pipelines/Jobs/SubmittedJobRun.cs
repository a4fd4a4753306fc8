namespace DeltaFunctions.Pipelines.Jobs;

/// <summary>The result of <see cref="JobRunActivityNames.SubmitRun"/>.</summary>
public sealed record SubmittedJobRun
{
    /// <summary>The run's id.</summary>
    public required long RunId { get; init; }
}
