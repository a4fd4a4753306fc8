using DeltaFunctions.Databricks.Jobs;
using DeltaFunctions.Pipelines.Orchestration;
using DeltaFunctions.Pipelines.Validation;
using Microsoft.Extensions.Logging;

namespace DeltaFunctions.Pipelines.Jobs;

#pragma warning disable CA2007 // Workflow code must resume on the orchestration's scheduler: no ConfigureAwait(false).

/// <summary>
/// Runs the jobs of a <see cref="JobRunRequest"/> and waits for them under one deadline: each step is submitted
/// through an activity with an idempotency token derived from the instance id and the step key, polled with
/// durable timers and backoff (the Jobs client's <see cref="RunWaitPolicy"/> decides what comes next), cancelled
/// when the deadline passes, and reported with its result state, run page URL and notebook output. Steps run in
/// sequence, or all at once and joined.
/// </summary>
/// <remarks>
/// A workflow: deterministic, no I/O. Time comes from <see cref="IOrchestrationContext.CurrentUtcDateTime"/>,
/// every Databricks call is an activity (<see cref="JobRunActivityNames"/>). Cancellation after the deadline is a
/// request; Databricks stops the run asynchronously, and the step is reported as timed out with
/// <see cref="JobStepResult.CancelRequested"/> set.
/// </remarks>
public static class JobRunWorkflow
{
    /// <summary>The orchestration's name in the App.</summary>
    public const string Name = "JobRunOrchestration";

    /// <summary>Runs the request.</summary>
    /// <param name="context">The orchestration seam.</param>
    /// <param name="request">The request; validated again here, so a bad request fails without touching Databricks.</param>
    /// <param name="cancellationToken">Cancels the durable timers.</param>
    /// <returns>The outcome of every step.</returns>
    public static async Task<JobRunResult> RunAsync(IOrchestrationContext context, JobRunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var logger = context.CreateReplaySafeLogger(typeof(JobRunWorkflow).FullName!);
        var validation = PipelineRequestValidator.Validate(request);
        if (!validation.IsValid)
        {
            Log.JobRunRejected(logger, context.InstanceId, validation.Problems.Count);
            return new JobRunResult { Outcome = JobRunOutcome.Rejected, Steps = [], Problems = validation.Problems };
        }

        var deadline = context.CurrentUtcDateTime.AddSeconds(request.EffectiveTimeoutSeconds);
        IReadOnlyList<JobStepResult> steps;
        if (request.Mode == PipelineExecutionMode.Parallel)
        {
            steps = await Task.WhenAll(request.Jobs.Select(step => RunStepAsync(context, request, step, deadline, logger, cancellationToken)));
        }
        else
        {
            var results = new List<JobStepResult>(request.Jobs.Count);
            foreach (var step in request.Jobs)
            {
                if (results.Count > 0 && results[^1].Outcome != JobStepOutcome.Succeeded && request.EffectiveStopOnFailure)
                {
                    results.Add(new JobStepResult { Key = step.Key, Outcome = JobStepOutcome.NotRun, Error = "an earlier step did not succeed" });
                    continue;
                }

                results.Add(await RunStepAsync(context, request, step, deadline, logger, cancellationToken));
            }

            steps = results;
        }

        var outcome = steps.All(s => s.Outcome == JobStepOutcome.Succeeded) ? JobRunOutcome.Succeeded
            : steps.Any(s => s.Outcome == JobStepOutcome.TimedOut) ? JobRunOutcome.TimedOut
            : JobRunOutcome.Failed;
        Log.JobRunFinished(logger, context.InstanceId, outcome, steps.Count(s => s.Outcome == JobStepOutcome.Succeeded), steps.Count);
        return new JobRunResult { Outcome = outcome, Steps = steps };
    }

