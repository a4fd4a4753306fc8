namespace DeltaFunctions.Pipelines.Jobs;

/// <summary>How one step of a job run request ended.</summary>
public enum JobStepOutcome
{
    /// <summary>The run ended with SUCCESS (or SUCCESS_WITH_FAILURES; see <see cref="JobStepResult.ResultState"/>).</summary>
    Succeeded,

    /// <summary>The run failed, or could not be started or followed.</summary>
    Failed,

    /// <summary>The run was cancelled in Databricks.</summary>
    Cancelled,

    /// <summary>The deadline passed (ours, or the run's own timeout in Databricks).</summary>
    TimedOut,

    /// <summary>The step never started: an earlier step of the sequence did not succeed, or the deadline had passed.</summary>
    NotRun,
}
