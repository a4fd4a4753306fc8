namespace DeltaFunctions.Pipelines.Jobs;

/// <summary>
/// The names of the activities <see cref="JobRunWorkflow"/> schedules. The App's activity functions use these
/// constants as their <c>[Function]</c> names and delegate to an <see cref="IJobRunActivities"/>.
/// </summary>
public static class JobRunActivityNames
{
    /// <summary><see cref="IJobRunActivities.SubmitRunAsync"/>: input <see cref="SubmitJobRunInput"/>, result <see cref="SubmittedJobRun"/>.</summary>
    public const string SubmitRun = "Jobs_SubmitRun";

    /// <summary><see cref="IJobRunActivities.GetRunStatusAsync"/>: input <see cref="JobRunReference"/>, result <see cref="JobRunSnapshot"/>.</summary>
    public const string GetRunStatus = "Jobs_GetRunStatus";

    /// <summary><see cref="IJobRunActivities.CancelRunAsync"/>: input <see cref="JobRunReference"/>, result <see cref="bool"/>.</summary>
    public const string CancelRun = "Jobs_CancelRun";

    /// <summary><see cref="IJobRunActivities.GetRunOutputAsync"/>: input <see cref="JobRunReference"/>, result <see cref="JobRunOutputSummary"/>.</summary>
    public const string GetRunOutput = "Jobs_GetRunOutput";
}
