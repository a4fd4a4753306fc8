namespace DeltaFunctions.Databricks.Jobs;

/// <summary>
/// Builds a <see cref="JobTask"/>: one task type (notebook, Spark JAR, Spark Python, spark-submit, Python wheel
/// or SQL), its compute, parameters, dependencies, libraries, timeout and retries. <see cref="Build"/> refuses
/// invalid combinations (no compute, two task types, two computes, spark-submit on an existing cluster, a SQL
/// task with a cluster, …) with an <see cref="ArgumentException"/> naming the task and field, before any request.
/// </summary>
/// <example>
/// <code>
/// var task = new JobTaskBuilder("load")
///     .Notebook("/Workspace/etl/load", new Dictionary&lt;string, string&gt; { ["date"] = "2026-01-01" })
///     .OnNewCluster(ClusterPresets.Small("15.4.x-scala2.12"))
///     .WithRetries(2, TimeSpan.FromMinutes(1))
///     .Build();
/// </code>
/// </example>
public sealed class JobTaskBuilder
{
    private readonly string _taskKey;
    private readonly List<TaskDependency> _dependsOn = [];
    private readonly List<Library> _libraries = [];
    private string? _description;
    private RunIf? _runIf;
    private NotebookTask? _notebook;
    private SparkJarTask? _sparkJar;
    private SparkPythonTask? _sparkPython;
    private SparkSubmitTask? _sparkSubmit;
    private PythonWheelTask? _pythonWheel;
    private SqlTask? _sql;
    private string? _existingClusterId;
    private ClusterSpec? _newCluster;
    private string? _jobClusterKey;
    private string? _environmentKey;
    private bool _serverless;
    private int? _timeoutSeconds;
    private int? _maxRetries;
    private int? _minRetryIntervalMillis;
    private bool? _retryOnTimeout;
    private bool? _disabled;
    private WebhookNotifications? _webhooks;

    /// <summary>Starts a task.</summary>
    /// <param name="taskKey">The unique key (1–100 letters, digits, '-' or '_').</param>
    /// <exception cref="ArgumentException">The key is invalid.</exception>
    public JobTaskBuilder(string taskKey)
    {
        JobTaskValidator.ValidateTaskKey(taskKey, nameof(taskKey));
        _taskKey = taskKey;
    }

    /// <summary>Sets the description.</summary>
    /// <param name="description">The description.</param>
    /// <returns>This builder.</returns>
    public JobTaskBuilder WithDescription(string description)
    {
        _description = description;
        return this;
    }

    /// <summary>Makes this a notebook task.</summary>
    /// <param name="notebookPath">The absolute workspace path, or a repository-relative path when <paramref name="source"/> is GIT.</param>
    /// <param name="baseParameters">Widget values read with <c>dbutils.widgets.get</c>.</param>
    /// <param name="source">Where the notebook lives; WORKSPACE when null.</param>
    /// <param name="warehouseId">A SQL warehouse that runs a SQL notebook instead of a cluster.</param>
    /// <returns>This builder.</returns>
    public JobTaskBuilder Notebook(string notebookPath, IReadOnlyDictionary<string, string>? baseParameters = null, TaskSource? source = null, string? warehouseId = null)
    {
        _notebook = new NotebookTask { NotebookPath = notebookPath, BaseParameters = Copy(baseParameters), Source = source, WarehouseId = warehouseId };
        return this;
    }

    /// <summary>Makes this a Spark JAR task; add the JAR with <see cref="WithLibrary"/> and <see cref="Library.FromJar"/>.</summary>
    /// <param name="mainClassName">The class holding the main method.</param>
    /// <param name="parameters">The arguments of the main method.</param>
    /// <returns>This builder.</returns>
    public JobTaskBuilder SparkJar(string mainClassName, IEnumerable<string>? parameters = null)
    {
        _sparkJar = new SparkJarTask { MainClassName = mainClassName, Parameters = parameters?.ToList() };
        return this;
    }

    /// <summary>Makes this a Spark Python task.</summary>
    /// <param name="pythonFile">The Python file: workspace path, Volume path or cloud URI.</param>
    /// <param name="parameters">The command-line arguments.</param>
    /// <param name="source">Where the file lives; WORKSPACE when null.</param>
    /// <returns>This builder.</returns>
    public JobTaskBuilder SparkPython(string pythonFile, IEnumerable<string>? parameters = null, TaskSource? source = null)
    {
        _sparkPython = new SparkPythonTask { PythonFile = pythonFile, Parameters = parameters?.ToList(), Source = source };
        return this;
    }

    /// <summary>Makes this a spark-submit task; it needs a new cluster (<see cref="OnNewCluster"/> or <see cref="OnJobCluster"/>).</summary>
    /// <param name="parameters">The spark-submit arguments, for example <c>--class</c>, <c>--jars</c> and the application.</param>
    /// <returns>This builder.</returns>
    public JobTaskBuilder SparkSubmit(IEnumerable<string> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _sparkSubmit = new SparkSubmitTask { Parameters = parameters.ToList() };
        return this;
    }

