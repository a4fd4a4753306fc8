namespace DeltaFunctions.Databricks.Jobs;

/// <summary>
/// A job run in progress, shaped like Azure's <c>Operation&lt;T&gt;</c> and like
/// <see cref="Sql.SqlStatementOperation"/>: poll with <see cref="UpdateStatusAsync"/>, wait (with progress) with
/// <see cref="WaitForCompletionAsync"/>, or <see cref="CancelAsync"/>. Start one with
/// <see cref="JobsClient.StartSubmitRunAsync"/> or <see cref="JobsClient.StartRunNowAsync"/>, or resume one another
/// process started, by id, with <see cref="JobsClient.GetRunOperationAsync"/>. Unsealed with virtual members for mocking.
/// </summary>
public class RunOperation
{
    private readonly JobsClient _client = null!;

    internal RunOperation(JobsClient client, Run run)
    {
        _client = client;
        Run = run;
    }

    /// <summary>For mocking only.</summary>
    protected RunOperation()
    {
    }

    /// <summary>Gets the run id: keep it to resume the operation elsewhere with <see cref="JobsClient.GetRunOperationAsync"/>.</summary>
    public virtual long RunId => Run.RunId;

    /// <summary>Gets the run as last polled.</summary>
    public virtual Run Run { get; private set; } = null!;

    /// <summary>Gets a value indicating whether the run reached a terminal state (TERMINATED, SKIPPED, INTERNAL_ERROR).</summary>
    public virtual bool HasCompleted => RunWaitPolicy.IsTerminal(Run);

    /// <summary>Gets a value indicating whether the run has completed, so <see cref="Value"/> can be read.</summary>
    public virtual bool HasValue => HasCompleted;

    /// <summary>Gets the outcome of the completed run (SUCCESS, FAILED, TIMEDOUT, CANCELED, …); a failed run is a value too.</summary>
    /// <exception cref="InvalidOperationException">The run has not completed; wait for it first.</exception>
    public virtual RunResult Value => HasCompleted
        ? new RunResult { Run = Run, ResultState = RunWaitPolicy.GetResultState(Run) ?? RunResultState.Failed }
        : throw new InvalidOperationException(
            $"Run {RunId} is {RunWaitPolicy.GetEffectiveState(Run).LifeCycleState}; its result is known once it completes. Call WaitForCompletionAsync or UpdateStatusAsync first.");

    /// <summary>Fetches the run's current state. REST: <c>GET /api/2.2/jobs/runs/get</c>.</summary>
    /// <param name="cancellationToken">Cancels the call (not the run).</param>
    /// <returns>The run.</returns>
    public virtual async Task<Run> UpdateStatusAsync(CancellationToken cancellationToken = default)
    {
        Run = await _client.GetRunAsync(RunId, cancellationToken).ConfigureAwait(false);
        return Run;
    }

    /// <summary>
    /// Polls until the run ends (see <see cref="JobsClient.WaitForCompletionAsync"/>): backoff from
    /// <paramref name="options"/>, each state to <see cref="WaitOptions.Progress"/>, and
    /// <see cref="WaitOptions.Timeout"/> with <see cref="WaitOptions.CancelOnTimeout"/>.
    /// </summary>
    /// <param name="options">How to wait; defaults when null.</param>
    /// <param name="cancellationToken">Stops waiting (the run keeps going; call <see cref="CancelAsync"/> to stop it).</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="RunWaitTimeoutException">The timeout passed first.</exception>
    public virtual async Task<RunResult> WaitForCompletionAsync(WaitOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = await _client.WaitForCompletionAsync(RunId, options, cancellationToken).ConfigureAwait(false);
        Run = result.Run;
        return result;
    }

    /// <summary>Asks Databricks to cancel the run; poll or wait to see it end. REST: <c>POST /api/2.2/jobs/runs/cancel</c>.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see cref="Simulation.MutationResult.Sent"/> once Databricks accepted the request; under dry run, what would have been sent.</returns>
    public virtual Task<Simulation.MutationResult> CancelAsync(CancellationToken cancellationToken = default) => _client.CancelRunAsync(RunId, cancellationToken);
}
