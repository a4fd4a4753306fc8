using System.Globalization;
using System.Text.Json.Nodes;
using DeltaFunctions.Emulator.Sql;
using DeltaFunctions.Emulator.Workspace;
using DeltaFunctions.Lakehouse;

namespace DeltaFunctions.Emulator.Jobs;

/// <summary>
/// Saved jobs and runs (reference §3). Runs execute in the background: PENDING → RUNNING → TERMINATING → TERMINATED.
/// SQL notebook tasks run their file through the Lakehouse; every other task type is simulated. Jobs and runs are
/// saved to <paramref name="store"/> on every change, so they survive a restart of the emulator.
/// </summary>
internal sealed class JobsService(LakehouseEngine engine, WorkspaceStore workspace, EmulatorOptions options, TimeProvider time, JobsStore store)
{
    private const int NotebookResultLimit = 5 * 1024 * 1024;
    private readonly Lock _gate = new();
    private readonly Dictionary<long, JobRecord> _jobs = [];
    private readonly Dictionary<long, RunRecord> _runs = [];
    private readonly Dictionary<long, (RunRecord Run, TaskRunRecord Task)> _taskRuns = [];
    private readonly Dictionary<string, long> _idempotencyTokens = new(StringComparer.Ordinal);
    private long _nextJobId = 1000;
    private long _nextRunId = 100_000;
    private readonly Lock _saveGate = new();
    private long _changes;
    private long _savedChanges;

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    public static ApiException JobMissing(long jobId) => ApiException.InvalidParameter($"Job {jobId} does not exist.");

    public static ApiException RunMissing(long runId) => ApiException.InvalidParameter($"Run {runId} does not exist.");

    /// <summary>Saves a job; jobs created through 2.2 queue their runs by default (reference §3.6).</summary>
    public long CreateJob(JsonObject settings, bool queueByDefault)
    {
        ValidateTasks(settings["tasks"] as JsonArray, required: false);
        long id;
        lock (_gate)
        {
            id = ++_nextJobId;
            _jobs[id] = new JobRecord(id, settings, Now, queueByDefault);
        }

        Persist();
        return id;
    }

    /// <summary>
    /// Restores the jobs and runs saved by an earlier emulator on the same data directory. A run that was still active
    /// when that emulator stopped ends as interrupted (never resumed), and ids continue after the highest one used.
    /// </summary>
    public void Restore(JobsFileContent saved)
    {
        var now = Now;
        var interrupted = false;
        lock (_gate)
        {
            foreach (var job in saved.Jobs)
            {
                _jobs[job.JobId] = new JobRecord(job.JobId, job.Settings, job.CreatedTime, job.QueueByDefault);
            }

            foreach (var persisted in saved.Runs)
            {
                var run = new RunRecord
                {
                    RunId = persisted.RunId,
                    JobId = persisted.JobId,
                    RunType = persisted.RunType,
                    RunName = persisted.RunName,
                    Origin = persisted.Origin,
                    StartTime = persisted.StartTime,
                    JobParameters = persisted.JobParameters,
                    OverridingParameters = persisted.OverridingParameters,
                    TimeoutSeconds = persisted.TimeoutSeconds,
                    Queue = persisted.Queue,
                    QueuedUntil = persisted.QueuedUntil,
                    Phase = persisted.Phase,
                    Tasks = [.. persisted.Tasks.Select(t => new TaskRunRecord
                    {
                        RunId = t.RunId,
                        TaskKey = t.TaskKey,
                        Definition = t.Definition,
                        Phase = t.Phase,
                        NotebookResult = t.NotebookResult,
                        NotebookResultTruncated = t.NotebookResultTruncated,
                        Error = t.Error,
                        ErrorTrace = t.ErrorTrace,
                        Logs = t.Logs,
                    })],
                };
                if (!run.Phase.IsTerminal)
                {
                    interrupted = true;
                    Interrupt(run, now);
                }

                _runs[run.RunId] = run;
                foreach (var task in run.Tasks)
                {
                    _taskRuns[task.RunId] = (run, task);
                }
            }

            foreach (var (token, runId) in saved.IdempotencyTokens)
            {
                _idempotencyTokens[token] = runId;
            }

            _nextJobId = Math.Max(_nextJobId, Math.Max(saved.NextJobId, saved.Jobs.Select(j => j.JobId).DefaultIfEmpty().Max()));
            _nextRunId = Math.Max(_nextRunId, Math.Max(saved.NextRunId, _taskRuns.Keys.Concat(_runs.Keys).DefaultIfEmpty().Max()));
        }

        if (interrupted)
        {
            Persist();
        }
    }

    /// <summary>Ends an interrupted run and its unfinished tasks (caller holds the run's gate or owns the run).</summary>
    private static void Interrupt(RunRecord run, long now)
    {
        run.Phase.QueueReason = null;
        foreach (var task in run.Tasks.Where(t => !t.Phase.IsTerminal))
        {
            task.Phase.Interrupt(now);
        }

        run.Phase.Interrupt(now);
    }

