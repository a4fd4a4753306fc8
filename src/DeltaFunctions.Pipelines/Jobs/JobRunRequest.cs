using DeltaFunctions.Pipelines.Orchestration;

namespace DeltaFunctions.Pipelines.Jobs;

/// <summary>
/// A request to run one Databricks job, or several as a pipeline (in sequence, or fanned out and joined), and wait
/// for the outcome under one deadline.
/// </summary>
public sealed record JobRunRequest
{
    /// <summary>The longest deadline accepted: seven days.</summary>
    public const int MaxTimeoutSeconds = 7 * 24 * 3600;

    /// <summary>The deadline when none is given: one hour.</summary>
    public const int DefaultTimeoutSeconds = 3600;

    /// <summary>The jobs to run, at least one and at most 100. Step keys must be unique.</summary>
    public required IReadOnlyList<JobStep> Jobs { get; init; }

    /// <summary>How several jobs run. <value>Default: <see cref="PipelineExecutionMode.Sequence"/>.</value></summary>
    public PipelineExecutionMode Mode { get; init; } = PipelineExecutionMode.Sequence;

    /// <summary>
    /// The deadline for the whole request, from the moment the orchestration starts, in seconds (1 to 604800).
    /// <value>Default: <see cref="DefaultTimeoutSeconds"/> (one hour).</value>
    /// </summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary>
    /// Whether a run still active at the deadline is cancelled. When false it is left running and reported as
    /// timed out. <value>Default: true.</value>
    /// </summary>
    public bool? CancelOnTimeout { get; init; }

    /// <summary>
    /// In a sequence, whether a step that does not succeed stops the steps after it (they are reported as not run).
    /// <value>Default: true.</value>
    /// </summary>
    public bool? StopOnFailure { get; init; }

    /// <summary>How often run state is polled. <value>Default: the <see cref="PollingSettings"/> defaults.</value></summary>
    public PollingSettings? Polling { get; init; }

    // Optional fields are nullable so the source-generated serializer (which treats init-only properties as constructor
    // arguments and would reset initialisers to zero) cannot lose a default; these read them with the default applied.
    internal int EffectiveTimeoutSeconds => TimeoutSeconds ?? DefaultTimeoutSeconds;

    internal bool EffectiveCancelOnTimeout => CancelOnTimeout ?? true;

    internal bool EffectiveStopOnFailure => StopOnFailure ?? true;

    internal PollingSettings EffectivePolling => Polling ?? PollingSettings.Default;
}
