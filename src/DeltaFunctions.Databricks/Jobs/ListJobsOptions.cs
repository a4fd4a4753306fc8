namespace DeltaFunctions.Databricks.Jobs;

/// <summary>Filters of <see cref="JobsClient.ListJobsAsync"/> (query of <c>GET /api/2.2/jobs/list</c>).</summary>
public sealed record ListJobsOptions
{
    /// <summary>Gets the exact job name to list (case-insensitive on the service).</summary>
    public string? Name { get; init; }

    /// <summary>Gets whether task and cluster details are included.</summary>
    public bool ExpandTasks { get; init; }

    /// <summary>Gets how many jobs each page request asks for.</summary>
    /// <value>Default 100, the most Databricks returns per page; 1 to 100.</value>
    public int PageSize { get; init; } = 100;
}