    /// <summary>
    /// Saves every job and run. Calls coalesce: a caller whose change a later snapshot already holds does not write
    /// again. Never call it while holding <see cref="_gate"/> or a run's gate.
    /// </summary>
    private void Persist()
    {
        var change = Interlocked.Increment(ref _changes);
        lock (_saveGate)
        {
            if (_savedChanges >= change)
            {
                return;
            }

            var upTo = Interlocked.Read(ref _changes);
            try
            {
                store.Save(Snapshot());
                _savedChanges = upTo;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or ArgumentException)
            {
                // The state in memory stays right; the next change (or the stop) writes the file again. Text JSON
                // cannot carry is refused when requests are read, so a serialization failure here is a last resort.
            }
        }
    }

    private JobsFileContent Snapshot()
    {
        List<JobRecord> jobs;
        List<RunRecord> runs;
        Dictionary<string, long> tokens;
        long nextJobId;
        lock (_gate)
        {
            jobs = [.. _jobs.Values];
            runs = [.. _runs.Values];
            tokens = new Dictionary<string, long>(_idempotencyTokens, StringComparer.Ordinal);
            nextJobId = _nextJobId;
        }

        var persistedJobs = jobs.Select(j => new PersistedJob(j.JobId, (JsonObject)j.Settings.DeepClone(), j.CreatedTime, j.QueueByDefault)).ToList();
        var persistedRuns = new List<PersistedRun>(runs.Count);
        foreach (var run in runs.OrderBy(r => r.RunId))
        {
            lock (run.Gate)
            {
                persistedRuns.Add(new PersistedRun(
                    run.RunId,
                    run.JobId,
                    run.RunType,
                    run.RunName,
                    run.Origin,
                    run.StartTime,
                    (JsonArray?)run.JobParameters?.DeepClone(),
                    (JsonObject?)run.OverridingParameters?.DeepClone(),
                    run.TimeoutSeconds,
                    run.Queue,
                    run.QueuedUntil,
                    run.Phase.Copy(),
                    [.. run.Tasks.Select(t => new PersistedTaskRun(
                        t.RunId,
                        t.TaskKey,
                        (JsonObject)t.Definition.DeepClone(),
                        t.Phase.Copy(),
                        t.NotebookResult,
                        t.NotebookResultTruncated,
                        t.Error,
                        t.ErrorTrace,
                        t.Logs))]));
            }
        }

        return new JobsFileContent(nextJobId, Interlocked.Read(ref _nextRunId), persistedJobs, persistedRuns, tokens);
    }

    /// <summary>
    /// Applies <c>jobs/update</c>: top-level fields of <paramref name="newSettings"/> replace the old ones, while
    /// tasks, job clusters, parameters and environments merge by their keys; <paramref name="fieldsToRemove"/> drops
    /// top-level fields or keyed items such as <c>tasks/load</c>.
    /// </summary>
    public void UpdateJob(long jobId, JsonObject? newSettings, JsonArray? fieldsToRemove)
    {
        var job = GetJob(jobId);
        lock (_gate)
        {
            var settings = (JsonObject)job.Settings.DeepClone();
            foreach (var (name, value) in newSettings ?? [])
            {
                if (KeyOf(name) is { } key && settings[name] is JsonArray existing && value is JsonArray incoming)
                {
                    foreach (var item in incoming)
                    {
                        var itemKey = (string?)item?[key];
                        var index = existing.Select((e, i) => (e, i)).FirstOrDefault(x => (string?)x.e?[key] == itemKey, (null, -1)).Item2;
                        if (index >= 0)
                        {
                            existing[index] = item!.DeepClone();
                        }
                        else
                        {
                            existing.Add(item!.DeepClone());
                        }
                    }
                }
                else
                {
                    settings[name] = value?.DeepClone();
                }
            }

            foreach (var field in fieldsToRemove ?? [])
            {
                var path = (string?)field ?? string.Empty;
                var slash = path.IndexOf('/', StringComparison.Ordinal);
                if (slash < 0)
                {
                    settings.Remove(path);
                }
                else if (KeyOf(path[..slash]) is { } key && settings[path[..slash]] is JsonArray array)
                {
                    var itemKey = path[(slash + 1)..];
                    foreach (var item in array.Where(i => (string?)i?[key] == itemKey).ToList())
                    {
                        array.Remove(item);
                    }
                }
            }

            ValidateTasks(settings["tasks"] as JsonArray, required: false);
            job.Settings = settings;
        }

        Persist();
    }

    private static string? KeyOf(string arrayName) => arrayName switch
    {
        "tasks" => "task_key",
        "job_clusters" => "job_cluster_key",
        "parameters" => "name",
        "environments" => "environment_key",
        _ => null,
    };

