namespace DeltaFunctions.Pipelines.Jobs;

/// <summary>
/// The work <see cref="JobRunWorkflow"/> hands to activities: every Databricks call it makes. The implementation
/// over the Jobs client lives in Pipelines (it does I/O, so it never runs inside a workflow); the App exposes each
/// method as an activity function named by <see cref="JobRunActivityNames"/>.
/// </summary>
public interface IJobRunActivities
{
    /// <summary>
    /// Starts the run: <c>runs/submit</c> for a <see cref="SubmitJobRunInput.Run"/> definition, <c>run-now</c> for a
    /// <see cref="SubmitJobRunInput.JobId"/>, always sending <see cref="SubmitJobRunInput.IdempotencyToken"/> so a
    /// retried or replayed submit returns the run already started instead of starting another.
    /// </summary>
    /// <param name="input">What to start.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run id.</returns>
    Task<SubmittedJobRun> SubmitRunAsync(SubmitJobRunInput input, CancellationToken cancellationToken = default);

    /// <summary>Reads the run's state (<c>runs/get</c>).</summary>
    /// <param name="input">The run.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The state, reduced to what the wait decision and the result need.</returns>
    Task<JobRunSnapshot> GetRunStatusAsync(JobRunReference input, CancellationToken cancellationToken = default);

    /// <summary>Requests cancellation (<c>runs/cancel</c>, asynchronous on the Databricks side).</summary>
    /// <param name="input">The run.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True once the request was accepted.</returns>
    Task<bool> CancelRunAsync(JobRunReference input, CancellationToken cancellationToken = default);

    /// <summary>Reads the output of a finished run (<c>runs/get-output</c>, per task for multi-task runs).</summary>
    /// <param name="input">The run.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The notebook output and error, if any.</returns>
    Task<JobRunOutputSummary> GetRunOutputAsync(JobRunReference input, CancellationToken cancellationToken = default);
}
