using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace DeltaFunctions.Emulator.Jobs;

/// <summary>One run (job run or one-time submit run) and its task runs; mutated under <see cref="Gate"/>.</summary>
internal sealed class RunRecord
{
    public required long RunId { get; init; }

    public long? JobId { get; init; }

    public required string RunType { get; init; }

    public required string RunName { get; init; }

    public required string Origin { get; init; }

    public required long StartTime { get; init; }

    public JsonArray? JobParameters { get; init; }

    public JsonObject? OverridingParameters { get; init; }

    public int? TimeoutSeconds { get; init; }

    /// <summary>Gets a value indicating whether the run waits in QUEUED (rather than being skipped) when the job is at its limit.</summary>
    public bool Queue { get; init; }

    /// <summary>Gets the job's run slots when the run counts against <c>max_concurrent_runs</c>.</summary>
    public SemaphoreSlim? Slots { get; init; }

    /// <summary>Gets or sets a value indicating whether the run holds one of <see cref="Slots"/>.</summary>
    public bool HoldsSlot { get; set; }

    /// <summary>Gets or sets when the run left the queue (epoch ms), or 0 if it never queued.</summary>
    public long QueuedUntil { get; set; }

    public required List<TaskRunRecord> Tasks { get; init; }

    public Lock Gate { get; } = new();

    public CancellationTokenSource Cancellation { get; } = new();

    public RunPhase Phase { get; init; } = new();

    public Task Completion { get; set; } = Task.CompletedTask;

    /// <summary>Gets or sets a value indicating whether the emulator stopped under the run (it ends as interrupted, not cancelled).</summary>
    public bool Interrupted { get; set; }

    public bool IsActive => Phase.LifeCycle is "QUEUED" or "PENDING" or "RUNNING" or "TERMINATING" or "BLOCKED" or "WAITING_FOR_RETRY";
}

/// <summary>One task of a run.</summary>
internal sealed class TaskRunRecord
{
    public required long RunId { get; init; }

    public required string TaskKey { get; init; }

    public required JsonObject Definition { get; init; }

    public RunPhase Phase { get; init; } = new();

    public string? NotebookResult { get; set; }

    public bool NotebookResultTruncated { get; set; }

    public string? Error { get; set; }

    public string? ErrorTrace { get; set; }

    public string? Logs { get; set; }
}

/// <summary>The legacy <c>state</c> and newer <c>status</c> of a run or task run, plus its times.</summary>
internal sealed class RunPhase
{
    public string LifeCycle { get; set; } = "PENDING";

    public string? ResultState { get; set; }

    public string StateMessage { get; set; } = string.Empty;

    public string? TerminationCode { get; set; }

    public string? TerminationType { get; set; }

    public bool UserCancelledOrTimedOut { get; set; }

    /// <summary>Gets or sets why the run waits in QUEUED.</summary>
    public string? QueueReason { get; set; }

    public long StartTime { get; set; }

    public long EndTime { get; set; }

    [JsonIgnore]
    public bool IsTerminal => LifeCycle is "TERMINATED" or "SKIPPED" or "INTERNAL_ERROR";

    /// <summary>
    /// Ends a run or task the workspace stopped under, as Databricks ends a run whose cluster went away: INTERNAL_ERROR
    /// with result FAILED (the SDK waiter reports an error), never resumed.
    /// </summary>
    public void Interrupt(long endTime) => Terminate(
        "INTERNAL_ERROR",
        "FAILED",
        "INTERNAL_ERROR",
        "INTERNAL_ERROR",
        "The run was terminated because the workspace (emulator) restarted while it was active.",
        endTime);

    /// <summary>Copies the phase, for a snapshot taken under the run's gate.</summary>
    public RunPhase Copy() => (RunPhase)MemberwiseClone();

    public void Terminate(string lifeCycle, string resultState, string code, string type, string message, long endTime)
    {
        LifeCycle = lifeCycle;
        ResultState = resultState;
        TerminationCode = code;
        TerminationType = type;
        StateMessage = message;
        EndTime = endTime;
    }

    /// <summary>The new <c>status.state</c>: the life cycle without the legacy terminal variants.</summary>
    [JsonIgnore]
    public string StatusState => LifeCycle switch
    {
        "SKIPPED" or "INTERNAL_ERROR" or "TERMINATED" => "TERMINATED",
        "WAITING_FOR_RETRY" => "WAITING",
        var other => other,
    };
}