    /// <summary>Cancels the active runs of a job, or every queued run.</summary>
    public void CancelAll(long? jobId, bool allQueuedRuns)
    {
        if (jobId is null && !allQueuedRuns)
        {
            throw ApiException.InvalidParameter("Either job_id or all_queued_runs must be set.");
        }

        if (jobId is { } id)
        {
            GetJob(id);
        }

        List<RunRecord> runs;
        lock (_gate)
        {
            runs = [.. _runs.Values.Where(r => r.IsActive && ((jobId is not null && r.JobId == jobId) || (allQueuedRuns && r.Phase.LifeCycle == "QUEUED")))];
        }

        foreach (var run in runs)
        {
            run.Cancellation.Cancel();
        }
    }

    public JobRecord GetJob(long jobId)
    {
        lock (_gate)
        {
            return _jobs.TryGetValue(jobId, out var job) ? job : throw JobMissing(jobId);
        }
    }

    public IReadOnlyList<JobRecord> ListJobs(string? name)
    {
        lock (_gate)
        {
            return [.. _jobs.Values
                .Where(j => name is null || string.Equals((string?)j.Settings["name"], name, StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(j => j.JobId)];
        }
    }

    public void ResetJob(long jobId, JsonObject newSettings)
    {
        ValidateTasks(newSettings["tasks"] as JsonArray, required: false);
        GetJob(jobId).Settings = newSettings;
        Persist();
    }

    public void DeleteJob(long jobId)
    {
        lock (_gate)
        {
            if (!_jobs.Remove(jobId))
            {
                throw JobMissing(jobId);
            }
        }

        Persist();
    }

    private static void ValidateTasks(JsonArray? tasks, bool required)
    {
        if (tasks is null || tasks.Count == 0)
        {
            if (required)
            {
                throw ApiException.InvalidParameter("At least one task is required.");
            }

            return;
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in tasks)
        {
            var key = (string?)node?["task_key"];
            if (string.IsNullOrEmpty(key))
            {
                throw ApiException.InvalidParameter("Every task needs a task_key.");
            }

            if (!keys.Add(key))
            {
                throw ApiException.InvalidParameter($"Task key {key} is used by more than one task; task keys must be unique.");
            }

            if (node!["notebook_task"] is JsonObject notebook && !string.Equals((string?)notebook["source"], "GIT", StringComparison.OrdinalIgnoreCase)
                && !((string?)notebook["notebook_path"] ?? string.Empty).StartsWith('/'))
            {
                throw ApiException.InvalidParameter($"Invalid value for field 'notebook_task.notebook_path' of task {key}: a workspace notebook path must be absolute.");
            }
        }

        foreach (var node in tasks)
        {
            foreach (var dependency in node!["depends_on"] as JsonArray ?? [])
            {
                var key = (string?)dependency?["task_key"];
                if (key is null || !keys.Contains(key))
                {
                    throw ApiException.InvalidParameter($"Task {(string?)node["task_key"]} depends on {key}, which is not a task of this run.");
                }
            }
        }
    }

    /// <summary>Starts a one-time run (<c>runs/submit</c>); the same idempotency token returns the same run.</summary>
    public long Submit(JsonObject request, string origin)
    {
        var tasks = request["tasks"] as JsonArray;
        ValidateTasks(tasks, required: true);
        return StartRun(
            (string?)request["idempotency_token"],
            JsonShape.Int32(request, "timeout_seconds"),
            runId => new RunRecord
            {
                RunId = runId,
                RunType = "SUBMIT_RUN",
                RunName = (string?)request["run_name"] ?? "Untitled",
                Origin = origin,
                StartTime = Now,
                Tasks = BuildTasks(tasks!, null),
            });
    }

    /// <summary>Starts a run of a saved job (<c>run-now</c>).</summary>
    public long RunNow(JsonObject request, string origin)
    {
        var jobId = JsonShape.RequiredLong(request, "job_id");
        var job = GetJob(jobId);
        var tasks = job.Settings["tasks"] as JsonArray;
        ValidateTasks(tasks, required: true);
        var only = (request["only"] as JsonArray)?.Select(n => (string?)n).ToHashSet(StringComparer.Ordinal);
        var selected = new JsonArray([.. tasks!.Where(t => only is null || only.Contains((string?)t!["task_key"])).Select(t => t!.DeepClone())]);
        var jobParameters = MergeJobParameters(job.Settings["parameters"] as JsonArray, request["job_parameters"] as JsonObject);
        var overriding = new JsonObject();
        foreach (var key in new[] { "notebook_params", "job_parameters", "python_params", "jar_params", "sql_params" })
        {
            if (request[key] is { } value)
            {
                overriding[key] = value.DeepClone();
            }
        }

        var notebookParams = request["notebook_params"] as JsonObject;
        var maxConcurrent = JsonShape.Int32(job.Settings, "max_concurrent_runs") ?? 1;
        var queue = job.Settings["queue"]?["enabled"]?.GetValue<bool>() ?? job.QueueByDefault;
        lock (_gate)
        {
            job.RunSlots ??= new SemaphoreSlim(Math.Max(0, maxConcurrent));
        }

        return StartRun(
            (string?)request["idempotency_token"],
            JsonShape.Int32(job.Settings, "timeout_seconds"),
            runId => new RunRecord
            {
                RunId = runId,
                JobId = jobId,
                RunType = "JOB_RUN",
                RunName = (string?)job.Settings["name"] ?? "Untitled",
                Origin = origin,
                StartTime = Now,
                JobParameters = jobParameters,
                OverridingParameters = overriding.Count > 0 ? overriding : null,
                Tasks = BuildTasks(selected, MergeParameters(jobParameters, notebookParams)),
                Slots = job.RunSlots,
                Queue = queue,
            });
    }

    private static JsonArray? MergeJobParameters(JsonArray? definitions, JsonObject? values)
    {
        if (definitions is null && values is null)
        {
            return null;
        }

        var result = new JsonArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var definition in definitions ?? [])
        {
            var name = (string?)definition?["name"] ?? string.Empty;
            seen.Add(name);
            var entry = new JsonObject { ["name"] = name, ["default"] = definition?["default"]?.DeepClone() };
            entry["value"] = values?[name]?.DeepClone() ?? definition?["default"]?.DeepClone();
            result.Add(entry);
        }

        foreach (var (name, value) in values ?? [])
        {
            if (seen.Add(name))
            {
                result.Add(new JsonObject { ["name"] = name, ["value"] = value?.DeepClone() });
            }
        }

        return result;
    }

    private static JsonObject? MergeParameters(JsonArray? jobParameters, JsonObject? notebookParams)
    {
        var merged = new JsonObject();
        foreach (var parameter in jobParameters ?? [])
        {
            merged[(string)parameter!["name"]!] = parameter["value"]?.DeepClone();
        }

        foreach (var (name, value) in notebookParams ?? [])
        {
            merged[name] = value?.DeepClone();
        }

        return merged.Count > 0 ? merged : null;
    }

    private List<TaskRunRecord> BuildTasks(JsonArray tasks, JsonObject? overrides)
    {
        var result = new List<TaskRunRecord>();
        foreach (var node in tasks)
        {
            var definition = (JsonObject)node!.DeepClone();
            if (overrides is not null && definition["notebook_task"] is JsonObject notebook)
            {
                // run-now notebook_params and job parameters win over the task's base_parameters.
                var parameters = notebook["base_parameters"] as JsonObject ?? [];
                foreach (var (name, value) in overrides)
                {
                    parameters[name] = value?.DeepClone();
                }

                notebook["base_parameters"] = parameters;
            }

            result.Add(new TaskRunRecord { RunId = NextRunId(), TaskKey = (string)definition["task_key"]!, Definition = definition });
        }

        return result;
    }

    private long NextRunId() => Interlocked.Increment(ref _nextRunId);

    private long StartRun(string? idempotencyToken, int? timeoutSeconds, Func<long, RunRecord> create)
    {
        if (idempotencyToken is { Length: > 64 })
        {
            throw ApiException.InvalidParameter("idempotency_token must be at most 64 characters.");
        }

        RunRecord run;
        lock (_gate)
        {
            if (idempotencyToken is not null && _idempotencyTokens.TryGetValue(idempotencyToken, out var existing))
            {
                if (!_runs.ContainsKey(existing))
                {
                    throw ApiException.InvalidParameter($"The run with idempotency token {idempotencyToken} was deleted.");
                }

                return existing;
            }

            run = create(NextRunId());
            run = new RunRecord
            {
                RunId = run.RunId,
                JobId = run.JobId,
                RunType = run.RunType,
                RunName = run.RunName,
                Origin = run.Origin,
                StartTime = run.StartTime,
                JobParameters = run.JobParameters,
                OverridingParameters = run.OverridingParameters,
                TimeoutSeconds = timeoutSeconds is > 0 ? timeoutSeconds : null,
                Tasks = run.Tasks,
                Slots = run.Slots,
                Queue = run.Queue,
            };
            run.Phase.StartTime = run.StartTime;
            if (run.Slots is { } slots)
            {
                run.HoldsSlot = slots.Wait(0);
                if (!run.HoldsSlot && run.Queue)
                {
                    run.Phase.LifeCycle = "QUEUED";
                    run.Phase.QueueReason = "Queued due to reaching maximum concurrent runs of the job.";
                }
            }

            _runs[run.RunId] = run;
            foreach (var task in run.Tasks)
            {
                _taskRuns[task.RunId] = (run, task);
            }

            if (idempotencyToken is not null)
            {
                _idempotencyTokens[idempotencyToken] = run.RunId;
            }
        }

        Persist();
        run.Completion = Task.Run(() => ExecuteAsync(run), CancellationToken.None);
        return run.RunId;
    }

    public RunRecord GetRun(long runId)
    {
        lock (_gate)
        {
            return _runs.TryGetValue(runId, out var run) ? run : throw RunMissing(runId);
        }
    }

    public IReadOnlyList<RunRecord> ListRuns(long? jobId, string? runType)
    {
        lock (_gate)
        {
            return [.. _runs.Values
                .Where(r => (jobId is null || r.JobId == jobId) && (runType is null || r.RunType == runType))
                .OrderByDescending(r => r.RunId)];
        }
    }

    public void CancelRun(long runId) => GetRun(runId).Cancellation.Cancel();

    public void DeleteRun(long runId)
    {
        var run = GetRun(runId);
        lock (run.Gate)
        {
            if (run.IsActive)
            {
                throw new ApiException(400, "INVALID_STATE", $"Run {runId} is active; only inactive runs can be deleted.");
            }
        }

        lock (_gate)
        {
            _runs.Remove(runId);
            foreach (var task in run.Tasks)
            {
                _taskRuns.Remove(task.RunId);
            }
        }

        Persist();
    }

    /// <summary>Cancels every active run and waits (briefly) for them to end; used when the emulator stops.</summary>
    public async Task StopAllAsync(TimeSpan grace)
    {
        List<RunRecord> runs;
        lock (_gate)
        {
            runs = [.. _runs.Values];
        }

        foreach (var run in runs)
        {
            lock (run.Gate)
            {
                // A run the user had not cancelled ends as interrupted by the stop, as it will read after a restart.
                run.Interrupted = run.IsActive && !run.Cancellation.IsCancellationRequested;
            }

            await run.Cancellation.CancelAsync();
        }

        await WhenAllWithin(runs.Select(r => r.Completion), grace);

        // Writes again in case a save failed earlier (a full or locked disk); the file then holds the final states.
        Persist();
    }

    /// <summary>Waits for <paramref name="tasks"/> at most <paramref name="grace"/> (wall-clock), ignoring their failures.</summary>
    internal static async Task WhenAllWithin(IEnumerable<Task> tasks, TimeSpan grace)
    {
        try
        {
            await Task.WhenAll(tasks).WaitAsync(grace, TimeProvider.System);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException or IOException or LakehouseException or ObjectDisposedException)
        {
            // Stopping: whatever was still running is abandoned.
        }
    }

    /// <summary>Finds the task run behind a get-output call: a task run id, or the parent of a single-task run.</summary>
    public (RunRecord Run, TaskRunRecord Task) GetTaskRun(long runId)
    {
        lock (_gate)
        {
            if (_taskRuns.TryGetValue(runId, out var found))
            {
                return found;
            }

            if (_runs.TryGetValue(runId, out var run))
            {
                if (run.Tasks.Count == 1)
                {
                    return (run, run.Tasks[0]);
                }

                throw ApiException.InvalidParameter(
                    "Retrieving the output of runs with multiple tasks is not supported. Please retrieve the output of each individual task run instead.");
            }
        }

        throw RunMissing(runId);
    }

    private async Task ExecuteAsync(RunRecord run)
    {
        using var timeout = run.TimeoutSeconds is { } seconds
            ? new CancellationTokenSource(TimeSpan.FromSeconds(seconds), time)
            : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(run.Cancellation.Token, timeout.Token);
        var cancellation = linked.Token;
        try
        {
            if (run.Slots is { } slots && !run.HoldsSlot)
            {
                if (!run.Queue)
                {
                    Update(run, () =>
                    {
                        foreach (var task in run.Tasks)
                        {
                            task.Phase.Terminate("SKIPPED", "MAXIMUM_CONCURRENT_RUNS_REACHED", "MAX_CONCURRENT_RUNS_EXCEEDED", "CLIENT_ERROR", "Skipped: the job reached its maximum concurrent runs.", Now);
                        }

                        run.Phase.Terminate("SKIPPED", "MAXIMUM_CONCURRENT_RUNS_REACHED", "MAX_CONCURRENT_RUNS_EXCEEDED", "CLIENT_ERROR", "Skipped: the job reached its maximum concurrent runs.", Now);
                    });
                    return;
                }

                await slots.WaitAsync(cancellation);
                Update(run, () =>
                {
                    run.HoldsSlot = true;
                    run.QueuedUntil = Now;
                    run.Phase.QueueReason = null;
                    run.Phase.LifeCycle = "PENDING";
                });
            }

            if (options.RunPendingDuration > TimeSpan.Zero)
            {
                await Task.Delay(options.RunPendingDuration, time, cancellation);
            }

            Update(run, () => run.Phase.LifeCycle = "RUNNING");
            var outcomes = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var task in Order(run.Tasks))
            {
                if (cancellation.IsCancellationRequested)
                {
                    Update(run, () => task.Phase.Terminate("TERMINATED", "CANCELED", "CANCELED", "SUCCESS", "This task was canceled before it started.", Now));
                    continue;
                }

                if (!DependenciesAllow(task, outcomes))
                {
                    Update(run, () => task.Phase.Terminate("SKIPPED", "UPSTREAM_FAILED", "SKIPPED", "SUCCESS", "An upstream task failed.", Now));
                    outcomes[task.TaskKey] = "UPSTREAM_FAILED";
                    continue;
                }

                await ExecuteTaskAsync(run, task, timeout, cancellation);
                outcomes[task.TaskKey] = task.Phase.ResultState ?? "FAILED";
            }
        }
        catch (OperationCanceledException)
        {
            // Cancelled while PENDING: the tasks below are finished off as cancelled.
        }

        Update(run, () =>
        {
            run.Phase.LifeCycle = "TERMINATING";
            foreach (var task in run.Tasks.Where(t => !t.Phase.IsTerminal))
            {
                if (run.Interrupted)
                {
                    task.Phase.Interrupt(Now);
                }
                else
                {
                    task.Phase.Terminate("TERMINATED", "CANCELED", "CANCELED", "SUCCESS", "The run was canceled.", Now);
                }
            }
        });
        Update(run, () => FinishRun(run, timeout.IsCancellationRequested && !run.Cancellation.IsCancellationRequested));
        if (run.HoldsSlot)
        {
            run.Slots!.Release();
        }
    }

