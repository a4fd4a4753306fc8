namespace DeltaFunctions.Pipelines.Jobs;

/// <summary>How a whole job run request ended.</summary>
public enum JobRunOutcome
{
    /// <summary>Every step succeeded.</summary>
    Succeeded,

    /// <summary>At least one step failed, was cancelled or did not run.</summary>
    Failed,

    /// <summary>At least one step hit the deadline.</summary>
    TimedOut,

    /// <summary>The request was invalid; nothing was started.</summary>
    Rejected,
}
