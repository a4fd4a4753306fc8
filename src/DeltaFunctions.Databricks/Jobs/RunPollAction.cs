namespace DeltaFunctions.Databricks.Jobs;

/// <summary>What a waiter does next, as decided by <see cref="RunWaitPolicy.Decide"/>.</summary>
public enum RunPollAction
{
    /// <summary>The run is still going: poll again after <see cref="RunPollDecision.Delay"/>.</summary>
    Continue,

    /// <summary>The run has ended with <see cref="RunPollDecision.ResultState"/>.</summary>
    Completed,

    /// <summary>The wait's timeout passed first; cancel the run if <see cref="RunPollDecision.CancelRun"/>.</summary>
    TimedOut,
}
