namespace DeltaFunctions.Databricks.Jobs;

/// <summary>The newer <c>status</c> object of a run or task run.</summary>
public sealed record RunStatus
{
    /// <summary>Gets the state.</summary>
    public RunStatusState? State { get; init; }

    /// <summary>Gets why the run ended, once terminal.</summary>
    public TerminationDetails? TerminationDetails { get; init; }

    /// <summary>Gets why the run is queued.</summary>
    public QueueDetails? QueueDetails { get; init; }
}
