namespace DeltaFunctions.Databricks.Jobs;

/// <summary>A saved job (<c>GET /api/2.2/jobs/get</c>, items of <c>jobs/list</c>).</summary>
public sealed record Job
{
    /// <summary>Gets the job id.</summary>
    public long JobId { get; init; }

    /// <summary>Gets the user who created the job.</summary>
    public string? CreatorUserName { get; init; }

    /// <summary>Gets the identity the job runs as.</summary>
    public string? RunAsUserName { get; init; }

    /// <summary>Gets when the job was created, in epoch milliseconds.</summary>
    public long? CreatedTime { get; init; }

    /// <summary>Gets the job's settings; with 2.2 paging, tasks and clusters of all pages concatenated.</summary>
    public JobSettings? Settings { get; init; }

    /// <summary>Gets whether more array elements are available (2.2 list with <c>expand_tasks</c>).</summary>
    public bool? HasMore { get; init; }

    /// <summary>Gets the token of the next page of arrays (2.2); the client follows it.</summary>
    public string? NextPageToken { get; init; }
}
