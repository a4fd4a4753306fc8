using System.Globalization;

namespace DeltaFunctions.Databricks.Jobs;

/// <summary>
/// The rules a task and a task graph must satisfy before a request is made. Every message names the task key and
/// the field, so a caller sees what to change without a round trip to Databricks.
/// </summary>
internal static class JobTaskValidator
{
    /// <summary>The longest task key Databricks accepts.</summary>
    public const int MaxTaskKeyLength = 100;

    /// <summary>The most tasks one job or run may hold on write.</summary>
    public const int MaxTasks = 1000;

    /// <summary>Checks a task key: 1–100 characters of letters, digits, '-' and '_'.</summary>
    /// <param name="taskKey">The key.</param>
    /// <param name="parameterName">The parameter reported.</param>
    public static void ValidateTaskKey(string taskKey, string parameterName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(taskKey, parameterName);
        if (taskKey.Length > MaxTaskKeyLength)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Task key '{taskKey[..20]}…' is {taskKey.Length} characters long; at most {MaxTaskKeyLength} are allowed."),
                parameterName);
        }

        if (!taskKey.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
        {
            throw new ArgumentException($"Task key '{taskKey}' may hold only letters, digits, '-' and '_'.", parameterName);
        }
    }

    /// <summary>Checks one task on its own.</summary>
    /// <param name="task">The task.</param>
    /// <param name="parameterName">The parameter reported.</param>
    /// <param name="serverless">
    /// Whether a task without cluster compute means serverless. On the wire serverless is the absence of compute,
    /// so <see cref="JobTaskBuilder"/> passes true only when the caller chose serverless explicitly, which catches a
    /// forgotten cluster; tasks handed over as records were written deliberately and pass true.
    /// </param>
    /// <exception cref="ArgumentException">The task is invalid.</exception>
    public static void Validate(JobTask task, string parameterName, bool serverless)
    {
        ArgumentNullException.ThrowIfNull(task, parameterName);
        ValidateTaskKey(task.TaskKey, parameterName);
        var key = task.TaskKey;

        var types = TaskTypes(task).ToList();
        if (types.Count == 0)
        {
            throw new ArgumentException(
                $"Task '{key}' has no task type; give exactly one of notebook_task, spark_jar_task, spark_python_task, spark_submit_task, python_wheel_task or sql_task.",
                parameterName);
        }

        if (types.Count > 1)
        {
            throw new ArgumentException(
                $"Task '{key}' sets {types.Count} task types ({string.Join(", ", types)}); a task has exactly one.", parameterName);
        }

        var compute = ComputeKinds(task).ToList();
        if (compute.Count > 1)
        {
            throw new ArgumentException(
                $"Task '{key}' names more than one compute ({string.Join(", ", compute)}); choose one.", parameterName);
        }

        var runsOnWarehouse = task.SqlTask is not null || task.NotebookTask?.WarehouseId is not null;
        if (runsOnWarehouse && compute.Count > 0)
        {
            throw new ArgumentException(
                $"Task '{key}' runs on SQL warehouse '{task.SqlTask?.WarehouseId ?? task.NotebookTask?.WarehouseId}' and also names {compute[0]}; a warehouse task takes no cluster.",
                parameterName);
        }

        if (!runsOnWarehouse && compute.Count == 0 && !serverless)
        {
            throw new ArgumentException(
                $"Task '{key}' has no compute; give existing_cluster_id, new_cluster, job_cluster_key or choose serverless explicitly.",
                parameterName);
        }

        ValidateTaskType(task, parameterName);
        task.NewCluster?.Validate(parameterName);

        if ((task.EnvironmentKey is not null || (serverless && compute.Count == 0)) && task.Libraries is { Count: > 0 } && !runsOnWarehouse)
        {
            throw new ArgumentException(
                $"Task '{key}' runs on serverless compute, which does not install task libraries; declare dependencies in the environment instead.",
                parameterName);
        }

        if (task.Libraries is not null)
        {
            foreach (var library in task.Libraries)
            {
                if (library is null || library.KindCount != 1)
                {
                    throw new ArgumentException(
                        $"Task '{key}' has a library that sets {library?.KindCount ?? 0} kinds; each library sets exactly one (jar, whl, requirements, egg, pypi, maven or cran).",
                        parameterName);
                }
            }
        }

        if (task.TimeoutSeconds is < 0)
        {
            throw new ArgumentException($"Task '{key}' has a negative timeout_seconds.", parameterName);
        }

        if (task.MaxRetries is < -1)
        {
            throw new ArgumentException($"Task '{key}' has max_retries {task.MaxRetries}; use -1 (forever), 0 or more.", parameterName);
        }

        if (task.MinRetryIntervalMillis is < 0)
        {
            throw new ArgumentException($"Task '{key}' has a negative min_retry_interval_millis.", parameterName);
        }

        if (task.WebhookNotifications is { } webhooks)
        {
            WebhookNotifications.Validate(webhooks, parameterName);
        }

        if (task.DependsOn is not null)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var dependency in task.DependsOn)
            {
                if (dependency is null || string.IsNullOrWhiteSpace(dependency.TaskKey))
                {
                    throw new ArgumentException($"Task '{key}' has a dependency without a task key.", parameterName);
                }

                if (dependency.TaskKey == key)
                {
                    throw new ArgumentException($"Task '{key}' depends on itself.", parameterName);
                }

                if (!seen.Add(dependency.TaskKey))
                {
                    throw new ArgumentException($"Task '{key}' lists dependency '{dependency.TaskKey}' twice.", parameterName);
                }
            }
        }
    }

    /// <summary>Checks a set of tasks together: each task, unique keys, known dependencies and no cycles.</summary>
    /// <param name="tasks">The tasks.</param>
    /// <param name="parameterName">The parameter reported.</param>
    public static void ValidateGraph(IReadOnlyList<JobTask> tasks, string parameterName)
    {
        if (tasks.Count == 0)
        {
            throw new ArgumentException("At least one task is required.", parameterName);
        }

        if (tasks.Count > MaxTasks)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{tasks.Count} tasks given; Databricks accepts at most {MaxTasks}."), parameterName);
        }

        var byKey = new Dictionary<string, JobTask>(StringComparer.Ordinal);
        foreach (var task in tasks)
        {
            Validate(task, parameterName, serverless: true);
            if (!byKey.TryAdd(task.TaskKey, task))
            {
                throw new ArgumentException($"Task key '{task.TaskKey}' is used by more than one task; task keys must be unique.", parameterName);
            }
        }

        foreach (var task in tasks)
        {
            foreach (var dependency in task.DependsOn ?? [])
            {
                if (!byKey.ContainsKey(dependency.TaskKey))
                {
                    throw new ArgumentException(
                        $"Task '{task.TaskKey}' depends on '{dependency.TaskKey}', which is not a task of this job.", parameterName);
                }
            }
        }

        // Depth-first search for a cycle: 0 unvisited, 1 on the stack, 2 done.
        var marks = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var task in tasks)
        {
            Visit(task.TaskKey, byKey, marks, [], parameterName);
        }
    }

    private static void Visit(string key, Dictionary<string, JobTask> byKey, Dictionary<string, int> marks, List<string> path, string parameterName)
    {
        var mark = marks.GetValueOrDefault(key);
        if (mark == 2)
        {
            return;
        }

        if (mark == 1)
        {
            var start = path.IndexOf(key);
            throw new ArgumentException(
                $"Tasks depend on each other in a cycle: {string.Join(" -> ", path.Skip(start).Append(key))}.", parameterName);
        }

        marks[key] = 1;
        path.Add(key);
        foreach (var dependency in byKey[key].DependsOn ?? [])
        {
            Visit(dependency.TaskKey, byKey, marks, path, parameterName);
        }

        path.RemoveAt(path.Count - 1);
        marks[key] = 2;
    }

    private static void ValidateTaskType(JobTask task, string parameterName)
    {
        var key = task.TaskKey;
        if (task.NotebookTask is { } notebook)
        {
            ValidatePath(key, "notebook_task.notebook_path", notebook.NotebookPath, notebook.Source, parameterName);
        }

        if (task.SparkJarTask is { } jar)
        {
            if (string.IsNullOrWhiteSpace(jar.MainClassName) || jar.MainClassName.Any(char.IsWhiteSpace))
            {
                throw new ArgumentException($"Task '{key}' needs spark_jar_task.main_class_name, a class name without spaces.", parameterName);
            }
        }

        if (task.SparkPythonTask is { } python && string.IsNullOrWhiteSpace(python.PythonFile))
        {
            throw new ArgumentException($"Task '{key}' needs spark_python_task.python_file.", parameterName);
        }

        if (task.SparkSubmitTask is { } submit)
        {
            if (submit.Parameters is null || submit.Parameters.Count == 0)
            {
                throw new ArgumentException($"Task '{key}' needs spark_submit_task.parameters (at least the application to run).", parameterName);
            }

            // Databricks: spark-submit tasks run only on new clusters (inline or a job cluster); libraries and
            // spark_conf are not supported in that cluster (use --jars/--py-files and --conf), nor is autoscaling.
            if (task.ExistingClusterId is not null)
            {
                throw new ArgumentException($"Task '{key}' is a spark-submit task on existing cluster '{task.ExistingClusterId}'; spark-submit runs only on a new cluster.", parameterName);
            }

            if (task.EnvironmentKey is not null || (task.NewCluster is null && task.JobClusterKey is null))
            {
                throw new ArgumentException($"Task '{key}' is a spark-submit task on serverless compute; spark-submit runs only on a new cluster.", parameterName);
            }

            if (task.Libraries is { Count: > 0 })
            {
                throw new ArgumentException($"Task '{key}' is a spark-submit task with libraries; pass them with --jars or --py-files instead.", parameterName);
            }

            if (task.NewCluster is { } cluster)
            {
                if (cluster.SparkConf is { Count: > 0 })
                {
                    throw new ArgumentException($"Task '{key}' is a spark-submit task whose cluster sets spark_conf; pass --conf parameters instead.", parameterName);
                }

                if (cluster.Autoscale is not null)
                {
                    throw new ArgumentException($"Task '{key}' is a spark-submit task on an autoscaling cluster; spark-submit needs a fixed size.", parameterName);
                }
            }
        }

        if (task.PythonWheelTask is { } wheel)
        {
            if (string.IsNullOrWhiteSpace(wheel.PackageName) || string.IsNullOrWhiteSpace(wheel.EntryPoint))
            {
                throw new ArgumentException($"Task '{key}' needs python_wheel_task.package_name and entry_point.", parameterName);
            }

            if (wheel.Parameters is { Count: > 0 } && wheel.NamedParameters is { Count: > 0 })
            {
                throw new ArgumentException($"Task '{key}' sets both parameters and named_parameters of its wheel task; choose one.", parameterName);
            }
        }

        if (task.SqlTask is { } sql)
        {
            if (string.IsNullOrWhiteSpace(sql.WarehouseId))
            {
                throw new ArgumentException($"Task '{key}' needs sql_task.warehouse_id.", parameterName);
            }

            var kinds = (sql.Query is null ? 0 : 1) + (sql.File is null ? 0 : 1) + (sql.Alert is null ? 0 : 1) + (sql.Dashboard is null ? 0 : 1);
            if (kinds != 1)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Task '{key}' sets {kinds} of sql_task query, file, alert and dashboard; exactly one is required."),
                    parameterName);
            }

            if (sql.File is { } file)
            {
                ValidatePath(key, "sql_task.file.path", file.Path, file.Source, parameterName);
            }

            if (sql.Query is { QueryId: var queryId } && string.IsNullOrWhiteSpace(queryId))
            {
                throw new ArgumentException($"Task '{key}' needs sql_task.query.query_id.", parameterName);
            }

            if (sql.Alert is { AlertId: var alertId } && string.IsNullOrWhiteSpace(alertId))
            {
                throw new ArgumentException($"Task '{key}' needs sql_task.alert.alert_id.", parameterName);
            }

            if (sql.Dashboard is { DashboardId: var dashboardId } && string.IsNullOrWhiteSpace(dashboardId))
            {
                throw new ArgumentException($"Task '{key}' needs sql_task.dashboard.dashboard_id.", parameterName);
            }
        }
    }

    private static void ValidatePath(string key, string field, string path, TaskSource? source, string parameterName)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException($"Task '{key}' needs {field}.", parameterName);
        }

        var fromGit = source == TaskSource.Git;
        if (!fromGit && !path.StartsWith('/'))
        {
            throw new ArgumentException($"Task '{key}' has {field} '{path}'; a workspace path must be absolute (start with '/').", parameterName);
        }

        if (fromGit && path.StartsWith('/'))
        {
            throw new ArgumentException($"Task '{key}' has {field} '{path}' from Git; a Git path is relative to the repository root.", parameterName);
        }
    }

    private static IEnumerable<string> TaskTypes(JobTask task)
    {
        if (task.NotebookTask is not null)
        {
            yield return "notebook_task";
        }

        if (task.SparkJarTask is not null)
        {
            yield return "spark_jar_task";
        }

        if (task.SparkPythonTask is not null)
        {
            yield return "spark_python_task";
        }

        if (task.SparkSubmitTask is not null)
        {
            yield return "spark_submit_task";
        }

        if (task.PythonWheelTask is not null)
        {
            yield return "python_wheel_task";
        }

        if (task.SqlTask is not null)
        {
            yield return "sql_task";
        }
    }

    private static IEnumerable<string> ComputeKinds(JobTask task)
    {
        if (task.ExistingClusterId is not null)
        {
            yield return "existing_cluster_id";
        }

        if (task.NewCluster is not null)
        {
            yield return "new_cluster";
        }

        if (task.JobClusterKey is not null)
        {
            yield return "job_cluster_key";
        }

        if (task.EnvironmentKey is not null)
        {
            yield return "environment_key";
        }
    }
}
