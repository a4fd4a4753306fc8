using DeltaFunctions.Pipelines.Jobs;
using DeltaFunctions.Pipelines.Tests.Orchestration.Replay;

namespace DeltaFunctions.Pipelines.Tests.Jobs;

/// <summary>
/// A scripted stand-in for the Databricks Jobs API behind <see cref="IJobRunActivities"/>: runs are keyed by
/// idempotency token exactly as Databricks does (a repeated token returns the run already started), and each run
/// walks through the states scripted for its step, one per poll, staying on the last.
/// </summary>
internal sealed class FakeJobRunActivities : IJobRunActivities
{
    private readonly Dictionary<string, long> _runsByToken = new(StringComparer.Ordinal);
    private readonly Dictionary<long, (string StepKey, int Polls)> _runs = [];
    private readonly Dictionary<string, (string LifeCycle, string? Result)[]> _scripts = new(StringComparer.Ordinal);
    private long _nextRunId = 1000;

    /// <summary>Every submit call: step key and token, including retried attempts.</summary>
    public List<(string StepKey, string Token)> Submits { get; } = [];

    /// <summary>Runs actually started (a repeated token does not start one).</summary>
    public int RunsStarted { get; private set; }

    /// <summary>Runs cancellation was requested for.</summary>
    public List<long> Cancelled { get; } = [];

    /// <summary>Submit attempts that start the run but then fail, as when the response is lost on the way back.</summary>
    public int LoseSubmitResponses { get; set; }

    /// <summary>Steps whose submit is refused outright.</summary>
    public HashSet<string> RefuseSubmit { get; } = new(StringComparer.Ordinal);

    /// <summary>Steps whose idempotency token belongs to a run someone deleted.</summary>
    public HashSet<string> DeletedTokenRuns { get; } = new(StringComparer.Ordinal);

    public FakeJobRunActivities Script(string stepKey, params (string LifeCycle, string? Result)[] states)
    {
        _scripts[stepKey] = states;
        return this;
    }

    public Task<SubmittedJobRun> SubmitRunAsync(SubmitJobRunInput input, CancellationToken cancellationToken = default)
    {
        Submits.Add((input.StepKey, input.IdempotencyToken));
        if (RefuseSubmit.Contains(input.StepKey))
        {
            throw new InvalidOperationException("INVALID_PARAMETER_VALUE: Job 7 does not exist.");
        }

        if (DeletedTokenRuns.Contains(input.StepKey))
        {
            throw new DeltaFunctions.Databricks.Jobs.IdempotentRunDeletedException(
                input.IdempotencyToken,
                new DeltaFunctions.Databricks.DatabricksException(
                    $"The run with idempotency token {input.IdempotencyToken} was deleted.",
                    DeltaFunctions.Databricks.DatabricksErrorCode.InvalidParameterValue,
                    System.Net.HttpStatusCode.BadRequest));
        }

        if (!_runsByToken.TryGetValue(input.IdempotencyToken, out var runId))
        {
            runId = _nextRunId++;
            _runsByToken[input.IdempotencyToken] = runId;
            _runs[runId] = (input.StepKey, 0);
            RunsStarted++;
        }

        if (LoseSubmitResponses > 0)
        {
            LoseSubmitResponses--;
            throw new TimeoutException("The request timed out after the run was created.");
        }

        return Task.FromResult(new SubmittedJobRun { RunId = runId });
    }

    public Task<JobRunSnapshot> GetRunStatusAsync(JobRunReference input, CancellationToken cancellationToken = default)
    {
        var (stepKey, polls) = _runs[input.RunId];
        _runs[input.RunId] = (stepKey, polls + 1);
        var script = _scripts.GetValueOrDefault(stepKey) ?? [("TERMINATED", "SUCCESS")];
        var (lifeCycle, result) = script[Math.Min(polls, script.Length - 1)];
        if (Cancelled.Contains(input.RunId))
        {
            (lifeCycle, result) = ("TERMINATED", "CANCELED");
        }

        return Task.FromResult(new JobRunSnapshot
        {
            RunId = input.RunId,
            LifeCycleState = lifeCycle,
            ResultState = result,
            StateMessage = result == "FAILED" ? "Notebook raised an exception" : null,
            RunPageUrl = $"https://adb-1.1.azuredatabricks.net/?o=1#job/1/run/{input.RunId}",
        });
    }

    public Task<bool> CancelRunAsync(JobRunReference input, CancellationToken cancellationToken = default)
    {
        Cancelled.Add(input.RunId);
        return Task.FromResult(true);
    }

    public Task<JobRunOutputSummary> GetRunOutputAsync(JobRunReference input, CancellationToken cancellationToken = default)
    {
        var (stepKey, _) = _runs[input.RunId];
        var script = _scripts.GetValueOrDefault(stepKey) ?? [("TERMINATED", "SUCCESS")];
        return Task.FromResult(script[^1].Result == "FAILED"
            ? new JobRunOutputSummary { Error = "ZeroDivisionError: division by zero" }
            : new JobRunOutputSummary { NotebookOutput = $"{{\"step\":\"{stepKey}\",\"rows\":42}}", Truncated = false });
    }
}

/// <summary>Binds an <see cref="IJobRunActivities"/> to the harness under the names the workflow schedules.</summary>
internal static class JobRunHarnessExtensions
{
    public static ReplayHarness AddJobRunActivities(this ReplayHarness harness, IJobRunActivities activities) => harness
        .AddActivity<SubmitJobRunInput, SubmittedJobRun>(JobRunActivityNames.SubmitRun, activities.SubmitRunAsync)
        .AddActivity<JobRunReference, JobRunSnapshot>(JobRunActivityNames.GetRunStatus, activities.GetRunStatusAsync)
        .AddActivity<JobRunReference, bool>(JobRunActivityNames.CancelRun, activities.CancelRunAsync)
        .AddActivity<JobRunReference, JobRunOutputSummary>(JobRunActivityNames.GetRunOutput, activities.GetRunOutputAsync);
}
