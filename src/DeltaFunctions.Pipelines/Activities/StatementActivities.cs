using DeltaFunctions.Databricks;
using DeltaFunctions.Databricks.Delta;
using DeltaFunctions.Databricks.Simulation;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Pipelines.Maintenance;
using DeltaFunctions.Pipelines.Sql;

namespace DeltaFunctions.Pipelines.Activities;

/// <summary>
/// <see cref="IStatementActivities"/> over the client library: the start is <see cref="DeltaClient.StartOptimizeAsync(string, OptimizeOptions, CancellationToken)"/>
/// or <see cref="DeltaClient.StartVacuumAsync"/> (the client writes the SQL, <c>wait_timeout=0s</c>), the poll is
/// <see cref="DeltaClient.GetOptimizeResultAsync"/> or <see cref="DeltaClient.GetVacuumResultAsync"/> by statement id,
/// the cancel is <see cref="SqlClient.CancelAsync"/>. Plain class, no Functions types.
/// </summary>
/// <remarks>
/// Metrics of a succeeded OPTIMIZE are the typed <see cref="OptimizeResult.NumFilesAdded"/> and
/// <see cref="OptimizeResult.NumFilesRemoved"/> (<c>numFilesAdded</c>, <c>numFilesRemoved</c>). VACUUM on Databricks
/// returns only the table path, so it reports no metrics.
/// </remarks>
public sealed class StatementActivities : IStatementActivities
{
    private readonly DatabricksClient _databricks;

    /// <summary>Creates the activities over the Databricks client.</summary>
    /// <param name="databricks">The client, whose Delta client starts and reads the statements.</param>
    public StatementActivities(DatabricksClient databricks) =>
        _databricks = databricks ?? throw new ArgumentNullException(nameof(databricks));

    /// <inheritdoc />
    public async Task<StatementHandle> StartStatementAsync(StartStatementInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (delta, table) = Delta(input.Table, input.WarehouseId, input.DryRun ? true : null);
        try
        {
            var operation = input.Operation switch
            {
                MaintenanceCommand.Optimize => await delta.StartOptimizeAsync(table, zOrderBy: input.ZOrderBy, cancellationToken: cancellationToken).ConfigureAwait(false),
                MaintenanceCommand.Vacuum => await delta.StartVacuumAsync(table, VacuumOptions(input), cancellationToken).ConfigureAwait(false),
                _ => throw new ArgumentOutOfRangeException(nameof(input), input.Operation, "Unknown maintenance command."),
            };
            return new StatementHandle { StatementId = operation.StatementId, Table = input.Table, Operation = input.Operation };
        }
        catch (DryRunException e)
        {
            // The request's dry run, or the client's Databricks:DryRun: the statement was not sent.
            return new StatementHandle
            {
                StatementId = StatementResponse.NotExecutedStatementId,
                Table = input.Table,
                Operation = input.Operation,
                DryRunStatement = e.DryRunRequests[0].Statement?.Text,
            };
        }
    }

    /// <inheritdoc />
    public async Task<StatementStatusSnapshot> GetStatementStatusAsync(StatementHandle input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (delta, _) = Delta(input.Table, warehouseId: null, dryRun: null);
        try
        {
            IReadOnlyDictionary<string, long>? metrics;
            bool finished;
            if (input.Operation == MaintenanceCommand.Optimize)
            {
                var result = await delta.GetOptimizeResultAsync(input.StatementId, cancellationToken).ConfigureAwait(false);
                finished = result is not null;
                metrics = result is null ? null : OptimizeMetrics(result);
            }
            else
            {
                finished = await delta.GetVacuumResultAsync(input.StatementId, dryRun: false, cancellationToken).ConfigureAwait(false) is not null;
                metrics = null;
            }

            return new StatementStatusSnapshot
            {
                StatementId = input.StatementId,
                State = finished ? StatementState.Succeeded.Value! : StatementState.Running.Value!,
                Metrics = metrics,
            };
        }
        catch (SqlStatementException e)
        {
            return new StatementStatusSnapshot
            {
                StatementId = input.StatementId,
                State = e.State.Value ?? "UNKNOWN",
                ErrorCode = e.ErrorCode.Value,
                ErrorMessage = e.Message,
                SqlState = e.SqlState,
            };
        }
    }

    /// <inheritdoc />
    public async Task<bool> CancelStatementAsync(StatementHandle input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await _databricks.GetSqlClient().CancelAsync(input.StatementId, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public async Task<TableMaintenanceInfo> GetTableMaintenanceInfoAsync(string table, CancellationToken cancellationToken = default)
    {
        if (!TableName.TryParse(table, out var name, out var error))
        {
            throw new ArgumentException($"'{table}' is not a table name: {error}.", nameof(table));
        }

        var info = await _databricks.GetCatalogClient().GetTableAsync(name, cancellationToken).ConfigureAwait(false);
        var flag = info.EffectivePredictiveOptimizationFlag;
        return new TableMaintenanceInfo
        {
            Table = table,
            PredictiveOptimization = info.IsManagedByPredictiveOptimization,
            PredictiveOptimizationSource = flag is null ? null : flag.InheritedFromType is { } type ? $"{type} {flag.InheritedFromName}".TrimEnd() : "the table",
        };
    }

    private static Dictionary<string, long>? OptimizeMetrics(OptimizeResult result)
    {
        var metrics = new Dictionary<string, long>(StringComparer.Ordinal);
        if (result.NumFilesAdded is { } added)
        {
            metrics["numFilesAdded"] = added;
        }

        if (result.NumFilesRemoved is { } removed)
        {
            metrics["numFilesRemoved"] = removed;
        }

        return metrics.Count == 0 ? null : metrics;
    }

    private static VacuumOptions VacuumOptions(StartStatementInput input) => new()
    {
        DryRun = false,
        RetentionHours = input.RetentionHours,
        AllowRetentionUnderSevenDays = input.AllowShortRetention,
    };

    private (DeltaClient Delta, string Table) Delta(string table, string? warehouseId, bool? dryRun)
    {
        if (!TableName.TryParse(table, out var name, out var error))
        {
            throw new ArgumentException($"'{table}' is not a table name: {error}.", nameof(table));
        }

        return (_databricks.GetDeltaClient(name.Catalog, name.Schema, new DeltaClientOptions { WarehouseId = warehouseId, DryRun = dryRun }), name.Table);
    }
}
