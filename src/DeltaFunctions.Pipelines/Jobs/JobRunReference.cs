namespace DeltaFunctions.Pipelines.Jobs;

/// <summary>Names a run for the status, cancel and output activities.</summary>
public sealed record JobRunReference
{
    /// <summary>The run's id.</summary>
    public required long RunId { get; init; }
}
