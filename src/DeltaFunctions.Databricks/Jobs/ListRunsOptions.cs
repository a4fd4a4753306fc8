namespace DeltaFunctions.Databricks.Jobs;

/// <summary>Filters of <see cref="JobsClient.ListRunsAsync"/> (query of <c>GET /api/2.2/jobs/runs/list</c>).</summary>
public sealed record ListRunsOptions
{
    /// <summary>Gets the job whose runs are listed; all runs when null.</summary>
    public long? JobId { get; init; }

    /// <summary>Gets whether only active runs (queued, pending, running, terminating) are listed.</summary>
    public bool ActiveOnly { get; init; }

    /// <summary>Gets whether only completed runs are listed.</summary>
    public bool CompletedOnly { get; init; }

    /// <summary>Gets the run type to list.</summary>
    public RunType? RunType { get; init; }

    /// <summary>Gets whether task details are included (capped at 100 tasks per run).</summary>
    public bool ExpandTasks { get; init; }

    /// <summary>Gets the earliest start time listed, in epoch milliseconds.</summary>
    public long? StartTimeFrom { get; init; }

    /// <summary>Gets the latest start time listed, in epoch milliseconds.</summary>
    public long? StartTimeTo { get; init; }

    /// <summary>Gets how many runs each page request asks for.</summary>
    /// <value>Default 25, the most Databricks returns per page; 1 to 25.</value>
    public int PageSize { get; init; } = 25;
}
