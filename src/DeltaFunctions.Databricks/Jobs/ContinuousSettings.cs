namespace DeltaFunctions.Databricks.Jobs;

/// <summary>Makes a job continuous (<c>continuous</c>): exactly one active run, restarted after it ends.</summary>
public sealed record ContinuousSettings
{
    /// <summary>Gets whether the continuous job is paused.</summary>
    public PauseStatus? PauseStatus { get; init; }

    /// <summary>Gets whether failed tasks are retried inside the run.</summary>
    public ContinuousTaskRetryMode? TaskRetryMode { get; init; }
}
