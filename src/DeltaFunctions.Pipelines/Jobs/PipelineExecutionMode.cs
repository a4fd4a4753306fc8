namespace DeltaFunctions.Pipelines.Jobs;

/// <summary>How the jobs of a <see cref="JobRunRequest"/> run.</summary>
public enum PipelineExecutionMode
{
    /// <summary>One after another, in the order given.</summary>
    Sequence,

    /// <summary>All at once (fan-out), then wait for every one (fan-in).</summary>
    Parallel,
}
