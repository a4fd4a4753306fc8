using DeltaFunctions.Databricks.Jobs;

namespace DeltaFunctions.Databricks.Tests.Jobs;

public sealed class RunWaitPolicyTests
{
    private static Run Legacy(string lifeCycle, string? result = null) => new()
    {
        RunId = 1,
        State = new RunState
        {
            LifeCycleState = new RunLifeCycleState(lifeCycle),
            ResultState = result is null ? null : new RunResultState(result),
        },
    };

    private static Run Status(string state, string? code = null, string? type = null) => new()
    {
        RunId = 1,
        Status = new RunStatus
        {
            State = new RunStatusState(state),
            TerminationDetails = code is null ? null : new TerminationDetails
            {
                Code = new TerminationCode(code),
                Type = type is null ? null : new TerminationType(type),
            },
        },
    };

    [Theory]
    [InlineData("QUEUED")]
    [InlineData("PENDING")]
    [InlineData("RUNNING")]
    [InlineData("TERMINATING")]
    [InlineData("BLOCKED")]
    [InlineData("WAITING_FOR_RETRY")]
    [InlineData("SOMETHING_NEW")]
    public void Decide_NonTerminalLegacyState_Continues(string lifeCycle)
    {
        var sut = new RunWaitPolicy();

        var decision = sut.Decide(Legacy(lifeCycle), TimeSpan.FromSeconds(5), attempt: 0);

        Assert.Equal(RunPollAction.Continue, decision.Action);
        Assert.Equal(TimeSpan.FromSeconds(1), decision.Delay);
    }

    [Theory]
    [InlineData("TERMINATED", "SUCCESS", "SUCCESS")]
    [InlineData("TERMINATED", "FAILED", "FAILED")]
    [InlineData("TERMINATED", "TIMEDOUT", "TIMEDOUT")]
    [InlineData("TERMINATED", "CANCELED", "CANCELED")]
    [InlineData("TERMINATED", "A_FUTURE_RESULT", "A_FUTURE_RESULT")]
    [InlineData("SKIPPED", null, "SKIPPED")]
    [InlineData("INTERNAL_ERROR", null, "FAILED")]
    [InlineData("INTERNAL_ERROR", "FAILED", "FAILED")]
    public void Decide_TerminalLegacyState_CompletesWithResult(string lifeCycle, string? result, string expected)
    {
        var sut = new RunWaitPolicy();

        var decision = sut.Decide(Legacy(lifeCycle, result), TimeSpan.Zero, attempt: 3);

        Assert.Equal(RunPollAction.Completed, decision.Action);
        Assert.Equal(new RunResultState(expected), decision.ResultState);
    }

    [Theory]
    [InlineData("SUCCESS", "SUCCESS", "SUCCESS")]
    [InlineData("SUCCESS_WITH_FAILURES", "SUCCESS", "SUCCESS_WITH_FAILURES")]
    [InlineData("USER_CANCELED", "SUCCESS", "CANCELED")]
    [InlineData("CANCELED", "CLIENT_ERROR", "CANCELED")]
    [InlineData("SKIPPED", "SUCCESS", "SKIPPED")]
    [InlineData("DISABLED", "CLIENT_ERROR", "DISABLED")]
    [InlineData("DRIVER_ERROR", "CLIENT_ERROR", "FAILED")]
    [InlineData("CLOUD_FAILURE", "CLOUD_FAILURE", "FAILED")]
    [InlineData("NEW_GOOD_CODE", "SUCCESS", "SUCCESS")]
    [InlineData("NEW_BAD_CODE", "NEW_TYPE", "FAILED")]
    public void Decide_OnlyNewerStatusTerminated_MapsTerminationCode(string code, string type, string expected)
    {
        var sut = new RunWaitPolicy();

        var decision = sut.Decide(Status("TERMINATED", code, type), TimeSpan.Zero, attempt: 0);

        Assert.Equal(RunPollAction.Completed, decision.Action);
        Assert.Equal(new RunResultState(expected), decision.ResultState);
    }

    [Fact]
    public void Decide_StatusRunningWithoutLegacyState_Continues()
    {
        var sut = new RunWaitPolicy();

        var decision = sut.Decide(Status("RUNNING"), TimeSpan.Zero, attempt: 0);

        Assert.Equal(RunPollAction.Continue, decision.Action);
    }

    [Fact]
    public void Decide_LegacyResultAndStatusBoth_LegacyResultWins()
    {
        var run = Legacy("TERMINATED", "TIMEDOUT") with
        {
            Status = new RunStatus { State = RunStatusState.Terminated, TerminationDetails = new TerminationDetails { Code = TerminationCode.Success } },
        };
        var sut = new RunWaitPolicy();

        var decision = sut.Decide(run, TimeSpan.Zero, 0);

        Assert.Equal(RunResultState.Timedout, decision.ResultState);
    }

