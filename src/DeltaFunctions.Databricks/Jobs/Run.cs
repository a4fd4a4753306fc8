namespace DeltaFunctions.Databricks.Jobs;

/// <summary>
/// A run (<c>GET /api/2.2/jobs/runs/get</c>; items of runs/list carry the same fields without all tasks). Both
/// the legacy <see cref="State"/> and the newer <see cref="Status"/> are read; see
/// <see cref="RunWaitPolicy.IsTerminal(Run)"/> and <see cref="RunWaitPolicy.GetResultState(Run)"/> for how they
/// combine.
/// </summary>
public sealed record Run
{
    /// <summary>Gets the run id.</summary>
    public long RunId { get; init; }

    /// <summary>Gets the job id; for one-time runs, the id Databricks assigned.</summary>
    public long? JobId { get; init; }

    /// <summary>Gets the id of the job run this run belongs to.</summary>
    public long? JobRunId { get; init; }

    /// <summary>Gets the sequence number of the run within its job.</summary>
    public long? NumberInJob { get; init; }

    /// <summary>Gets the run id of the first attempt of a retried run.</summary>
    public long? OriginalAttemptRunId { get; init; }

    /// <summary>Gets the attempt number; 0 for the first attempt.</summary>
    public int? AttemptNumber { get; init; }

    /// <summary>Gets the run name.</summary>
    public string? RunName { get; init; }

    /// <summary>Gets how the run was created.</summary>
    public RunType? RunType { get; init; }

    /// <summary>Gets what started the run.</summary>
    public TriggerType? Trigger { get; init; }

    /// <summary>Gets the user who created the run.</summary>
    public string? CreatorUserName { get; init; }

    /// <summary>Gets the URL of the run's page in the workspace (opaque).</summary>
    public string? RunPageUrl { get; init; }

    /// <summary>Gets when the run started, in epoch milliseconds.</summary>
    public long? StartTime { get; init; }

    /// <summary>Gets when the run ended, in epoch milliseconds; 0 while running.</summary>
    public long? EndTime { get; init; }

    /// <summary>Gets the cluster setup time in milliseconds (0 for multitask runs).</summary>
    public long? SetupDuration { get; init; }

    /// <summary>Gets the execution time in milliseconds (0 for multitask runs).</summary>
    public long? ExecutionDuration { get; init; }

    /// <summary>Gets the cleanup time in milliseconds (0 for multitask runs).</summary>
    public long? CleanupDuration { get; init; }

    /// <summary>Gets the total duration in milliseconds.</summary>
    public long? RunDuration { get; init; }

    /// <summary>Gets the time spent queued in milliseconds.</summary>
    public long? QueueDuration { get; init; }

    /// <summary>Gets the legacy state.</summary>
    public RunState? State { get; init; }

    /// <summary>Gets the newer status.</summary>
    public RunStatus? Status { get; init; }

    /// <summary>Gets the task runs; <see cref="JobsClient.GetRunAsync"/> concatenates all 2.2 pages.</summary>
    public IReadOnlyList<RunTask>? Tasks { get; init; }

    /// <summary>Gets the shared job clusters.</summary>
    public IReadOnlyList<JobCluster>? JobClusters { get; init; }

    /// <summary>Gets the job parameters the run resolved.</summary>
    public IReadOnlyList<RunParameter>? JobParameters { get; init; }

    /// <summary>Gets the cluster the run used.</summary>
    public ClusterInstance? ClusterInstance { get; init; }

    /// <summary>Gets whether more array elements are available.</summary>
    public bool? HasMore { get; init; }

    /// <summary>Gets the token of the next page of arrays (2.2); the client follows it.</summary>
    public string? NextPageToken { get; init; }
}
