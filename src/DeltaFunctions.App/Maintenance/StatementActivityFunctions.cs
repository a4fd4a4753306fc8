using DeltaFunctions.Pipelines.Sql;
using Microsoft.Azure.Functions.Worker;

namespace DeltaFunctions.App.Maintenance;

// Activity functions as in the Durable isolated quickstart; each delegates to Pipelines.
public sealed class StatementActivityFunctions(IStatementActivities activities)
{
    [Function(StatementActivityNames.StartStatement)]
    public Task<StatementHandle> StartStatementAsync([ActivityTrigger] StartStatementInput input, CancellationToken cancellationToken) =>
        activities.StartStatementAsync(input, cancellationToken);

    [Function(StatementActivityNames.GetStatementStatus)]
    public Task<StatementStatusSnapshot> GetStatementStatusAsync([ActivityTrigger] StatementHandle input, CancellationToken cancellationToken) =>
        activities.GetStatementStatusAsync(input, cancellationToken);

    [Function(StatementActivityNames.CancelStatement)]
    public Task<bool> CancelStatementAsync([ActivityTrigger] StatementHandle input, CancellationToken cancellationToken) =>
        activities.CancelStatementAsync(input, cancellationToken);

    [Function(StatementActivityNames.GetTableMaintenanceInfo)]
    public Task<TableMaintenanceInfo> GetTableMaintenanceInfoAsync([ActivityTrigger] string input, CancellationToken cancellationToken) =>
        activities.GetTableMaintenanceInfoAsync(input, cancellationToken);
}
