namespace DeltaFunctions.Pipelines.Jobs;

/// <summary>The outcome of one step of a job run request.</summary>
public sealed record JobStepResult
{
    /// <summary>The step's key.</summary>
    public required string Key { get; init; }

    /// <summary>How the step ended.</summary>
    public required JobStepOutcome Outcome { get; init; }

    /// <summary>The Databricks run id, once submitted.</summary>
    public long? RunId { get; init; }

    /// <summary>Databricks' result state, e.g. SUCCESS, FAILED, CANCELED, TIMEDOUT.</summary>
    public string? ResultState { get; init; }

    /// <summary>Databricks' state message.</summary>
    public string? StateMessage { get; init; }

    /// <summary>The run's page in the workspace UI.</summary>
    public string? RunPageUrl { get; init; }

    /// <summary>The notebook's exit value, when there is one.</summary>
    public string? NotebookOutput { get; init; }

    /// <summary>What went wrong, when the step failed.</summary>
    public string? Error { get; init; }

    /// <summary>How many times the run's state was polled.</summary>
    public int Polls { get; init; }

    /// <summary>Whether cancellation was requested because the deadline passed.</summary>
    public bool CancelRequested { get; init; }
}
