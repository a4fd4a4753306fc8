using DeltaFunctions.Databricks.Jobs;
using DeltaFunctions.Pipelines.Orchestration;
using DeltaFunctions.Pipelines.Validation;
using Microsoft.DurableTask;
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
/// An orchestrator on Durable's <see cref="TaskOrchestrationContext"/>: deterministic, no I/O, replayed from its
/// history each time it wakes. Time comes from <see cref="TaskOrchestrationContext.CurrentUtcDateTime"/>, waits are
/// durable timers, logging goes through the replay-safe logger, and every Databricks call is an activity called
/// through <see cref="WorkflowActivities"/>. Inputs and outputs carry ids, states and short texts, never rows. Cancellation after the deadline is a
/// request; Databricks stops the run asynchronously, and the step is reported as timed out with
/// <see cref="JobStepResult.CancelRequested"/> set.
/// </remarks>
public static class JobRunWorkflow
{
    /// <summary>The orchestration's name in the App.</summary>
    public const string Name = "JobRunOrchestration";

    private static readonly ValidationProblem MissingInput = new("$", ValidationCodes.Required, "the orchestration was started without a job run request");

    /// <summary>Runs the request (the orchestrator body).</summary>
    /// <param name="context">The orchestration.</param>
    /// <param name="request">The orchestration's input; validated again here, so a bad or missing request ends as
    /// <see cref="JobRunOutcome.Rejected"/> without touching Databricks.</param>
    /// <returns>The outcome of every step.</returns>
    public static async Task<JobRunResult> RunAsync(TaskOrchestrationContext context, JobRunRequest? request)
    {
        ArgumentNullException.ThrowIfNull(context);
        var logger = context.CreateReplaySafeLogger(typeof(JobRunWorkflow).FullName!);
        if (request is null)
        {
            Log.JobRunRejected(logger, context.InstanceId, 1);
            return new JobRunResult { Outcome = JobRunOutcome.Rejected, Steps = [], Problems = [MissingInput] };
        }

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
            steps = await Task.WhenAll(request.Jobs.Select(step => RunStepAsync(context, request, step, deadline, logger)));
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

                results.Add(await RunStepAsync(context, request, step, deadline, logger));
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
        TaskOrchestrationContext context, JobRunRequest request, JobStep step, DateTime requestDeadline, ILogger logger)
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
            submitted = await context.SubmitJobRunAsync(new SubmitJobRunInput
            {
                StepKey = step.Key,
                IdempotencyToken = IdempotencyTokens.ForJobStep(context.InstanceId, step.Key),
                JobId = step.JobId,
                JobParameters = step.JobParameters,
                Run = step.Run,
            });
        }
        catch (TaskFailedException e)
        {
            return Finished(logger, new JobStepResult { Key = step.Key, Outcome = JobStepOutcome.Failed, Error = "the run could not be started: " + e.FailureDetails.ErrorMessage });
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
                snapshot = await context.GetJobRunStatusAsync(reference);
            }
            catch (TaskFailedException e)
            {
                return Finished(logger, new JobStepResult
                {
                    Key = step.Key,
                    Outcome = JobStepOutcome.Failed,
                    RunId = submitted.RunId,
                    Polls = polls,
                    Error = "the run's state could not be read; it may still be running: " + e.FailureDetails.ErrorMessage,
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
                    await context.CreateTimer(context.CurrentUtcDateTime + decision.Delay, CancellationToken.None);
                    break;
            }
        }
    }

    private static async Task<JobStepResult> CompletedAsync(TaskOrchestrationContext context, JobStep step, JobRunSnapshot snapshot, RunResultState resultState, int polls)
    {
        var outcome = resultState.IsSuccess ? JobStepOutcome.Succeeded
            : resultState == RunResultState.Canceled ? JobStepOutcome.Cancelled
            : resultState == RunResultState.Timedout ? JobStepOutcome.TimedOut
            : JobStepOutcome.Failed;
        JobRunOutputSummary? output = null;
        string? outputError = null;
        try
        {
            output = await context.GetJobRunOutputAsync(new JobRunReference { RunId = snapshot.RunId });
        }
        catch (TaskFailedException e)
        {
            outputError = "the run's output could not be read: " + e.FailureDetails.ErrorMessage;
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
        TaskOrchestrationContext context, JobStep step, JobRunSnapshot snapshot, bool cancel, int polls, ILogger logger)
    {
        string? error = null;
        var cancelRequested = false;
        if (cancel)
        {
            try
            {
                cancelRequested = await context.CancelJobRunAsync(new JobRunReference { RunId = snapshot.RunId });
            }
            catch (TaskFailedException e)
            {
                error = "cancelling the run failed; it may still be running: " + e.FailureDetails.ErrorMessage;
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
