using System.Globalization;
using System.Runtime.CompilerServices;
using DeltaFunctions.Databricks.Http;
using DeltaFunctions.Databricks.Simulation;
using Microsoft.Extensions.Logging;

namespace DeltaFunctions.Databricks.Jobs;

/// <summary>
/// The Jobs API (REST <c>/api/2.2/jobs/...</c>): one-time runs, runs of saved jobs, waiting for a run, run output,
/// and jobs create / get / list / reset / delete. Get one from <see cref="DatabricksClient.GetJobsClient"/>.
/// Thread-safe. Unsealed with virtual members for mocking.
/// </summary>
public partial class JobsClient
{
    private const string Base = "/api/2.2/jobs";

    private readonly DatabricksApiClient _api = null!;
    private readonly TimeProvider _timeProvider = TimeProvider.System;
    private readonly ILogger _logger = null!;
    private readonly JobsTelemetry _telemetry = null!;

    /// <summary>Creates the client over the shared request seam.</summary>
    /// <param name="api">The request seam.</param>
    /// <param name="timeProvider">The clock waits are measured and delayed with.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="telemetry">The Jobs instruments.</param>
    internal JobsClient(DatabricksApiClient api, TimeProvider timeProvider, ILogger logger, JobsTelemetry telemetry)
    {
        _api = api;
        _timeProvider = timeProvider;
        _logger = logger;
        _telemetry = telemetry;
    }

    /// <summary>For mocking only.</summary>
    protected JobsClient()
    {
    }

    /// <summary>
    /// Submits a one-time run. REST: <c>POST /api/2.2/jobs/runs/submit</c>. The body always carries an
    /// <c>idempotency_token</c> (a new GUID when <see cref="SubmitRun.IdempotencyToken"/> is null), so the request is
    /// retried safely after a transient failure: Databricks returns the run it already started instead of a second one.
    /// Pass your own token to make a submit safe across process restarts too.
    /// </summary>
    /// <param name="run">The run, for example from <see cref="SubmitRunBuilder"/>; checked again before sending.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run id.</returns>
    /// <exception cref="ArgumentException">The run is invalid (no request is made).</exception>
    /// <exception cref="IdempotentRunDeletedException">The token's run was deleted; a new run needs a new token.</exception>
    /// <exception cref="DatabricksException">Databricks refused the run or the call failed.</exception>
    /// <exception cref="DryRunException">Dry run is on (<see cref="DatabricksClientOptions.DryRun"/>): nothing was sent; the exception holds the request.</exception>
    public virtual async Task<long> SubmitRunAsync(SubmitRun run, CancellationToken cancellationToken = default)
    {
        SubmitRunBuilder.Validate(run);
        var generated = run.IdempotencyToken is null;
        var body = generated ? run with { IdempotencyToken = NewIdempotencyToken() } : run;
        var response = await StartRunAsync(nameof(SubmitRunAsync), "/runs/submit", body, body.IdempotencyToken!, JobsJsonContext.Default.SubmitRun, cancellationToken).ConfigureAwait(false);

        _telemetry.RunStarted("submit");
        Log.RunSubmitted(_logger, response.RunId, generated ? "generated" : "caller's");
        return response.RunId;
    }

    /// <summary>
    /// Runs a saved job now. REST: <c>POST /api/2.2/jobs/run-now</c>. Like <see cref="SubmitRunAsync"/>, always sends an
    /// <c>idempotency_token</c> (generated when null) so a retried request starts one run.
    /// </summary>
    /// <param name="request">The job and its parameters.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run id.</returns>
    /// <exception cref="IdempotentRunDeletedException">The token's run was deleted; a new run needs a new token.</exception>
    /// <exception cref="DatabricksException">The job does not exist or the call failed.</exception>
    /// <exception cref="DryRunException">Dry run is on (<see cref="DatabricksClientOptions.DryRun"/>): nothing was sent; the exception holds the request.</exception>
    public virtual async Task<long> RunNowAsync(RunNow request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.IdempotencyToken is not null)
        {
            SubmitRunBuilder.ValidateIdempotencyToken(request.IdempotencyToken, nameof(request));
        }

        var body = request.IdempotencyToken is null ? request with { IdempotencyToken = NewIdempotencyToken() } : request;
        var response = await StartRunAsync(nameof(RunNowAsync), "/run-now", body, body.IdempotencyToken!, JobsJsonContext.Default.RunNow, cancellationToken).ConfigureAwait(false);

