using DeltaFunctions.Databricks.Jobs;

namespace DeltaFunctions.Pipelines.Jobs;

/// <summary>
/// The result of <see cref="JobRunActivityNames.GetRunStatus"/>: a run's state, small enough to keep in the
/// orchestration history at every poll. States are Databricks' strings (extensible: unknown values pass through).
/// </summary>
public sealed record JobRunSnapshot
{
    /// <summary>The run's id.</summary>
    public required long RunId { get; init; }

    /// <summary>Legacy <c>state.life_cycle_state</c>, e.g. RUNNING, TERMINATED.</summary>
    public string? LifeCycleState { get; init; }

    /// <summary>Legacy <c>state.result_state</c>, e.g. SUCCESS, FAILED (terminal runs only).</summary>
    public string? ResultState { get; init; }

    /// <summary>Newer <c>status.state</c>, e.g. RUNNING, TERMINATED.</summary>
    public string? StatusState { get; init; }

    /// <summary>Newer <c>status.termination_details.code</c>, e.g. SUCCESS, USER_CANCELED.</summary>
    public string? TerminationCode { get; init; }

    /// <summary>Newer <c>status.termination_details.type</c>, e.g. SUCCESS, CLIENT_ERROR.</summary>
    public string? TerminationType { get; init; }

    /// <summary><c>state.state_message</c> or <c>status.termination_details.message</c>.</summary>
    public string? StateMessage { get; init; }

    /// <summary>The run's page in the workspace UI.</summary>
    public string? RunPageUrl { get; init; }

    /// <summary>Rebuilds the parts of a Databricks <see cref="Run"/> the Jobs wait decision reads.</summary>
    internal Run ToRun() => new()
    {
        RunId = RunId,
        RunPageUrl = RunPageUrl,
        State = new RunState
        {
            LifeCycleState = string.IsNullOrEmpty(LifeCycleState) ? null : new RunLifeCycleState(LifeCycleState),
            ResultState = string.IsNullOrEmpty(ResultState) ? null : new RunResultState(ResultState),
            StateMessage = StateMessage,
        },
        Status = StatusState is null && TerminationCode is null && TerminationType is null ? null : new RunStatus
        {
            State = string.IsNullOrEmpty(StatusState) ? null : new RunStatusState(StatusState),
            TerminationDetails = TerminationCode is null && TerminationType is null ? null : new TerminationDetails
            {
                Code = string.IsNullOrEmpty(TerminationCode) ? null : new TerminationCode(TerminationCode),
                Type = string.IsNullOrEmpty(TerminationType) ? null : new TerminationType(TerminationType),
                Message = StateMessage,
            },
        },
    };
}