    private static IEnumerable<TaskRunRecord> Order(List<TaskRunRecord> tasks)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var pending = new List<TaskRunRecord>(tasks);
        while (pending.Count > 0)
        {
            var ready = pending.FirstOrDefault(t => Dependencies(t).All(done.Contains)) ?? pending[0];
            pending.Remove(ready);
            done.Add(ready.TaskKey);
            yield return ready;
        }
    }

    private static IEnumerable<string> Dependencies(TaskRunRecord task) =>
        (task.Definition["depends_on"] as JsonArray ?? []).Select(d => (string?)d?["task_key"] ?? string.Empty);

    private static bool DependenciesAllow(TaskRunRecord task, Dictionary<string, string> outcomes)
    {
        var results = Dependencies(task).Select(k => outcomes.GetValueOrDefault(k, "FAILED")).ToList();
        if (results.Count == 0)
        {
            return true;
        }

        var succeeded = results.Count(r => r == "SUCCESS");
        return ((string?)task.Definition["run_if"] ?? "ALL_SUCCESS") switch
        {
            "ALL_DONE" => true,
            "AT_LEAST_ONE_SUCCESS" => succeeded > 0,
            "NONE_FAILED" => results.All(r => r is "SUCCESS" or "EXCLUDED"),
            "AT_LEAST_ONE_FAILED" => succeeded < results.Count,
            "ALL_FAILED" => succeeded == 0,
            _ => succeeded == results.Count,
        };
    }

    private async Task ExecuteTaskAsync(RunRecord run, TaskRunRecord task, CancellationTokenSource timeout, CancellationToken cancellation)
    {
        Update(run, () =>
        {
            task.Phase.LifeCycle = "RUNNING";
            task.Phase.StartTime = Now;
        });
        try
        {
            if (task.Definition["notebook_task"] is JsonObject notebook)
            {
                var path = (string?)notebook["notebook_path"] ?? string.Empty;
                var found = workspace.FindNotebook(path);
                if (found is null)
                {
                    // [?] Databricks ends a run whose notebook is missing in INTERNAL_ERROR with result FAILED and
                    // "Notebook not found"; the SDK waiter then reports the run as failed (reference §3.4).
                    Update(run, () =>
                    {
                        task.Error = $"Notebook not found: {path}";
                        task.Phase.Terminate("INTERNAL_ERROR", "FAILED", "RESOURCE_NOT_FOUND", "CLIENT_ERROR", $"Notebook not found: {path}", Now);
                    });
                    return;
                }

                if (found.Value.Language == "SQL")
                {
                    await RunSqlNotebookAsync(run, task, found.Value.File, notebook["base_parameters"] as JsonObject, cancellation);
                    return;
                }
            }

            await Task.Delay(options.SimulatedTaskDuration, time, cancellation);
            if (options.SimulatedTaskSucceeds)
            {
                task.Logs = $"Simulated task {task.TaskKey} succeeded.";
                Update(run, () => task.Phase.Terminate("TERMINATED", "SUCCESS", "SUCCESS", "SUCCESS", string.Empty, Now));
            }
            else
            {
                task.Error = $"Simulated task {task.TaskKey} failed.";
                task.Logs = task.Error;
                Update(run, () => task.Phase.Terminate("TERMINATED", "FAILED", "RUN_EXECUTION_ERROR", "CLIENT_ERROR", "Workload failed, see run output for details", Now));
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            var timedOut = timeout.IsCancellationRequested && !run.Cancellation.IsCancellationRequested;
            Update(run, () =>
            {
                if (run.Interrupted)
                {
                    task.Phase.Interrupt(Now);
                    return;
                }

                task.Phase.UserCancelledOrTimedOut = true;
                if (timedOut)
                {
                    task.Phase.Terminate("TERMINATED", "TIMEDOUT", "RUN_EXECUTION_ERROR", "CLIENT_ERROR", "The task timed out.", Now);
                }
                else
                {
                    task.Phase.Terminate("TERMINATED", "CANCELED", "USER_CANCELED", "SUCCESS", "The run was canceled by the user.", Now);
                }
            });
        }
    }

    private async Task RunSqlNotebookAsync(RunRecord run, TaskRunRecord task, string file, JsonObject? baseParameters, CancellationToken cancellation)
    {
        var script = await File.ReadAllTextAsync(file, cancellation);
        var parameters = (baseParameters ?? [])
            .Select(p => new LakehouseParameter(p.Key, p.Value is JsonValue v ? v.ToString() : p.Value?.ToJsonString()))
            .ToList();
        try
        {
            var results = await engine.ExecuteScriptAsync(script, parameters, LakehouseSession.Default, cancellation);
            var last = results.Count > 0 ? results[^1] : LakehouseResult.Empty;
            var json = SqlTypes.ToJsonText(last.Rows.Select(row =>
            {
                var record = new Dictionary<string, object?>(StringComparer.Ordinal);
                for (var i = 0; i < last.Columns.Count; i++)
                {
                    record[last.Columns[i].Name] = row[i];
                }

                return (IReadOnlyDictionary<string, object?>)record;
            }).ToList());
            task.NotebookResultTruncated = json.Length > NotebookResultLimit;
            task.NotebookResult = task.NotebookResultTruncated ? json[..NotebookResultLimit] : json;
            Update(run, () => task.Phase.Terminate("TERMINATED", "SUCCESS", "SUCCESS", "SUCCESS", string.Empty, Now));
        }
        catch (LakehouseException e)
        {
            task.Error = e.Message;
            task.ErrorTrace = $"{e.ErrorClass} (SQLSTATE {e.SqlState})\n{e.Message}";
            Update(run, () => task.Phase.Terminate("TERMINATED", "FAILED", "RUN_EXECUTION_ERROR", "CLIENT_ERROR", "Workload failed, see run output for details", Now));
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            task.Error = e.Message;
            task.ErrorTrace = e.ToString();
            Update(run, () => task.Phase.Terminate("INTERNAL_ERROR", "FAILED", "INTERNAL_ERROR", "INTERNAL_ERROR", e.Message, Now));
        }
    }

    private void FinishRun(RunRecord run, bool timedOut)
    {
        var tasks = run.Tasks.Select(t => t.Phase).ToList();
        var now = Now;
        if (run.Interrupted)
        {
            Interrupt(run, now);
        }
        else if (run.Cancellation.IsCancellationRequested)
        {
            // [?] The reference leaves the termination type of a user cancel open; SUCCESS says "not a failure of the run".
            run.Phase.UserCancelledOrTimedOut = true;
            run.Phase.Terminate("TERMINATED", "CANCELED", "USER_CANCELED", "SUCCESS", "Run cancelled.", now);
        }
        else if (timedOut)
        {
            run.Phase.UserCancelledOrTimedOut = true;
            run.Phase.Terminate("TERMINATED", "TIMEDOUT", "RUN_EXECUTION_ERROR", "CLIENT_ERROR", "Run timed out.", now);
        }
        else if (tasks.Any(t => t.LifeCycle == "INTERNAL_ERROR"))
        {
            var failed = tasks.First(t => t.LifeCycle == "INTERNAL_ERROR");
            run.Phase.Terminate("INTERNAL_ERROR", "FAILED", failed.TerminationCode ?? "INTERNAL_ERROR", failed.TerminationType ?? "INTERNAL_ERROR", failed.StateMessage, now);
        }
        else if (tasks.Any(t => t.ResultState is "FAILED" or "TIMEDOUT" or "UPSTREAM_FAILED" or "CANCELED"))
        {
            var key = run.Tasks.FirstOrDefault(t => t.Phase.ResultState is "FAILED" or "TIMEDOUT")?.TaskKey ?? run.Tasks[0].TaskKey;
            run.Phase.Terminate("TERMINATED", "FAILED", "RUN_EXECUTION_ERROR", "CLIENT_ERROR", $"Task {key} failed with message: Workload failed, see run output for details.", now);
        }
        else
        {
            run.Phase.Terminate("TERMINATED", "SUCCESS", "SUCCESS", "SUCCESS", string.Empty, now);
        }
    }

    private void Update(RunRecord run, Action change)
    {
        lock (run.Gate)
        {
            change();
        }

        Persist();
    }

    /// <summary>Renders a run as <c>runs/get</c> returns it (or a list item, without tasks unless asked).</summary>
    public JsonObject Render(RunRecord run, bool includeTasks)
    {
        lock (run.Gate)
        {
            var end = run.Phase.EndTime;
            var json = new JsonObject
            {
                ["run_id"] = run.RunId,
                ["job_id"] = run.JobId,
                ["number_in_job"] = run.RunId,
                ["original_attempt_run_id"] = run.RunId,
                ["attempt_number"] = 0,
                ["run_name"] = run.RunName,
                ["run_type"] = run.RunType,
                ["trigger"] = "ONE_TIME",
                ["creator_user_name"] = "emulator",
                ["run_page_url"] = $"{run.Origin}/?o=0#job/{run.JobId ?? 0}/run/{run.RunId}",
                ["start_time"] = run.StartTime,
                ["end_time"] = end,
                ["setup_duration"] = 0,
                ["execution_duration"] = 0,
                ["cleanup_duration"] = 0,
                ["run_duration"] = end > 0 ? end - run.StartTime : 0,
                ["queue_duration"] = run.QueuedUntil > 0 ? run.QueuedUntil - run.StartTime : 0,
                ["state"] = RenderState(run.Phase),
                ["status"] = RenderStatus(run.Phase),
                ["format"] = "MULTI_TASK",
            };
            if (run.JobId is null)
            {
                json.Remove("job_id");
            }

            if (run.JobParameters is not null)
            {
                json["job_parameters"] = run.JobParameters.DeepClone();
            }

            if (run.OverridingParameters is not null)
            {
                json["overriding_parameters"] = run.OverridingParameters.DeepClone();
            }

            if (includeTasks)
            {
                json["tasks"] = new JsonArray([.. run.Tasks.Select(t => RenderTask(run, t))]);
            }

            return json;
        }
    }

    private static JsonObject RenderTask(RunRecord run, TaskRunRecord task)
    {
        var json = (JsonObject)task.Definition.DeepClone();
        json["run_id"] = task.RunId;
        json["attempt_number"] = 0;
        json["run_page_url"] = $"{run.Origin}/?o=0#job/{run.JobId ?? 0}/run/{task.RunId}";
        json["start_time"] = task.Phase.StartTime;
        json["end_time"] = task.Phase.EndTime;
        json["setup_duration"] = 0;
        json["execution_duration"] = task.Phase.EndTime > 0 && task.Phase.StartTime > 0 ? task.Phase.EndTime - task.Phase.StartTime : 0;
        json["cleanup_duration"] = 0;
        json["state"] = RenderState(task.Phase);
        json["status"] = RenderStatus(task.Phase);
        return json;
    }

    private static JsonObject RenderState(RunPhase phase)
    {
        var state = new JsonObject
        {
            ["life_cycle_state"] = phase.LifeCycle,
            ["state_message"] = phase.StateMessage,
            ["user_cancelled_or_timedout"] = phase.UserCancelledOrTimedOut,
        };
        if (phase.ResultState is not null)
        {
            state["result_state"] = phase.ResultState;
        }

        if (phase.QueueReason is not null)
        {
            state["queue_reason"] = phase.QueueReason;
        }

        return state;
    }

    private static JsonObject RenderStatus(RunPhase phase)
    {
        var status = new JsonObject { ["state"] = phase.StatusState };
        if (phase.QueueReason is not null)
        {
            status["queue_details"] = new JsonObject { ["code"] = "MAX_CONCURRENT_RUNS_REACHED", ["message"] = phase.QueueReason };
        }

        if (phase.IsTerminal && phase.TerminationCode is not null)
        {
            status["termination_details"] = new JsonObject
            {
                ["code"] = phase.TerminationCode,
                ["type"] = phase.TerminationType,
                ["message"] = phase.StateMessage,
            };
        }

        return status;
    }

    /// <summary>Renders <c>runs/get-output</c> for one task run.</summary>
    public JsonObject RenderOutput(RunRecord run, TaskRunRecord task)
    {
        var metadata = Render(run, includeTasks: false);
        lock (run.Gate)
        {
            // The metadata of a task run's output describes the task run itself.
            metadata["run_id"] = task.RunId;
            metadata["task_key"] = task.TaskKey;
            metadata["state"] = RenderState(task.Phase);
            metadata["status"] = RenderStatus(task.Phase);
            var output = new JsonObject { ["metadata"] = metadata };
            if (task.NotebookResult is not null)
            {
                output["notebook_output"] = new JsonObject { ["result"] = task.NotebookResult, ["truncated"] = task.NotebookResultTruncated };
            }
            else if (task.Definition["notebook_task"] is not null && task.Phase.ResultState == "SUCCESS")
            {
                output["notebook_output"] = new JsonObject();
            }

            if (task.Logs is not null && task.Definition["notebook_task"] is null)
            {
                output["logs"] = task.Logs;
                output["logs_truncated"] = false;
            }

            if (task.Error is not null)
            {
                output["error"] = task.Error;
            }

            if (task.ErrorTrace is not null)
            {
                output["error_trace"] = task.ErrorTrace;
            }

            return output;
        }
    }

    public static long ParseId(string? text, string name) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw ApiException.InvalidParameter(text is null or "" ? $"{name} is required." : $"Invalid {name}: {text}.");
}
