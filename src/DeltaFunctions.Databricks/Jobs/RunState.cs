namespace DeltaFunctions.Databricks.Jobs;

/// <summary>The legacy <c>state</c> object of a run or task run.</summary>
public sealed record RunState
{
    /// <summary>Gets the life cycle state.</summary>
    public RunLifeCycleState? LifeCycleState { get; init; }

    /// <summary>Gets the outcome; present only once the run is terminal.</summary>
    public RunResultState? ResultState { get; init; }

    /// <summary>Gets a descriptive message for the state.</summary>
    public string? StateMessage { get; init; }

    /// <summary>Gets whether a user cancelled the run or it timed out.</summary>
    public bool? UserCancelledOrTimedout { get; init; }

    /// <summary>Gets why the run is queued.</summary>
    public string? QueueReason { get; init; }
}