    private static async Task<JobStepResult> RunStepAsync(
        IOrchestrationContext context, JobRunRequest request, JobStep step, DateTime requestDeadline, ILogger logger, CancellationToken cancellationToken)
    {
        var started = context.CurrentUtcDateTime;
        var deadline = step.TimeoutSeconds is { } stepTimeout && started.AddSeconds(stepTimeout) < requestDeadline
            ? started.AddSeconds(stepTimeout)
            : requestDeadline;
        if (deadline <= started)
        {
            return new JobStepResult { Key = step.Key, Outcome = JobStepOutcome.NotRun, Error = "the deadline passed before the step could start" };
        }

        SubmittedJobRun submitted;
        try
        {
            submitted = await context.CallActivityAsync<SubmittedJobRun>(
                JobRunActivityNames.SubmitRun,
                new SubmitJobRunInput
                {
                    StepKey = step.Key,
                    IdempotencyToken = IdempotencyTokens.ForJobStep(context.InstanceId, step.Key),
                    JobId = step.JobId,
                    JobParameters = step.JobParameters,
                    Run = step.Run,
                },
                ActivityRetryPolicy.Default);
        }
        catch (ActivityFailedException e)
        {
            return Finished(logger, new JobStepResult { Key = step.Key, Outcome = JobStepOutcome.Failed, Error = "the run could not be started: " + e.ErrorMessage });
        }

        Log.JobStepSubmitted(logger, step.Key, submitted.RunId);
        var reference = new JobRunReference { RunId = submitted.RunId };
        var polling = request.EffectivePolling;
        var policy = new RunWaitPolicy(new WaitOptions
        {
            InitialDelay = polling.InitialInterval,
            MaxDelay = polling.MaxInterval,
            BackoffFactor = polling.Backoff,
            Timeout = deadline - started,
            CancelOnTimeout = request.EffectiveCancelOnTimeout,
        });

        for (var polls = 0; ; polls++)
        {
            JobRunSnapshot snapshot;
            try
            {
                snapshot = await context.CallActivityAsync<JobRunSnapshot>(JobRunActivityNames.GetRunStatus, reference, ActivityRetryPolicy.Default);
            }
            catch (ActivityFailedException e)
            {
                return Finished(logger, new JobStepResult
                {
                    Key = step.Key,
                    Outcome = JobStepOutcome.Failed,
                    RunId = submitted.RunId,
                    Polls = polls,
                    Error = "the run's state could not be read; it may still be running: " + e.ErrorMessage,
                });
            }

            var decision = policy.Decide(snapshot.ToRun(), context.CurrentUtcDateTime - started, polls);
            switch (decision.Action)
            {
                case RunPollAction.Completed:
                    return Finished(logger, await CompletedAsync(context, step, snapshot, decision.ResultState!.Value, polls + 1));
                case RunPollAction.TimedOut:
                    return await TimedOutAsync(context, step, snapshot, decision.CancelRun, polls + 1, logger);
                default:
                    Log.JobStepPolled(logger, step.Key, submitted.RunId, snapshot.LifeCycleState ?? "UNKNOWN", polls + 1, decision.Delay.TotalSeconds);
                    await context.CreateTimer(context.CurrentUtcDateTime + decision.Delay, cancellationToken);
                    break;
            }
        }
    }

    private static async Task<JobStepResult> CompletedAsync(IOrchestrationContext context, JobStep step, JobRunSnapshot snapshot, RunResultState resultState, int polls)
    {
        var outcome = resultState.IsSuccess ? JobStepOutcome.Succeeded
            : resultState == RunResultState.Canceled ? JobStepOutcome.Cancelled
            : resultState == RunResultState.Timedout ? JobStepOutcome.TimedOut
            : JobStepOutcome.Failed;
        JobRunOutputSummary? output = null;
        string? outputError = null;
        try
        {
            output = await context.CallActivityAsync<JobRunOutputSummary>(
                JobRunActivityNames.GetRunOutput, new JobRunReference { RunId = snapshot.RunId }, ActivityRetryPolicy.Default);
        }
        catch (ActivityFailedException e)
        {
            outputError = "the run's output could not be read: " + e.ErrorMessage;
        }

        return new JobStepResult
        {
            Key = step.Key,
            Outcome = outcome,
            RunId = snapshot.RunId,
            ResultState = resultState.Value,
            StateMessage = snapshot.StateMessage,
            RunPageUrl = snapshot.RunPageUrl,
            NotebookOutput = output?.NotebookOutput,
            Error = output?.Error ?? outputError,
            Polls = polls,
        };
    }

    private static async Task<JobStepResult> TimedOutAsync(
        IOrchestrationContext context, JobStep step, JobRunSnapshot snapshot, bool cancel, int polls, ILogger logger)
    {
        string? error = null;
        var cancelRequested = false;
        if (cancel)
        {
            try
            {
                cancelRequested = await context.CallActivityAsync<bool>(
                    JobRunActivityNames.CancelRun, new JobRunReference { RunId = snapshot.RunId }, ActivityRetryPolicy.Default);
            }
            catch (ActivityFailedException e)
            {
                error = "cancelling the run failed; it may still be running: " + e.ErrorMessage;
            }
        }

        Log.JobStepTimedOut(logger, step.Key, snapshot.RunId, cancelRequested);
        return new JobStepResult
        {
            Key = step.Key,
            Outcome = JobStepOutcome.TimedOut,
            RunId = snapshot.RunId,
            StateMessage = snapshot.StateMessage,
            RunPageUrl = snapshot.RunPageUrl,
            Error = error ?? (cancel ? null : "the deadline passed; the run was left running"),
            Polls = polls,
            CancelRequested = cancelRequested,
        };
    }

    private static JobStepResult Finished(ILogger logger, JobStepResult result)
    {
        Log.JobStepFinished(logger, result.Key, result.RunId, result.Outcome, result.ResultState, result.Polls);
        return result;
    }
}
