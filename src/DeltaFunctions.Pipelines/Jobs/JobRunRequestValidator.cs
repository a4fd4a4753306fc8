using DeltaFunctions.Pipelines.Orchestration;
using DeltaFunctions.Pipelines.Validation;

namespace DeltaFunctions.Pipelines.Jobs;

/// <summary>The rules of a <see cref="JobRunRequest"/> beyond its JSON shape.</summary>
internal static class JobRunRequestValidator
{
    private const int MaxSteps = 100;
    private const int MaxTasks = 100;
    private const int MaxParameterBytes = 10_000;
    private const int MaxBaseParameterBytes = 1_000_000;
    private const string KeyCharacters = "-_";

    public static void Validate(JobRunRequest request, ProblemCollector problems)
    {
        if (request.TimeoutSeconds is { } timeoutSeconds)
        {
            ValidationRules.Range(problems, "timeoutSeconds", timeoutSeconds, 1, JobRunRequest.MaxTimeoutSeconds);
        }

        if (!Enum.IsDefined(request.Mode))
        {
            problems.Add("mode", ValidationCodes.InvalidValue, "must be Sequence or Parallel");
        }

        if (request.Polling is { } polling)
        {
            PollingSettingsValidator.Validate(polling, "polling", problems);
        }

        if (request.Jobs is null || request.Jobs.Count == 0 || request.Jobs.Count > MaxSteps)
        {
            problems.Add("jobs", request.Jobs is null ? ValidationCodes.Required : ValidationCodes.OutOfRange, $"must hold between 1 and {MaxSteps} jobs");
            return;
        }

        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < request.Jobs.Count; i++)
        {
            var path = ProblemCollector.Index("jobs", i);
            var step = request.Jobs[i];
            if (ValidationRules.Token(problems, path + ".key", step.Key, 100, KeyCharacters) && !keys.TryAdd(step.Key, i))
            {
                problems.Add(path + ".key", ValidationCodes.Duplicate, $"repeats the key of jobs[{keys[step.Key]}]");
            }

            ValidateStep(step, path, request.EffectiveTimeoutSeconds, problems);
        }
    }

    private static void ValidateStep(JobStep step, string path, int requestTimeout, ProblemCollector problems)
    {
        if (step.TimeoutSeconds is { } timeout)
        {
            ValidationRules.Range(problems, path + ".timeoutSeconds", timeout, 1, Math.Max(1, requestTimeout));
        }

        switch (step.JobId, step.Run)
        {
            case (null, null):
                problems.Add(path, ValidationCodes.Conflict, "set either jobId (run an existing job) or run (submit a one-time run)");
                return;
            case ({ }, { }):
                problems.Add(path + ".run", ValidationCodes.Conflict, "set either jobId or run, not both");
                return;
        }

        if (step.JobId is { } jobId)
        {
            ValidationRules.Range(problems, path + ".jobId", jobId, 1, long.MaxValue);
            ValidationRules.Parameters(problems, path + ".jobParameters", step.JobParameters, MaxParameterBytes);
            return;
        }

        if (step.JobParameters is not null)
        {
            problems.Add(path + ".jobParameters", ValidationCodes.Conflict, "job parameters apply to an existing job (jobId) only");
        }

        ValidateRun(step.Run!, path + ".run", problems);
    }

    private static void ValidateRun(JobRunDefinition run, string path, ProblemCollector problems)
    {
        if (run.RunName is { } name)
        {
            ValidationRules.MaxUtf8Bytes(problems, path + ".runName", name, 4096);
            ValidationRules.NoControlCharacters(problems, path + ".runName", name);
        }

        if (run.Tasks is null || run.Tasks.Count == 0 || run.Tasks.Count > MaxTasks)
        {
            problems.Add(path + ".tasks", ValidationCodes.OutOfRange, $"must hold between 1 and {MaxTasks} tasks");
            return;
        }

        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < run.Tasks.Count; i++)
        {
            var taskPath = ProblemCollector.Index(path + ".tasks", i);
            var key = run.Tasks[i].TaskKey;
            if (ValidationRules.Token(problems, taskPath + ".taskKey", key, 100, KeyCharacters) && !keys.TryAdd(key, i))
            {
                problems.Add(taskPath + ".taskKey", ValidationCodes.Duplicate, $"repeats the task key of tasks[{keys[key]}]");
            }
        }

        for (var i = 0; i < run.Tasks.Count; i++)
        {
            ValidateTask(run.Tasks[i], ProblemCollector.Index(path + ".tasks", i), keys, problems);
        }
    }

    private static void ValidateTask(JobTaskDefinition task, string path, Dictionary<string, int> keys, ProblemCollector problems)
    {
        if (task.DependsOn is { } dependsOn)
        {
            for (var i = 0; i < dependsOn.Count; i++)
            {
                var dependency = dependsOn[i];
                if (dependency == task.TaskKey)
                {
                    problems.Add(ProblemCollector.Index(path + ".dependsOn", i), ValidationCodes.InvalidValue, "a task cannot depend on itself");
                }
                else if (!keys.ContainsKey(dependency))
                {
                    problems.Add(ProblemCollector.Index(path + ".dependsOn", i), ValidationCodes.InvalidValue, "names no task of this run");
                }
            }
        }

        var computeCount = (task.ExistingClusterId is null ? 0 : 1) + (task.NewCluster is null ? 0 : 1) + (task.EnvironmentKey is null ? 0 : 1);
        if (computeCount > 1)
        {
            problems.Add(path, ValidationCodes.Conflict, "set at most one of existingClusterId, newCluster and environmentKey");
        }

        if (task.ExistingClusterId is { } clusterId)
        {
            ValidationRules.Token(problems, path + ".existingClusterId", clusterId, 100, "-_");
        }

        if (task.EnvironmentKey is { } environmentKey)
        {
            ValidationRules.Token(problems, path + ".environmentKey", environmentKey, 100, "-_");
        }

        if (task.NewCluster is { } newCluster && newCluster.ValueKind != System.Text.Json.JsonValueKind.Object)
        {
            problems.Add(path + ".newCluster", ValidationCodes.WrongType, "must be a cluster specification object");
        }

        if (task.TimeoutSeconds is { } timeout)
        {
            ValidationRules.Range(problems, path + ".timeoutSeconds", timeout, 0, JobRunRequest.MaxTimeoutSeconds);
        }

        var typeCount = (task.NotebookTask is null ? 0 : 1) + (task.SparkPythonTask is null ? 0 : 1) + (task.SqlFileTask is null ? 0 : 1);
        if (typeCount != 1)
        {
            problems.Add(path, ValidationCodes.Conflict, "set exactly one of notebookTask, sparkPythonTask and sqlFileTask");
        }

        if (task.NotebookTask is { } notebook)
        {
            WorkspacePath(problems, path + ".notebookTask.notebookPath", notebook.NotebookPath);
            ValidationRules.Parameters(problems, path + ".notebookTask.baseParameters", notebook.BaseParameters, MaxBaseParameterBytes);
        }

        if (task.SparkPythonTask is { } python)
        {
            if (ValidationRules.RequiredText(problems, path + ".sparkPythonTask.pythonFile", python.PythonFile))
            {
                ValidationRules.NoControlCharacters(problems, path + ".sparkPythonTask.pythonFile", python.PythonFile);
            }
        }

        if (task.SqlFileTask is { } sql)
        {
            ValidationRules.Token(problems, path + ".sqlFileTask.warehouseId", sql.WarehouseId, 64, "-");
            WorkspacePath(problems, path + ".sqlFileTask.path", sql.Path);
            ValidationRules.Parameters(problems, path + ".sqlFileTask.parameters", sql.Parameters, MaxParameterBytes);
        }
    }

    private static void WorkspacePath(ProblemCollector problems, string path, string value)
    {
        if (ValidationRules.RequiredText(problems, path, value) && ValidationRules.NoControlCharacters(problems, path, value)
            && value.Split('/').Any(segment => segment == ".."))
        {
            problems.Add(path, ValidationCodes.InvalidValue, "must not contain '..' segments");
        }
    }
}
