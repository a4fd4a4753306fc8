using DeltaFunctions.Pipelines.Jobs;
using DeltaFunctions.Pipelines.Sql;
using Microsoft.DurableTask;

namespace DeltaFunctions.Pipelines.Orchestration;

/// <summary>
/// The one place the workflows call activities from: a typed extension method on Durable's
/// <see cref="TaskOrchestrationContext"/> per activity, each naming its activity by the constant that stands beside the
/// activity (<see cref="JobRunActivityNames"/>, <see cref="StatementActivityNames"/>) and calling it with
/// <see cref="RetryOptions"/>. The App registers activity functions under the same constants, so a renamed activity or
/// a changed input type breaks the build instead of a running orchestration.
/// </summary>
/// <remarks>
/// A call that still fails after its last attempt throws Durable's <see cref="TaskFailedException"/>; its
/// <see cref="TaskFailedException.FailureDetails"/> carry the activity's exception type and message.
/// </remarks>
public static class WorkflowActivities
{
    /// <summary>
    /// How every Databricks activity is retried, with durable timers between attempts: 5 attempts, the first retry after
    /// 5 s, doubling to at most 1 min; never after <see cref="DeltaFunctions.Databricks.Jobs.IdempotentRunDeletedException"/>, which no
    /// repeat can fix. Every activity is safe to repeat: submits carry an idempotency token, reads
    /// and cancellations change nothing twice, and maintenance statements converge on the same table state.
    /// </summary>
    public static RetryPolicy RetryPolicy { get; } = new(
        maxNumberOfAttempts: 5, firstRetryInterval: TimeSpan.FromSeconds(5), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromMinutes(1))
    {
        // A submit whose idempotency token belongs to a deleted run can never succeed with that token (Databricks keeps
        // it reserved), so it fails the step at once instead of after four more attempts.
        // Compared by name: the failure records the exception's full type name.
        HandleFailure = failure => !string.Equals(failure.ErrorType, typeof(DeltaFunctions.Databricks.Jobs.IdempotentRunDeletedException).FullName, StringComparison.Ordinal),
    };

    /// <summary><see cref="RetryPolicy"/> as the options of an activity call.</summary>
    public static TaskOptions RetryOptions { get; } = TaskOptions.FromRetryPolicy(RetryPolicy);

    /// <summary>Calls <see cref="JobRunActivityNames.SubmitRun"/> (<see cref="IJobRunActivities.SubmitRunAsync"/>).</summary>
    /// <param name="context">The orchestration.</param>
    /// <param name="input">What to start, with its idempotency token.</param>
    /// <returns>The run id.</returns>
    public static Task<SubmittedJobRun> SubmitJobRunAsync(this TaskOrchestrationContext context, SubmitJobRunInput input) =>
        Call<SubmittedJobRun>(context, JobRunActivityNames.SubmitRun, input);

    /// <summary>Calls <see cref="JobRunActivityNames.GetRunStatus"/> (<see cref="IJobRunActivities.GetRunStatusAsync"/>).</summary>
    /// <param name="context">The orchestration.</param>
    /// <param name="run">The run.</param>
    /// <returns>The run's state.</returns>
    public static Task<JobRunSnapshot> GetJobRunStatusAsync(this TaskOrchestrationContext context, JobRunReference run) =>
        Call<JobRunSnapshot>(context, JobRunActivityNames.GetRunStatus, run);

    /// <summary>Calls <see cref="JobRunActivityNames.CancelRun"/> (<see cref="IJobRunActivities.CancelRunAsync"/>).</summary>
    /// <param name="context">The orchestration.</param>
    /// <param name="run">The run.</param>
    /// <returns>True once Databricks accepted the cancellation.</returns>
    public static Task<bool> CancelJobRunAsync(this TaskOrchestrationContext context, JobRunReference run) =>
        Call<bool>(context, JobRunActivityNames.CancelRun, run);

    /// <summary>Calls <see cref="JobRunActivityNames.GetRunOutput"/> (<see cref="IJobRunActivities.GetRunOutputAsync"/>).</summary>
    /// <param name="context">The orchestration.</param>
    /// <param name="run">The run.</param>
    /// <returns>The notebook output and error.</returns>
    public static Task<JobRunOutputSummary> GetJobRunOutputAsync(this TaskOrchestrationContext context, JobRunReference run) =>
        Call<JobRunOutputSummary>(context, JobRunActivityNames.GetRunOutput, run);

    /// <summary>Calls <see cref="StatementActivityNames.StartStatement"/> (<see cref="IStatementActivities.StartStatementAsync"/>).</summary>
    /// <param name="context">The orchestration.</param>
    /// <param name="input">The statement.</param>
    /// <returns>The statement's id.</returns>
    public static Task<StatementHandle> StartStatementAsync(this TaskOrchestrationContext context, StartStatementInput input) =>
        Call<StatementHandle>(context, StatementActivityNames.StartStatement, input);

    /// <summary>Calls <see cref="StatementActivityNames.GetStatementStatus"/> (<see cref="IStatementActivities.GetStatementStatusAsync"/>).</summary>
    /// <param name="context">The orchestration.</param>
    /// <param name="statement">The statement.</param>
    /// <returns>Its state, error and metrics.</returns>
    public static Task<StatementStatusSnapshot> GetStatementStatusAsync(this TaskOrchestrationContext context, StatementHandle statement) =>
        Call<StatementStatusSnapshot>(context, StatementActivityNames.GetStatementStatus, statement);

    /// <summary>Calls <see cref="StatementActivityNames.CancelStatement"/> (<see cref="IStatementActivities.CancelStatementAsync"/>).</summary>
    /// <param name="context">The orchestration.</param>
    /// <param name="statement">The statement.</param>
    /// <returns>True once the cancellation was accepted.</returns>
    public static Task<bool> CancelStatementAsync(this TaskOrchestrationContext context, StatementHandle statement) =>
        Call<bool>(context, StatementActivityNames.CancelStatement, statement);

    /// <summary>Calls <see cref="StatementActivityNames.GetTableMaintenanceInfo"/> (<see cref="IStatementActivities.GetTableMaintenanceInfoAsync"/>).</summary>
    /// <param name="context">The orchestration.</param>
    /// <param name="table">The table, <c>catalog.schema.table</c>.</param>
    /// <returns>Whether predictive optimization maintains it.</returns>
    public static Task<TableMaintenanceInfo> GetTableMaintenanceInfoAsync(this TaskOrchestrationContext context, string table) =>
        Call<TableMaintenanceInfo>(context, StatementActivityNames.GetTableMaintenanceInfo, table);

    private static Task<TResult> Call<TResult>(TaskOrchestrationContext context, string name, object input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return context.CallActivityAsync<TResult>(name, input, RetryOptions);
    }
}