    /// <summary>Makes this a Python wheel task with positional arguments.</summary>
    /// <param name="packageName">The package to import.</param>
    /// <param name="entryPoint">The entry point.</param>
    /// <param name="parameters">Positional arguments.</param>
    /// <returns>This builder.</returns>
    public JobTaskBuilder PythonWheel(string packageName, string entryPoint, IEnumerable<string>? parameters = null)
    {
        _pythonWheel = new PythonWheelTask { PackageName = packageName, EntryPoint = entryPoint, Parameters = parameters?.ToList() };
        return this;
    }

    /// <summary>Makes this a Python wheel task with named arguments.</summary>
    /// <param name="packageName">The package to import.</param>
    /// <param name="entryPoint">The entry point.</param>
    /// <param name="namedParameters">Named arguments, passed as <c>--key=value</c>.</param>
    /// <returns>This builder.</returns>
    public JobTaskBuilder PythonWheel(string packageName, string entryPoint, IReadOnlyDictionary<string, string> namedParameters)
    {
        ArgumentNullException.ThrowIfNull(namedParameters);
        _pythonWheel = new PythonWheelTask { PackageName = packageName, EntryPoint = entryPoint, NamedParameters = Copy(namedParameters) };
        return this;
    }

    /// <summary>Makes this a SQL task running a saved query.</summary>
    /// <param name="warehouseId">The SQL warehouse.</param>
    /// <param name="queryId">The saved query.</param>
    /// <param name="parameters">The query's named parameters.</param>
    /// <returns>This builder.</returns>
    public JobTaskBuilder SqlQuery(string warehouseId, string queryId, IReadOnlyDictionary<string, string>? parameters = null)
    {
        _sql = new SqlTask { WarehouseId = warehouseId, Query = new SqlTaskQuery { QueryId = queryId }, Parameters = Copy(parameters) };
        return this;
    }

    /// <summary>Makes this a SQL task running a <c>.sql</c> file.</summary>
    /// <param name="warehouseId">The SQL warehouse.</param>
    /// <param name="path">The file: absolute workspace path, or repository-relative when <paramref name="source"/> is GIT.</param>
    /// <param name="parameters">The file's named parameters.</param>
    /// <param name="source">Where the file lives; WORKSPACE when null.</param>
    /// <returns>This builder.</returns>
    public JobTaskBuilder SqlFile(string warehouseId, string path, IReadOnlyDictionary<string, string>? parameters = null, TaskSource? source = null)
    {
        _sql = new SqlTask { WarehouseId = warehouseId, File = new SqlTaskFile { Path = path, Source = source }, Parameters = Copy(parameters) };
        return this;
    }

    /// <summary>Makes this a SQL task evaluating an alert.</summary>
    /// <param name="warehouseId">The SQL warehouse.</param>
    /// <param name="alertId">The alert.</param>
    /// <returns>This builder.</returns>
    public JobTaskBuilder SqlAlert(string warehouseId, string alertId)
    {
        _sql = new SqlTask { WarehouseId = warehouseId, Alert = new SqlTaskAlert { AlertId = alertId } };
        return this;
    }

    /// <summary>Makes this a SQL task refreshing a legacy dashboard.</summary>
    /// <param name="warehouseId">The SQL warehouse.</param>
    /// <param name="dashboardId">The dashboard.</param>
    /// <returns>This builder.</returns>
    public JobTaskBuilder SqlDashboard(string warehouseId, string dashboardId)
    {
        _sql = new SqlTask { WarehouseId = warehouseId, Dashboard = new SqlTaskDashboard { DashboardId = dashboardId } };
        return this;
    }

    /// <summary>Runs the task on an existing all-purpose cluster.</summary>
    /// <param name="clusterId">The cluster id.</param>
    /// <returns>This builder.</returns>
    public JobTaskBuilder OnExistingCluster(string clusterId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        _existingClusterId = clusterId;
        return this;
    }

    /// <summary>Runs the task on a new cluster created for it.</summary>
    /// <param name="cluster">The cluster spec.</param>
    /// <returns>This builder.</returns>
    public JobTaskBuilder OnNewCluster(ClusterSpec cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        _newCluster = cluster;
        return this;
    }

