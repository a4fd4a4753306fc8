using System.Text.Json;
using DeltaFunctions.Databricks.Jobs;
using DeltaFunctions.Pipelines.Jobs;

namespace DeltaFunctions.Pipelines.Activities;

/// <summary>
/// <see cref="IJobRunActivities"/> over the Databricks <see cref="JobsClient"/>. Plain class, no Functions types: the
/// App's activity functions call it in one line. Every submit carries the caller's idempotency token, so a retried
/// activity (or a replayed orchestration) gets the run already started back instead of starting a second one.
/// </summary>
public sealed class JobRunActivities : IJobRunActivities
{
    private readonly JobsClient _jobs;

    /// <summary>Creates the activities over a Jobs client.</summary>
    /// <param name="jobs">The Jobs client, from <c>DatabricksClient.GetJobsClient()</c>.</param>
    public JobRunActivities(JobsClient jobs) => _jobs = jobs ?? throw new ArgumentNullException(nameof(jobs));

    /// <inheritdoc />
    public async Task<SubmittedJobRun> SubmitRunAsync(SubmitJobRunInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentException.ThrowIfNullOrEmpty(input.IdempotencyToken);
        long runId;
        if (input.JobId is { } jobId)
        {
            runId = await _jobs.RunNowAsync(
                new RunNow { JobId = jobId, JobParameters = input.JobParameters, IdempotencyToken = input.IdempotencyToken },
                cancellationToken).ConfigureAwait(false);
        }
        else if (input.Run is { } run)
        {
            runId = await _jobs.SubmitRunAsync(ToSubmitRun(run, input.IdempotencyToken), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            throw new ArgumentException($"Step '{input.StepKey}' names neither a job id nor a run definition.", nameof(input));
        }

        return new SubmittedJobRun { RunId = runId };
    }

    /// <inheritdoc />
    public async Task<JobRunSnapshot> GetRunStatusAsync(JobRunReference input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var run = await _jobs.GetRunAsync(input.RunId, cancellationToken).ConfigureAwait(false);
        return ToSnapshot(run);
    }

    /// <inheritdoc />
    public async Task<bool> CancelRunAsync(JobRunReference input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await _jobs.CancelRunAsync(input.RunId, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    /// <remarks>
    /// <c>runs/get-output</c> needs a task run id. For a run with tasks the output of each task run is read in task
    /// order: the notebook output is the last one a task produced, the error the first one reported.
    /// </remarks>
    public async Task<JobRunOutputSummary> GetRunOutputAsync(JobRunReference input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var run = await _jobs.GetRunAsync(input.RunId, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<long> taskRunIds = run.Tasks is { Count: > 0 } tasks
            ? [.. tasks.Select(t => t.RunId).Where(id => id != 0)]
            : [input.RunId];
        string? notebook = null;
        bool? truncated = null;
        string? error = null;
        foreach (var taskRunId in taskRunIds)
        {
            var output = await _jobs.GetRunOutputAsync(taskRunId, cancellationToken).ConfigureAwait(false);
            if (output.NotebookOutput?.Result is { } result)
            {
                notebook = result;
                truncated = output.NotebookOutput.Truncated;
            }

            error ??= output.Error;
        }

        return new JobRunOutputSummary { NotebookOutput = notebook, Truncated = truncated, Error = error };
    }

    /// <summary>Reduces a Databricks run to the snapshot the workflow keeps in its history.</summary>
    internal static JobRunSnapshot ToSnapshot(Run run) => new()
    {
        RunId = run.RunId,
        LifeCycleState = run.State?.LifeCycleState?.Value,
        ResultState = run.State?.ResultState?.Value,
        StatusState = run.Status?.State?.Value,
        TerminationCode = run.Status?.TerminationDetails?.Code?.Value,
        TerminationType = run.Status?.TerminationDetails?.Type?.Value,
        StateMessage = string.IsNullOrEmpty(run.State?.StateMessage) ? run.Status?.TerminationDetails?.Message : run.State.StateMessage,
        RunPageUrl = run.RunPageUrl,
    };

    private static SubmitRun ToSubmitRun(JobRunDefinition run, string idempotencyToken) => new()
    {
        RunName = run.RunName,
        IdempotencyToken = idempotencyToken,
        Tasks = [.. run.Tasks.Select(ToJobTask)],
    };

    /// <summary>
    /// Reads the request's free-form <c>new_cluster</c> (snake_case, reference §3.2) into the Jobs client's type: the
    /// sizing, image, configuration, tag, pool, policy and access-mode fields.
    /// </summary>
    internal static ClusterSpec ToClusterSpec(JsonElement cluster)
    {
        string? Text(string name) => cluster.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        int? Int(JsonElement owner, string name) => owner.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;
        bool? Bool(string name) => cluster.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;
        Dictionary<string, string>? Map(string name) =>
            cluster.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object
                ? v.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText(), StringComparer.Ordinal)
                : null;

        return new ClusterSpec
        {
            SparkVersion = Text("spark_version"),
            NodeTypeId = Text("node_type_id"),
            DriverNodeTypeId = Text("driver_node_type_id"),
            NumWorkers = Int(cluster, "num_workers"),
            Autoscale = cluster.TryGetProperty("autoscale", out var scale) && scale.ValueKind == JsonValueKind.Object
                ? new AutoScale { MinWorkers = Int(scale, "min_workers") ?? 0, MaxWorkers = Int(scale, "max_workers") ?? 0 }
                : null,
            SparkConf = Map("spark_conf"),
            SparkEnvVars = Map("spark_env_vars"),
            CustomTags = Map("custom_tags"),
            DataSecurityMode = Text("data_security_mode") is { Length: > 0 } mode ? new DataSecurityMode(mode) : null,
            SingleUserName = Text("single_user_name"),
            RuntimeEngine = Text("runtime_engine") is { Length: > 0 } engine ? new RuntimeEngine(engine) : null,
            InstancePoolId = Text("instance_pool_id"),
            DriverInstancePoolId = Text("driver_instance_pool_id"),
            PolicyId = Text("policy_id"),
            ApplyPolicyDefaultValues = Bool("apply_policy_default_values"),
            EnableElasticDisk = Bool("enable_elastic_disk"),
        };
    }

    private static JobTask ToJobTask(JobTaskDefinition task) => new()
    {
        TaskKey = task.TaskKey,
        DependsOn = task.DependsOn is { } dependsOn ? [.. dependsOn.Select(k => new TaskDependency { TaskKey = k })] : null,
        ExistingClusterId = task.ExistingClusterId,
        NewCluster = task.NewCluster is { ValueKind: JsonValueKind.Object } cluster ? ToClusterSpec(cluster) : null,
        EnvironmentKey = task.EnvironmentKey,
        TimeoutSeconds = task.TimeoutSeconds,
        NotebookTask = task.NotebookTask is { } notebook
            ? new NotebookTask { NotebookPath = notebook.NotebookPath, BaseParameters = notebook.BaseParameters }
            : null,
        SparkPythonTask = task.SparkPythonTask is { } python
            ? new SparkPythonTask { PythonFile = python.PythonFile, Parameters = python.Parameters }
            : null,
        SqlTask = task.SqlFileTask is { } sql
            ? new SqlTask { WarehouseId = sql.WarehouseId, Parameters = sql.Parameters, File = new SqlTaskFile { Path = sql.Path } }
            : null,
    };
}
