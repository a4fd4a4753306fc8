namespace DeltaFunctions.Databricks.Jobs;

/// <summary>A task of a run (<c>tasks[]</c> of runs/get): the task definition plus its run.</summary>
public sealed record RunTask
{
    /// <summary>Gets the id of the task run; use it with <see cref="JobsClient.GetRunOutputAsync"/>.</summary>
    public long RunId { get; init; }

    /// <summary>Gets the task key.</summary>
    public string? TaskKey { get; init; }

    /// <summary>Gets the description.</summary>
    public string? Description { get; init; }

    /// <summary>Gets the tasks this one depended on.</summary>
    public IReadOnlyList<TaskDependency>? DependsOn { get; init; }

    /// <summary>Gets the legacy state.</summary>
    public RunState? State { get; init; }

    /// <summary>Gets the newer status.</summary>
    public RunStatus? Status { get; init; }

    /// <summary>Gets the URL of the task run's page.</summary>
    public string? RunPageUrl { get; init; }

    /// <summary>Gets the attempt number; 0 for the first attempt.</summary>
    public int? AttemptNumber { get; init; }

    /// <summary>Gets when the task run started, in epoch milliseconds.</summary>
    public long? StartTime { get; init; }

    /// <summary>Gets when the task run ended, in epoch milliseconds; 0 while running.</summary>
    public long? EndTime { get; init; }

    /// <summary>Gets the cluster setup time in milliseconds.</summary>
    public long? SetupDuration { get; init; }

    /// <summary>Gets the execution time in milliseconds.</summary>
    public long? ExecutionDuration { get; init; }

    /// <summary>Gets the cleanup time in milliseconds.</summary>
    public long? CleanupDuration { get; init; }

    /// <summary>Gets the total duration in milliseconds.</summary>
    public long? RunDuration { get; init; }

    /// <summary>Gets the time spent queued in milliseconds.</summary>
    public long? QueueDuration { get; init; }

    /// <summary>Gets the cluster the task used.</summary>
    public ClusterInstance? ClusterInstance { get; init; }

    /// <summary>Gets the existing cluster the task ran on.</summary>
    public string? ExistingClusterId { get; init; }

    /// <summary>Gets the new cluster spec of the task.</summary>
    public ClusterSpec? NewCluster { get; init; }

    /// <summary>Gets the shared job cluster key of the task.</summary>
    public string? JobClusterKey { get; init; }

    /// <summary>Gets the libraries of the task.</summary>
    public IReadOnlyList<Library>? Libraries { get; init; }

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
