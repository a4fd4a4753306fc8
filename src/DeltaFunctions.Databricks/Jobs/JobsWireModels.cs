namespace DeltaFunctions.Databricks.Jobs;

/// <summary>Response of runs/submit and run-now.</summary>
internal sealed record RunIdResponse
{
    /// <summary>Gets the run id.</summary>
    public long RunId { get; init; }

    /// <summary>Gets the sequence number within the job (run-now).</summary>
    public long? NumberInJob { get; init; }
}

/// <summary>Response of jobs/create.</summary>
internal sealed record CreateJobResponse
{
    /// <summary>Gets the new job id.</summary>
    public long JobId { get; init; }
}

/// <summary>Body of runs/cancel.</summary>
internal sealed record RunIdRequest
{
    /// <summary>Gets the run id.</summary>
    public required long RunId { get; init; }
}

/// <summary>Body of jobs/delete.</summary>
internal sealed record JobIdRequest
{
    /// <summary>Gets the job id.</summary>
    public required long JobId { get; init; }
}

/// <summary>Body of jobs/reset.</summary>
internal sealed record ResetJobRequest
{
    /// <summary>Gets the job id.</summary>
    public required long JobId { get; init; }

    /// <summary>Gets the settings replacing the job's.</summary>
    public required JobSettings NewSettings { get; init; }
}

/// <summary>A page of runs/list.</summary>
internal sealed record ListRunsResponse
{
    /// <summary>Gets the runs, newest first.</summary>
    public IReadOnlyList<Run>? Runs { get; init; }

    /// <summary>Gets whether another page exists.</summary>
    public bool? HasMore { get; init; }

    /// <summary>Gets the next page token.</summary>
    public string? NextPageToken { get; init; }

    /// <summary>Gets the previous page token.</summary>
    public string? PrevPageToken { get; init; }
}

/// <summary>A page of jobs/list.</summary>
internal sealed record ListJobsResponse
{
    /// <summary>Gets the jobs.</summary>
    public IReadOnlyList<Job>? Jobs { get; init; }

    /// <summary>Gets whether another page exists.</summary>
    public bool? HasMore { get; init; }

    /// <summary>Gets the next page token.</summary>
    public string? NextPageToken { get; init; }

    /// <summary>Gets the previous page token.</summary>
    public string? PrevPageToken { get; init; }
}

/// <summary>Body of workspace/mkdirs.</summary>
internal sealed record WorkspaceMkdirsRequest
{
    /// <summary>Gets the folder to create with its parents.</summary>
    public required string Path { get; init; }
}

/// <summary>Body of workspace/import.</summary>
internal sealed record WorkspaceImportRequest
{
    /// <summary>Gets the absolute workspace path.</summary>
    public required string Path { get; init; }

    /// <summary>Gets the format: AUTO imports a <c>.py</c> file without a notebook header as a workspace file.</summary>
    public required string Format { get; init; }

    /// <summary>Gets the base64 content.</summary>
    public required string Content { get; init; }

    /// <summary>Gets whether an existing object is replaced.</summary>
    public bool Overwrite { get; init; }
}
