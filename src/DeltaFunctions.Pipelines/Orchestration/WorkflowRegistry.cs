using DeltaFunctions.Pipelines.Jobs;
using DeltaFunctions.Pipelines.Maintenance;
using DeltaFunctions.Pipelines.Sql;
using Microsoft.DurableTask;

namespace DeltaFunctions.Pipelines.Orchestration;

/// <summary>
/// Registers the workflows and their activities with a Durable Task worker (<see cref="DurableTaskRegistry"/>) under the
/// same names the App's functions carry, for hosts other than Azure Functions: the main job and the tests run them on
/// the in-process Durable test host this way. Azure Functions registers them through its <c>[Function]</c> attributes.
/// </summary>
public static class WorkflowRegistry
{
    /// <summary>Adds <see cref="JobRunWorkflow"/>, <see cref="MaintenanceWorkflow"/> and every activity they call.</summary>
    /// <param name="registry">The worker's registry.</param>
    /// <param name="jobs">The job run activities.</param>
    /// <param name="statements">The statement activities.</param>
    /// <returns>The registry, for chaining.</returns>
    public static DurableTaskRegistry AddPipelinesWorkflows(this DurableTaskRegistry registry, IJobRunActivities jobs, IStatementActivities statements)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(statements);
        return registry
            .AddOrchestratorFunc<JobRunRequest, JobRunResult>(JobRunWorkflow.Name, (context, request) => JobRunWorkflow.RunAsync(context, request))
            .AddOrchestratorFunc<MaintenanceRunRequest, MaintenanceSummary>(MaintenanceWorkflow.Name, (context, request) => MaintenanceWorkflow.RunAsync(context, request))
            .AddActivityFunc<SubmitJobRunInput, SubmittedJobRun>(JobRunActivityNames.SubmitRun, (_, input) => jobs.SubmitRunAsync(input, CancellationToken.None))
            .AddActivityFunc<JobRunReference, JobRunSnapshot>(JobRunActivityNames.GetRunStatus, (_, input) => jobs.GetRunStatusAsync(input, CancellationToken.None))
            .AddActivityFunc<JobRunReference, bool>(JobRunActivityNames.CancelRun, (_, input) => jobs.CancelRunAsync(input, CancellationToken.None))
            .AddActivityFunc<JobRunReference, JobRunOutputSummary>(JobRunActivityNames.GetRunOutput, (_, input) => jobs.GetRunOutputAsync(input, CancellationToken.None))
            .AddActivityFunc<StartStatementInput, StatementHandle>(StatementActivityNames.StartStatement, (_, input) => statements.StartStatementAsync(input, CancellationToken.None))
            .AddActivityFunc<StatementHandle, StatementStatusSnapshot>(StatementActivityNames.GetStatementStatus, (_, input) => statements.GetStatementStatusAsync(input, CancellationToken.None))
            .AddActivityFunc<StatementHandle, bool>(StatementActivityNames.CancelStatement, (_, input) => statements.CancelStatementAsync(input, CancellationToken.None))
            .AddActivityFunc<string, TableMaintenanceInfo>(StatementActivityNames.GetTableMaintenanceInfo, (_, input) => statements.GetTableMaintenanceInfoAsync(input, CancellationToken.None));
    }
}
