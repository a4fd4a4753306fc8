namespace DeltaFunctions.Databricks.Jobs;

/// <summary>The outcome of one <see cref="RunWaitPolicy.Decide"/> call: a value with no side effects.</summary>
public sealed record RunPollDecision
{
    private RunPollDecision(RunPollAction action, TimeSpan delay, RunResultState? resultState, bool cancelRun)
    {
        Action = action;
        Delay = delay;
        ResultState = resultState;
        CancelRun = cancelRun;
    }

    /// <summary>Gets what to do next.</summary>
    public RunPollAction Action { get; }

    /// <summary>Gets how long to wait before the next poll (only for <see cref="RunPollAction.Continue"/>).</summary>
    public TimeSpan Delay { get; }

    /// <summary>Gets the run's outcome (only for <see cref="RunPollAction.Completed"/>).</summary>
    public RunResultState? ResultState { get; }

    /// <summary>Gets whether the run should be cancelled (only for <see cref="RunPollAction.TimedOut"/>).</summary>
    public bool CancelRun { get; }

    /// <summary>Creates a decision to poll again.</summary>
    /// <param name="delay">The wait before the next poll.</param>
    /// <returns>The decision.</returns>
    public static RunPollDecision Continue(TimeSpan delay) => new(RunPollAction.Continue, delay, null, false);

    /// <summary>Creates a decision that the run has ended.</summary>
    /// <param name="resultState">The outcome.</param>
    /// <returns>The decision.</returns>
    public static RunPollDecision Completed(RunResultState resultState) => new(RunPollAction.Completed, TimeSpan.Zero, resultState, false);

    /// <summary>Creates a decision that the wait timed out.</summary>
    /// <param name="cancelRun">Whether to cancel the run.</param>
    /// <returns>The decision.</returns>
    public static RunPollDecision TimedOut(bool cancelRun) => new(RunPollAction.TimedOut, TimeSpan.Zero, null, cancelRun);
}
