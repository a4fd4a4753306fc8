using DeltaFunctions.Pipelines.Jobs;
using Microsoft.Azure.Functions.Worker;

namespace DeltaFunctions.App.Jobs;

// Activity functions as in the Durable isolated quickstart ([ActivityTrigger] input); each delegates to Pipelines.
public sealed class JobRunActivityFunctions(IJobRunActivities activities)
{
    [Function(JobRunActivityNames.SubmitRun)]
    public Task<SubmittedJobRun> SubmitRunAsync([ActivityTrigger] SubmitJobRunInput input, CancellationToken cancellationToken) =>
        activities.SubmitRunAsync(input, cancellationToken);

    [Function(JobRunActivityNames.GetRunStatus)]
    public Task<JobRunSnapshot> GetRunStatusAsync([ActivityTrigger] JobRunReference input, CancellationToken cancellationToken) =>
        activities.GetRunStatusAsync(input, cancellationToken);

    [Function(JobRunActivityNames.CancelRun)]
    public Task<bool> CancelRunAsync([ActivityTrigger] JobRunReference input, CancellationToken cancellationToken) =>
        activities.CancelRunAsync(input, cancellationToken);

    [Function(JobRunActivityNames.GetRunOutput)]
    public Task<JobRunOutputSummary> GetRunOutputAsync([ActivityTrigger] JobRunReference input, CancellationToken cancellationToken) =>
        activities.GetRunOutputAsync(input, cancellationToken);
}