        _telemetry.RunStarted("run_now");
        Log.RunNowStarted(_logger, response.RunId, request.JobId);
        return response.RunId;
    }

    /// <summary>
    /// Sends a request that starts a run under an idempotency token (dry run intercepted first): a token whose run was
    /// deleted becomes <see cref="IdempotentRunDeletedException"/>.
    /// </summary>
    private async Task<RunIdResponse> StartRunAsync<TRequest>(
        string operation, string path, TRequest body, string idempotencyToken, System.Text.Json.Serialization.Metadata.JsonTypeInfo<TRequest> requestType, CancellationToken cancellationToken)
    {
        ThrowIfDryRun(operation, _api.InterceptDryRun(null, HttpMethod.Post, Base + path, body, requestType));
        try
        {
            return await _api.SendAsync(
                HttpMethod.Post, Base + path, body, requestType, JobsJsonContext.Default.RunIdResponse, RequestSafety.IdempotencyToken, cancellationToken).ConfigureAwait(false);
        }
        catch (DatabricksException e) when (IdempotentRunDeletedException.Matches(e))
        {
            throw new IdempotentRunDeletedException(idempotencyToken, e);
        }
    }

    /// <summary>
    /// Submits a one-time run like <see cref="SubmitRunAsync"/> and returns it as an operation to poll, wait for (with
    /// progress) or cancel. REST: <c>POST /api/2.2/jobs/runs/submit</c> then <c>GET /api/2.2/jobs/runs/get</c>.
    /// </summary>
    /// <param name="run">The run, for example from <see cref="SubmitRunBuilder"/>.</param>
    /// <param name="cancellationToken">Cancels the calls (not the run once submitted).</param>
    /// <returns>The operation, with the run's first state.</returns>
    /// <exception cref="ArgumentException">The run is invalid (no request is made).</exception>
    /// <exception cref="DatabricksException">Databricks refused the run or a call failed.</exception>
    /// <exception cref="DryRunException">Dry run is on (<see cref="DatabricksClientOptions.DryRun"/>): nothing was sent; the exception holds the request.</exception>
    public virtual async Task<RunOperation> StartSubmitRunAsync(SubmitRun run, CancellationToken cancellationToken = default)
    {
        var runId = await SubmitRunAsync(run, cancellationToken).ConfigureAwait(false);
        return await GetRunOperationAsync(runId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs a saved job now like <see cref="RunNowAsync"/> and returns the run as an operation. REST:
    /// <c>POST /api/2.2/jobs/run-now</c> then <c>GET /api/2.2/jobs/runs/get</c>.
    /// </summary>
    /// <param name="request">The job and its parameters.</param>
    /// <param name="cancellationToken">Cancels the calls (not the run once started).</param>
    /// <returns>The operation, with the run's first state.</returns>
    /// <exception cref="DatabricksException">The job does not exist or a call failed.</exception>
    /// <exception cref="DryRunException">Dry run is on (<see cref="DatabricksClientOptions.DryRun"/>): nothing was sent; the exception holds the request.</exception>
    public virtual async Task<RunOperation> StartRunNowAsync(RunNow request, CancellationToken cancellationToken = default)
    {
        var runId = await RunNowAsync(request, cancellationToken).ConfigureAwait(false);
        return await GetRunOperationAsync(runId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Resumes a run by id, for example one another process submitted: fetches its state and returns the operation.
    /// REST: <c>GET /api/2.2/jobs/runs/get</c>.
    /// </summary>
    /// <param name="runId">The run id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The operation.</returns>
    /// <exception cref="DatabricksException">The run does not exist (<see cref="DatabricksException.IsNotFound"/>) or the call failed.</exception>
    public virtual async Task<RunOperation> GetRunOperationAsync(long runId, CancellationToken cancellationToken = default)
    {
        var run = await GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        return new RunOperation(this, run);
    }

    /// <summary>
    /// Gets a run with all its tasks. REST: <c>GET /api/2.2/jobs/runs/get</c>; API 2.2 pages the <c>tasks</c>,
    /// <c>job_clusters</c> and <c>job_parameters</c> arrays (100 per response), and this method follows
    /// <c>next_page_token</c> and concatenates them.
    /// </summary>
    /// <param name="runId">The run id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    /// <exception cref="DatabricksException">The run does not exist (<see cref="DatabricksException.IsNotFound"/>) or the call failed.</exception>
    public virtual async Task<Run> GetRunAsync(long runId, CancellationToken cancellationToken = default)
    {
        var id = runId.ToString(CultureInfo.InvariantCulture);
        var run = await _api.GetAsync(Base + "/runs/get", [new("run_id", id)], JobsJsonContext.Default.Run, cancellationToken).ConfigureAwait(false);
        HashSet<string>? seen = null;
        while (!string.IsNullOrEmpty(run.NextPageToken) && (seen ??= new HashSet<string>(StringComparer.Ordinal)).Add(run.NextPageToken))
        {
            var next = await _api.GetAsync(
                Base + "/runs/get", [new("run_id", id), new("page_token", run.NextPageToken)], JobsJsonContext.Default.Run, cancellationToken)
                .ConfigureAwait(false);
            run = next with
            {
                Tasks = Concat(run.Tasks, next.Tasks),
                JobClusters = Concat(run.JobClusters, next.JobClusters),
                JobParameters = Concat(run.JobParameters, next.JobParameters),
            };
        }

        return run;
    }

    /// <summary>Lists runs, newest first, across all pages. REST: <c>GET /api/2.2/jobs/runs/list</c>.</summary>
    /// <param name="options">Filters; all runs when null.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The runs.</returns>
    /// <exception cref="ArgumentException">The options are contradictory or out of range.</exception>
    public virtual async IAsyncEnumerable<Run> ListRunsAsync(ListRunsOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= new ListRunsOptions();
        if (options.ActiveOnly && options.CompletedOnly)
        {
            throw new ArgumentException("ActiveOnly and CompletedOnly cannot both be set.", nameof(options));
        }

        if (options.PageSize is < 1 or > 25)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.PageSize, "PageSize must be between 1 and 25.");
        }

        var pages = _api.GetPagesAsync(
            Base + "/runs/list",
            [
                new("job_id", options.JobId?.ToString(CultureInfo.InvariantCulture)),
                new("active_only", options.ActiveOnly ? "true" : null),
                new("completed_only", options.CompletedOnly ? "true" : null),
                new("run_type", options.RunType?.Value),
                new("expand_tasks", options.ExpandTasks ? "true" : null),
                new("start_time_from", options.StartTimeFrom?.ToString(CultureInfo.InvariantCulture)),
                new("start_time_to", options.StartTimeTo?.ToString(CultureInfo.InvariantCulture)),
                new("limit", options.PageSize.ToString(CultureInfo.InvariantCulture)),
            ],
            JobsJsonContext.Default.ListRunsResponse,
            page => (page.Runs, page.HasMore != false ? page.NextPageToken : null),
            cancellationToken);
        await foreach (var run in pages.ConfigureAwait(false))
        {
            yield return run;
        }
    }

    /// <summary>
    /// Asks Databricks to cancel a run; cancellation is asynchronous, so poll or wait for the TERMINATED/CANCELED
    /// state. Cancelling a finished run changes nothing. REST: <c>POST /api/2.2/jobs/runs/cancel</c>.
    /// </summary>
    /// <param name="runId">The run id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see cref="MutationResult.Sent"/> once Databricks accepted the request; under dry run, what would have been sent.</returns>
    public virtual async Task<MutationResult> CancelRunAsync(long runId, CancellationToken cancellationToken = default)
    {
        var body = new RunIdRequest { RunId = runId };
        if (_api.InterceptDryRun(null, HttpMethod.Post, Base + "/runs/cancel", body, JobsJsonContext.Default.RunIdRequest) is { } dryRun)
        {
            return MutationResult.NotSent(dryRun);
        }

        await _api.SendAsync(HttpMethod.Post, Base + "/runs/cancel", body, JobsJsonContext.Default.RunIdRequest, RequestSafety.Idempotent, cancellationToken).ConfigureAwait(false);
        Log.RunCancelRequested(_logger, runId);
        return MutationResult.Sent;
    }

    /// <summary>
    /// Gets the output of a task run: the notebook's exit value, the error and its trace, logs, and the truncation
    /// flags. REST: <c>GET /api/2.2/jobs/runs/get-output</c>. Needs the id of a task run
    /// (<see cref="RunTask.RunId"/>); for a multi-task parent Databricks answers 400 INVALID_PARAMETER_VALUE.
    /// </summary>
    /// <param name="taskRunId">The task run id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The output.</returns>
    /// <exception cref="DatabricksException">The run does not exist, has several tasks, or the call failed.</exception>
    public virtual Task<RunOutput> GetRunOutputAsync(long taskRunId, CancellationToken cancellationToken = default) =>
        _api.GetAsync(
            Base + "/runs/get-output", [new("run_id", taskRunId.ToString(CultureInfo.InvariantCulture))], JobsJsonContext.Default.RunOutput, cancellationToken);

    /// <summary>
    /// Polls a run until it ends and returns its outcome. Delays follow <see cref="RunWaitPolicy"/> (backoff from
    /// <see cref="WaitOptions.InitialDelay"/> by <see cref="WaitOptions.BackoffFactor"/> up to
    /// <see cref="WaitOptions.MaxDelay"/>) on the client's <see cref="TimeProvider"/>; each poll is
    /// <c>GET /api/2.2/jobs/runs/get</c> and its state goes to <see cref="WaitOptions.Progress"/>.
    /// </summary>
    /// <param name="runId">The run id.</param>
    /// <param name="options">How to wait; <see cref="WaitOptions"/> defaults when null.</param>
    /// <param name="cancellationToken">Stops waiting (the run keeps going).</param>
    /// <returns>The terminal run, its outcome (SUCCESS, FAILED, TIMEDOUT, CANCELED, …) and run page URL.</returns>
    /// <exception cref="RunWaitTimeoutException">
    /// <see cref="WaitOptions.Timeout"/> passed first; the run was cancelled if <see cref="WaitOptions.CancelOnTimeout"/>.
    /// </exception>
    /// <exception cref="DatabricksException">The run does not exist or a call failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public virtual async Task<RunResult> WaitForCompletionAsync(long runId, WaitOptions? options = null, CancellationToken cancellationToken = default)
    {
        var policy = new RunWaitPolicy(options);
        var started = _timeProvider.GetTimestamp();
        for (var attempt = 0; ; attempt++)
        {
            var run = await GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
            var state = RunWaitPolicy.GetEffectiveState(run);
            policy.Options.Progress?.Report(state);
            var elapsed = _timeProvider.GetElapsedTime(started);
            var decision = policy.Decide(run, elapsed, attempt);
            switch (decision.Action)
            {
                case RunPollAction.Completed:
                    var result = decision.ResultState!.Value;
                    _telemetry.RunCompleted(run, result, elapsed);
                    Log.RunCompleted(_logger, runId, result.Value, elapsed);
                    return new RunResult { Run = run, ResultState = result };
                case RunPollAction.TimedOut:
                    if (decision.CancelRun)
                    {
                        // The caller's token may be what is ending; the cancel must still go out.
                        await CancelRunAsync(runId, CancellationToken.None).ConfigureAwait(false);
                    }

                    Log.RunWaitTimedOut(_logger, runId, policy.Options.Timeout, decision.CancelRun);
                    throw new RunWaitTimeoutException(run, policy.Options.Timeout, decision.CancelRun);
                default:
                    Log.RunPolled(_logger, runId, state.LifeCycleState?.Value ?? "UNKNOWN", elapsed, decision.Delay);
                    await Task.Delay(decision.Delay, _timeProvider, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }

    /// <summary>
    /// Creates a saved job. REST: <c>POST /api/2.2/jobs/create</c>. Not idempotent: a retry after an ambiguous
    /// failure could create a second job, so it is re-sent only when the failure proves it was not processed.
    /// </summary>
    /// <param name="settings">The job, for example from <see cref="JobSettingsBuilder"/>; checked again before sending.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The job id.</returns>
    /// <exception cref="ArgumentException">The settings are invalid (no request is made).</exception>
    /// <exception cref="DryRunException">Dry run is on (<see cref="DatabricksClientOptions.DryRun"/>): nothing was sent; the exception holds the request.</exception>
    public virtual async Task<long> CreateJobAsync(JobSettings settings, CancellationToken cancellationToken = default)
    {
        JobSettingsBuilder.Validate(settings);
        ThrowIfDryRun(nameof(CreateJobAsync), _api.InterceptDryRun(null, HttpMethod.Post, Base + "/create", settings, JobsJsonContext.Default.JobSettings));
        var response = await _api.SendAsync(
            HttpMethod.Post, Base + "/create", settings, JobsJsonContext.Default.JobSettings, JobsJsonContext.Default.CreateJobResponse,
            RequestSafety.NotIdempotent, cancellationToken).ConfigureAwait(false);
        Log.JobCreated(_logger, response.JobId);
        return response.JobId;
    }

    /// <summary>
    /// Gets a job with all its tasks. REST: <c>GET /api/2.2/jobs/get</c>; follows <c>next_page_token</c> and
    /// concatenates the paged <c>tasks</c>, <c>job_clusters</c> and <c>parameters</c> arrays.
    /// </summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The job.</returns>
    /// <exception cref="DatabricksException">The job does not exist (<see cref="DatabricksException.IsNotFound"/>) or the call failed.</exception>
    public virtual async Task<Job> GetJobAsync(long jobId, CancellationToken cancellationToken = default)
    {
        var id = jobId.ToString(CultureInfo.InvariantCulture);
        var job = await _api.GetAsync(Base + "/get", [new("job_id", id)], JobsJsonContext.Default.Job, cancellationToken).ConfigureAwait(false);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (!string.IsNullOrEmpty(job.NextPageToken) && seen.Add(job.NextPageToken))
        {
            var next = await _api.GetAsync(
                Base + "/get", [new("job_id", id), new("page_token", job.NextPageToken)], JobsJsonContext.Default.Job, cancellationToken).ConfigureAwait(false);
            var settings = job.Settings ?? new JobSettings();
            job = next with
            {
                Settings = (next.Settings ?? settings) with
                {
                    Tasks = Concat(settings.Tasks, next.Settings?.Tasks),
                    JobClusters = Concat(settings.JobClusters, next.Settings?.JobClusters),
                    Parameters = Concat(settings.Parameters, next.Settings?.Parameters),
                },
            };
        }

        return job;
    }

    /// <summary>Lists jobs across all pages. REST: <c>GET /api/2.2/jobs/list</c>.</summary>
    /// <param name="options">Filters; all jobs when null.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The jobs.</returns>
    public virtual async IAsyncEnumerable<Job> ListJobsAsync(ListJobsOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= new ListJobsOptions();
        if (options.PageSize is < 1 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.PageSize, "PageSize must be between 1 and 100.");
        }

        var pages = _api.GetPagesAsync(
            Base + "/list",
            [
                new("name", options.Name),
                new("expand_tasks", options.ExpandTasks ? "true" : null),
                new("limit", options.PageSize.ToString(CultureInfo.InvariantCulture)),
            ],
            JobsJsonContext.Default.ListJobsResponse,
            page => (page.Jobs, page.HasMore != false ? page.NextPageToken : null),
            cancellationToken);
        await foreach (var job in pages.ConfigureAwait(false))
        {
            yield return job;
        }
    }

    /// <summary>
    /// Replaces all of a job's settings. REST: <c>POST /api/2.2/jobs/reset</c>. A new <c>timeout_seconds</c> applies
    /// to active runs; everything else to future runs.
    /// </summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="newSettings">The complete new settings; checked before sending.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see cref="MutationResult.Sent"/> once Databricks accepted the settings; under dry run, what would have been sent.</returns>
    public virtual async Task<MutationResult> ResetJobAsync(long jobId, JobSettings newSettings, CancellationToken cancellationToken = default)
    {
        JobSettingsBuilder.Validate(newSettings);
        var body = new ResetJobRequest { JobId = jobId, NewSettings = newSettings };
        if (_api.InterceptDryRun(null, HttpMethod.Post, Base + "/reset", body, JobsJsonContext.Default.ResetJobRequest) is { } dryRun)
        {
            return MutationResult.NotSent(dryRun);
        }

        await _api.SendAsync(HttpMethod.Post, Base + "/reset", body, JobsJsonContext.Default.ResetJobRequest, RequestSafety.Idempotent, cancellationToken).ConfigureAwait(false);
        Log.JobReset(_logger, jobId);
        return MutationResult.Sent;
    }

    /// <summary>Deletes a job. REST: <c>POST /api/2.2/jobs/delete</c>.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see cref="MutationResult.Sent"/> once the job is deleted; under dry run, what would have been sent.</returns>
    /// <exception cref="DatabricksException">The job does not exist or the call failed.</exception>
    public virtual async Task<MutationResult> DeleteJobAsync(long jobId, CancellationToken cancellationToken = default)
    {
        var body = new JobIdRequest { JobId = jobId };
        if (_api.InterceptDryRun(null, HttpMethod.Post, Base + "/delete", body, JobsJsonContext.Default.JobIdRequest) is { } dryRun)
        {
            return MutationResult.NotSent(dryRun);
        }

        await _api.SendAsync(HttpMethod.Post, Base + "/delete", body, JobsJsonContext.Default.JobIdRequest, RequestSafety.Idempotent, cancellationToken).ConfigureAwait(false);
        Log.JobDeleted(_logger, jobId);
        return MutationResult.Sent;
    }

    /// <summary>Under dry run, a call whose result is an id the service assigns cannot return: it throws what it would have sent.</summary>
    private static void ThrowIfDryRun(string operation, DryRunRequest? dryRun)
    {
        if (dryRun is not null)
        {
            throw new DryRunException("JobsClient." + operation, [dryRun]);
        }
    }

    private static string NewIdempotencyToken() => Guid.NewGuid().ToString("N");

    private static List<T>? Concat<T>(IReadOnlyList<T>? first, IReadOnlyList<T>? second) =>
        first is null && second is null ? null : [.. first ?? [], .. second ?? []];
}