    [Fact]
    public void Decide_EmptyRun_ContinuesPolling()
    {
        var sut = new RunWaitPolicy();

        var decision = sut.Decide(new Run { RunId = 7 }, TimeSpan.Zero, 0);

        Assert.Equal(RunPollAction.Continue, decision.Action);
    }

    [Theory]
    [InlineData(0, 1000)]
    [InlineData(1, 1500)]
    [InlineData(2, 2250)]
    [InlineData(3, 3375)]
    [InlineData(6, 11390.625)]
    [InlineData(7, 15000)]
    [InlineData(50, 15000)]
    [InlineData(100000, 15000)]
    public void GetDelay_DefaultOptions_GrowsByHalfAndCapsAtFifteenSeconds(int attempt, double expectedMilliseconds)
    {
        var sut = new RunWaitPolicy();

        var delay = sut.GetDelay(attempt);

        Assert.Equal(expectedMilliseconds, delay.TotalMilliseconds, precision: 3);
    }

    [Fact]
    public void GetDelay_CustomOptions_UsesInitialFactorAndCap()
    {
        var sut = new RunWaitPolicy(new WaitOptions { InitialDelay = TimeSpan.FromSeconds(2), BackoffFactor = 3, MaxDelay = TimeSpan.FromSeconds(30) });

        var delays = Enumerable.Range(0, 4).Select(sut.GetDelay).ToArray();

        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(18), TimeSpan.FromSeconds(30)], delays);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Decide_ElapsedReachesTimeout_TimesOutWithCancelFlag(bool cancelOnTimeout)
    {
        var sut = new RunWaitPolicy(new WaitOptions { Timeout = TimeSpan.FromHours(3), CancelOnTimeout = cancelOnTimeout });

        var decision = sut.Decide(Legacy("RUNNING"), TimeSpan.FromHours(3), attempt: 900);

        Assert.Equal(RunPollAction.TimedOut, decision.Action);
        Assert.Equal(cancelOnTimeout, decision.CancelRun);
    }

    [Fact]
    public void Decide_TerminalPastTimeout_CompletesRatherThanTimesOut()
    {
        var sut = new RunWaitPolicy(new WaitOptions { Timeout = TimeSpan.FromMinutes(1), CancelOnTimeout = true });

        var decision = sut.Decide(Legacy("TERMINATED", "SUCCESS"), TimeSpan.FromMinutes(5), attempt: 10);

        Assert.Equal(RunPollAction.Completed, decision.Action);
        Assert.False(decision.CancelRun);
    }

    [Fact]
    public void Decide_DelayWouldOvershootTimeout_ShortensDelayToRemainingTime()
    {
        var sut = new RunWaitPolicy(new WaitOptions { Timeout = TimeSpan.FromSeconds(100) });

        var decision = sut.Decide(Legacy("RUNNING"), TimeSpan.FromSeconds(96), attempt: 20);

        Assert.Equal(RunPollAction.Continue, decision.Action);
        Assert.Equal(TimeSpan.FromSeconds(4), decision.Delay);
    }

    [Fact]
    public void Decide_InfiniteTimeout_NeverTimesOut()
    {
        var sut = new RunWaitPolicy(new WaitOptions { Timeout = Timeout.InfiniteTimeSpan });

        var decision = sut.Decide(Legacy("RUNNING"), TimeSpan.FromDays(365), attempt: int.MaxValue);

        Assert.Equal(RunPollAction.Continue, decision.Action);
        Assert.Equal(WaitOptions.DefaultMaxDelay, decision.Delay);
    }

    [Fact]
    public void Decide_NegativeInputs_Throw()
    {
        var sut = new RunWaitPolicy();

        Assert.Throws<ArgumentOutOfRangeException>(() => sut.Decide(Legacy("RUNNING"), TimeSpan.FromSeconds(-1), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => sut.Decide(Legacy("RUNNING"), TimeSpan.Zero, -1));
        Assert.Throws<ArgumentNullException>(() => sut.Decide(null!, TimeSpan.Zero, 0));
    }

    [Fact]
    public void GetEffectiveState_OnlyStatus_BuildsLegacyShape()
    {
        var run = Status("TERMINATED", "USER_CANCELED", "SUCCESS") with
        {
            Status = new RunStatus
            {
                State = RunStatusState.Terminated,
                TerminationDetails = new TerminationDetails { Code = TerminationCode.UserCanceled, Message = "cancelled by alice" },
            },
        };

        var state = RunWaitPolicy.GetEffectiveState(run);

        Assert.Equal(RunLifeCycleState.Terminated, state.LifeCycleState);
        Assert.Equal(RunResultState.Canceled, state.ResultState);
        Assert.Equal("cancelled by alice", state.StateMessage);
    }

    [Fact]
    public void GetEffectiveState_LegacyPresent_ReturnsIt()
    {
        var run = Legacy("RUNNING") with { State = new RunState { LifeCycleState = RunLifeCycleState.Running, StateMessage = "In run" } };

        var state = RunWaitPolicy.GetEffectiveState(run);

        Assert.Same(run.State, state);
    }
}
