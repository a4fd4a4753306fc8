namespace DeltaFunctions.Databricks.Jobs;

/// <summary>The output of a task run (<c>GET /api/2.2/jobs/runs/get-output</c>).</summary>
public sealed record RunOutput
{
    /// <summary>Gets the task run.</summary>
    public Run? Metadata { get; init; }

    /// <summary>Gets the notebook's exit value.</summary>
    public NotebookOutput? NotebookOutput { get; init; }

    /// <summary>Gets the SQL task output.</summary>
    public SqlOutput? SqlOutput { get; init; }

    /// <summary>Gets stdout and stderr of JAR, Python and wheel tasks (last 5 MB).</summary>
    public string? Logs { get; init; }

    /// <summary>Gets whether <see cref="Logs"/> was cut.</summary>
    public bool? LogsTruncated { get; init; }

    /// <summary>Gets the error message of a failed run (unstructured).</summary>
    public string? Error { get; init; }

    /// <summary>Gets the stack trace of a failed run.</summary>
    public string? ErrorTrace { get; init; }

    /// <summary>Gets information about the run, for example why the output is missing.</summary>
    public string? Info { get; init; }
}
