namespace DeltaFunctions.Databricks.Jobs;

/// <summary>
/// A task of a job or one-time run (<c>tasks[]</c> of JobSettings and SubmitRun). Build one with
/// <see cref="JobTaskBuilder"/>, which refuses invalid combinations before any request is made.
/// </summary>
public sealed record JobTask
{
    /// <summary>Gets the task's unique key within its job (at most 100 characters: letters, digits, <c>-</c>, <c>_</c>).</summary>
    public required string TaskKey { get; init; }

    /// <summary>Gets the description.</summary>
    public string? Description { get; init; }

    /// <summary>Gets the tasks that must finish before this one.</summary>
    public IReadOnlyList<TaskDependency>? DependsOn { get; init; }

    /// <summary>Gets when the task runs relative to its dependencies; ALL_SUCCESS when absent.</summary>
    public RunIf? RunIf { get; init; }

    /// <summary>Gets the id of an existing all-purpose cluster that runs the task.</summary>
    public string? ExistingClusterId { get; init; }

    /// <summary>Gets the spec of a new cluster created for the task.</summary>
    public ClusterSpec? NewCluster { get; init; }

    /// <summary>Gets the key of a shared job cluster of the job.</summary>
    public string? JobClusterKey { get; init; }

    /// <summary>Gets the serverless environment of the task.</summary>
    public string? EnvironmentKey { get; init; }

    /// <summary>Gets the libraries installed on the cluster.</summary>
    public IReadOnlyList<Library>? Libraries { get; init; }

    /// <summary>Gets the task's timeout in seconds; 0 or absent means none.</summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary>Gets how many times a failed task is retried; -1 retries forever.</summary>
    public int? MaxRetries { get; init; }

    /// <summary>Gets the minimum wait between retries in milliseconds.</summary>
    public int? MinRetryIntervalMillis { get; init; }

    /// <summary>Gets whether a timed-out task is retried.</summary>
    public bool? RetryOnTimeout { get; init; }

    /// <summary>Gets whether the task is disabled.</summary>
    public bool? Disabled { get; init; }

    /// <summary>Gets the notification addresses of the task.</summary>
    public EmailNotifications? EmailNotifications { get; init; }

    /// <summary>Gets the system destinations notified about the task.</summary>
    public WebhookNotifications? WebhookNotifications { get; init; }

    /// <summary>Gets the notebook task.</summary>
    public NotebookTask? NotebookTask { get; init; }

    /// <summary>Gets the Spark JAR task.</summary>
    public SparkJarTask? SparkJarTask { get; init; }

    /// <summary>Gets the Spark Python task.</summary>
    public SparkPythonTask? SparkPythonTask { get; init; }

    /// <summary>Gets the spark-submit task.</summary>
    public SparkSubmitTask? SparkSubmitTask { get; init; }

    /// <summary>Gets the Python wheel task.</summary>
    public PythonWheelTask? PythonWheelTask { get; init; }

    /// <summary>Gets the SQL task.</summary>
    public SqlTask? SqlTask { get; init; }
}
