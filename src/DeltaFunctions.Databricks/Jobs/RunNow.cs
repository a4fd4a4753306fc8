namespace DeltaFunctions.Databricks.Jobs;

/// <summary>A run of a saved job (<c>POST /api/2.2/jobs/run-now</c>).</summary>
public sealed record RunNow
{
    /// <summary>Gets the job to run.</summary>
    public required long JobId { get; init; }

    /// <summary>Gets job-level parameter values.</summary>
    public IReadOnlyDictionary<string, string>? JobParameters { get; init; }

    /// <summary>Gets the idempotency token (at most 64 characters); the same token returns the same run.</summary>
    public string? IdempotencyToken { get; init; }

    /// <summary>Gets the keys of the only tasks to run.</summary>
    public IReadOnlyList<string>? Only { get; init; }

    /// <summary>Gets the queue settings.</summary>
    public QueueSettings? Queue { get; init; }

    /// <summary>Gets the serverless performance target of this run, overriding the job's.</summary>
    public PerformanceTarget? PerformanceTarget { get; init; }

    /// <summary>Gets legacy notebook parameters, merged over <c>base_parameters</c>.</summary>
    public IReadOnlyDictionary<string, string>? NotebookParams { get; init; }

    /// <summary>Gets legacy JAR parameters.</summary>
    public IReadOnlyList<string>? JarParams { get; init; }

    /// <summary>Gets legacy Python parameters.</summary>
    public IReadOnlyList<string>? PythonParams { get; init; }

    /// <summary>Gets legacy named Python wheel parameters.</summary>
    public IReadOnlyDictionary<string, string>? PythonNamedParams { get; init; }

    /// <summary>Gets legacy spark-submit parameters.</summary>
    public IReadOnlyList<string>? SparkSubmitParams { get; init; }

    /// <summary>Gets legacy SQL task parameters.</summary>
    public IReadOnlyDictionary<string, string>? SqlParams { get; init; }
}
