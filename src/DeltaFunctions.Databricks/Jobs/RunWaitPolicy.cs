namespace DeltaFunctions.Databricks.Jobs;

/// <summary>
/// The pure decision "given this run and the clock, what next": no I/O, no clock of its own, no randomness, so a
/// Durable orchestration can call it with <c>context.CurrentUtcDateTime</c> and a durable timer, and
/// <see cref="JobsClient.WaitForCompletionAsync"/> calls it with a <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// A run is terminal when either state object says so: legacy <c>state.life_cycle_state</c> TERMINATED, SKIPPED or
/// INTERNAL_ERROR, or newer <c>status.state</c> TERMINATED. States this client does not know keep the waiter
/// polling, as the official SDK waiters do. Delays grow exponentially without jitter (the policy is
/// deterministic); runs/get is a cheap read, so synchronized pollers do not need spreading out.
/// </remarks>
public sealed class RunWaitPolicy
{
    /// <summary>Creates a policy.</summary>
    /// <param name="options">The wait options; <see cref="WaitOptions"/> defaults when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public RunWaitPolicy(WaitOptions? options = null)
    {
        Options = options ?? new WaitOptions();
        Options.Validate();
    }

    /// <summary>Gets the options.</summary>
    public WaitOptions Options { get; }

    /// <summary>Decides what to do after a poll.</summary>
    /// <param name="run">The run as the latest poll returned it.</param>
    /// <param name="elapsed">Time since the wait began.</param>
    /// <param name="attempt">How many polls came before this one (0 after the first poll).</param>
    /// <returns>
    /// <see cref="RunPollAction.Completed"/> with the outcome when the run has ended (even past the timeout);
    /// <see cref="RunPollAction.TimedOut"/> when <see cref="WaitOptions.Timeout"/> has passed; otherwise
    /// <see cref="RunPollAction.Continue"/> with the backoff delay, shortened so the next poll happens no later than
    /// the timeout.
    /// </returns>
    public RunPollDecision Decide(Run run, TimeSpan elapsed, int attempt)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        if (elapsed < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(elapsed), elapsed, "Elapsed time cannot be negative.");
        }

        if (IsTerminal(run))
        {
            return RunPollDecision.Completed(GetResultState(run)!.Value);
        }

        var timeout = Options.Timeout;
        if (timeout != Timeout.InfiniteTimeSpan && elapsed >= timeout)
        {
            return RunPollDecision.TimedOut(Options.CancelOnTimeout);
        }

        var delay = GetDelay(attempt);
        if (timeout != Timeout.InfiniteTimeSpan && delay > timeout - elapsed)
        {
            delay = timeout - elapsed;
        }

        return RunPollDecision.Continue(delay);
    }

    /// <summary>Gets the backoff delay after a given number of earlier polls.</summary>
    /// <param name="attempt">How many polls came before (0-based).</param>
    /// <returns><c>min(MaxDelay, InitialDelay × BackoffFactor^attempt)</c>.</returns>
    public TimeSpan GetDelay(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        var ticks = Options.InitialDelay.Ticks * Math.Pow(Options.BackoffFactor, attempt);
        return ticks >= Options.MaxDelay.Ticks || double.IsInfinity(ticks) ? Options.MaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Gets whether a run has ended, reading both the legacy <c>state</c> and the newer <c>status</c>.</summary>
    /// <param name="run">The run.</param>
    /// <returns>True when either object reports a terminal state.</returns>
    public static bool IsTerminal(Run run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.State?.LifeCycleState?.IsTerminal == true || run.Status?.State?.IsTerminal == true;
    }

    /// <summary>
    /// Gets a run's outcome, or null while it is running. The legacy <c>result_state</c> wins when present; otherwise
    /// the outcome comes from <c>status.termination_details</c> (SUCCESS, SUCCESS_WITH_FAILURES, CANCELED for
    /// USER_CANCELED/CANCELED, SKIPPED, DISABLED; any other code FAILED unless its type is SUCCESS), and a legacy
    /// SKIPPED or INTERNAL_ERROR life cycle without a result reads SKIPPED or FAILED.
    /// </summary>
    /// <param name="run">The run.</param>
    /// <returns>The outcome, or null when the run has not ended.</returns>
    public static RunResultState? GetResultState(Run run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (!IsTerminal(run))
        {
            return null;
        }

        if (run.State?.ResultState is { } legacy)
        {
            return legacy;
        }

        if (run.Status?.TerminationDetails is { } details && details.Code is { } code)
        {
            if (code == TerminationCode.Success)
            {
                return RunResultState.Success;
            }

            if (code == TerminationCode.SuccessWithFailures)
            {
                return RunResultState.SuccessWithFailures;
            }

            if (code == TerminationCode.UserCanceled || code == TerminationCode.Canceled)
            {
                return RunResultState.Canceled;
            }

            if (code == TerminationCode.Skipped)
            {
                return RunResultState.Skipped;
            }

            if (code == TerminationCode.Disabled)
            {
                return RunResultState.Disabled;
            }

            return details.Type == TerminationType.Success ? RunResultState.Success : RunResultState.Failed;
        }

        if (run.State?.LifeCycleState == RunLifeCycleState.Skipped)
        {
            return RunResultState.Skipped;
        }

        if (run.Status?.TerminationDetails?.Type == TerminationType.Success)
        {
            return RunResultState.Success;
        }

        return RunResultState.Failed;
    }

    /// <summary>
    /// Gets the run's state as a legacy <see cref="RunState"/>: the <c>state</c> object when Databricks sent one,
    /// otherwise one made from <c>status</c> (life cycle from <c>status.state</c>, message from the termination or
    /// queue details, outcome from <see cref="GetResultState"/>).
    /// </summary>
    /// <param name="run">The run.</param>
    /// <returns>The state.</returns>
    public static RunState GetEffectiveState(Run run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.State is { LifeCycleState: not null } state)
        {
            return state.ResultState is null && IsTerminal(run) ? state with { ResultState = GetResultState(run) } : state;
        }

        return new RunState
        {
            LifeCycleState = run.Status?.State is { } status ? new RunLifeCycleState(status.Value.Length == 0 ? "UNKNOWN" : status.Value) : null,
            ResultState = GetResultState(run),
            StateMessage = run.Status?.TerminationDetails?.Message ?? run.Status?.QueueDetails?.Message ?? run.State?.StateMessage,
        };
    }
}