    /// <summary>Runs the task on a cluster shared by the job's tasks (saved jobs only).</summary>
    /// <param name="jobClusterKey">The key of a cluster in the job's <c>job_clusters</c>.</param>
    /// <returns>This builder.</returns>
    public JobTaskBuilder OnJobCluster(string jobClusterKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobClusterKey);
        _jobClusterKey = jobClusterKey;
        return this;
    }

    /// <summary>Runs the task on serverless compute.</summary>
    /// <param name="environmentKey">The job environment holding the task's dependencies (Python script and wheel tasks), or null.</param>
    /// <returns>This builder.</returns>
    public JobTaskBuilder OnServerless(string? environmentKey = null)
    {
        _serverless = true;
        _environmentKey = environmentKey;
        return this;
    }

    /// <summary>Adds a task that must finish before this one.</summary>
    /// <param name="taskKey">The key of the other task.</param>
    /// <param name="outcome">For a condition task, the outcome required (<c>"true"</c> or <c>"false"</c>).</param>
    /// <returns>This builder.</returns>
    public JobTaskBuilder DependsOn(string taskKey, string? outcome = null)
    {
        JobTaskValidator.ValidateTaskKey(taskKey, nameof(taskKey));
        _dependsOn.Add(new TaskDependency { TaskKey = taskKey, Outcome = outcome });
        return this;
    }

    /// <summary>Sets when the task runs relative to its dependencies.</summary>
    /// <param name="runIf">The condition; ALL_SUCCESS by default.</param>
    /// <returns>This builder.</returns>
    public JobTaskBuilder WithRunIf(RunIf runIf)
    {
        _runIf = runIf;
        return this;
    }

    /// <summary>Adds a library installed on the task's cluster.</summary>
    /// <param name="library">The library.</param>
    /// <returns>This builder.</returns>
    public JobTaskBuilder WithLibrary(Library library)
    {
        ArgumentNullException.ThrowIfNull(library);
        _libraries.Add(library);
        return this;
    }

    /// <summary>Sets the task's timeout.</summary>
    /// <param name="timeout">The timeout, in whole seconds; <see cref="TimeSpan.Zero"/> means none.</param>
    /// <returns>This builder.</returns>
    public JobTaskBuilder WithTimeout(TimeSpan timeout)
    {
        _timeoutSeconds = ToSeconds(timeout, nameof(timeout));
        return this;
    }

    /// <summary>Sets the retry policy of the task (saved jobs and one-time runs alike; not continuous jobs).</summary>
    /// <param name="maxRetries">How many retries; -1 retries forever.</param>
    /// <param name="minInterval">The minimum wait between attempts.</param>
    /// <param name="retryOnTimeout">Whether a timed-out attempt is retried.</param>
    /// <returns>This builder.</returns>
    public JobTaskBuilder WithRetries(int maxRetries, TimeSpan? minInterval = null, bool retryOnTimeout = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRetries, -1);
        if (minInterval is { } interval)
        {
            if (interval < TimeSpan.Zero || interval.TotalMilliseconds > int.MaxValue)
            {
                throw new ArgumentOutOfRangeException(nameof(minInterval), interval, "The retry interval must be between 0 and about 24 days.");
            }

            _minRetryIntervalMillis = (int)interval.TotalMilliseconds;
        }

        _maxRetries = maxRetries;
        _retryOnTimeout = retryOnTimeout;
        return this;
    }

    /// <summary>Sets the system destinations notified about the task (at most three per event, checked by <see cref="Build"/>).</summary>
    /// <param name="notifications">The destinations.</param>
    /// <returns>This builder.</returns>
    public JobTaskBuilder WithWebhookNotifications(WebhookNotifications notifications)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        _webhooks = notifications;
        return this;
    }

    /// <summary>Marks the task disabled: it is skipped when the job runs.</summary>
    /// <returns>This builder.</returns>
    public JobTaskBuilder Disable()
    {
        _disabled = true;
        return this;
    }

    /// <summary>Builds the task after checking every rule.</summary>
    /// <returns>The task.</returns>
    /// <exception cref="ArgumentException">The combination is invalid; the message names the task and field.</exception>
    public JobTask Build()
    {
        var task = new JobTask
        {
            TaskKey = _taskKey,
            Description = _description,
            DependsOn = _dependsOn.Count == 0 ? null : [.. _dependsOn],
            RunIf = _runIf,
            ExistingClusterId = _existingClusterId,
            NewCluster = _newCluster,
            JobClusterKey = _jobClusterKey,
            EnvironmentKey = _environmentKey,
            Libraries = _libraries.Count == 0 ? null : [.. _libraries],
            TimeoutSeconds = _timeoutSeconds,
            MaxRetries = _maxRetries,
            MinRetryIntervalMillis = _minRetryIntervalMillis,
            RetryOnTimeout = _retryOnTimeout,
            Disabled = _disabled,
            WebhookNotifications = _webhooks,
            NotebookTask = _notebook,
            SparkJarTask = _sparkJar,
            SparkPythonTask = _sparkPython,
            SparkSubmitTask = _sparkSubmit,
            PythonWheelTask = _pythonWheel,
            SqlTask = _sql,
        };
        if (_serverless && (_existingClusterId is not null || _jobClusterKey is not null || _newCluster is not null))
        {
            throw new ArgumentException($"Task '{_taskKey}' chooses serverless compute and also a cluster; choose one.", "task");
        }

        JobTaskValidator.Validate(task, "task", _serverless);
        return task;
    }

    internal static int ToSeconds(TimeSpan timeout, string parameterName)
    {
        if (timeout < TimeSpan.Zero || timeout.TotalSeconds > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(parameterName, timeout, "The timeout must be zero (none) or positive and fit in int32 seconds.");
        }

        return (int)Math.Ceiling(timeout.TotalSeconds);
    }

    private static Dictionary<string, string>? Copy(IReadOnlyDictionary<string, string>? source) =>
        source is null ? null : new Dictionary<string, string>(source, StringComparer.Ordinal);
}
