using DeltaFunctions.Pipelines.Orchestration;
using DeltaFunctions.Pipelines.Sql;
using DeltaFunctions.Pipelines.Validation;
using Microsoft.DurableTask;

namespace DeltaFunctions.Pipelines.Maintenance;

#pragma warning disable CA2007 // Workflow code must resume on the orchestration's scheduler: no ConfigureAwait(false).

/// <summary>
/// One maintenance pass: for each table of the plan that is due today and not maintained by Databricks' predictive
/// optimization (unless <see cref="MaintenancePlan.MaintainPredictiveOptimizationTables"/>), OPTIMIZE (with Z-ordering when configured)
/// then VACUUM with the table's retention, each run as an asynchronous statement polled with durable timers and
/// cancelled if it outlives the plan's statement timeout. A table's failure is recorded and the pass goes on
/// with the next table. Returns and logs a summary with per-table metrics.
/// </summary>
/// <remarks>
/// Tables run one after another so a pass never floods the warehouse. The App starts it as a singleton
/// orchestration (fixed instance id) so passes never overlap.
/// </remarks>
public static class MaintenanceWorkflow
{
    /// <summary>The orchestration's name in the App.</summary>
    public const string Name = "MaintenanceOrchestration";

    /// <summary>The instance id the App uses so only one pass runs at a time.</summary>
    public const string SingletonInstanceId = "delta-maintenance";

    private static readonly ValidationProblem MissingInput = new("$", ValidationCodes.Required, "the orchestration was started without a maintenance plan");

    /// <summary>Runs a maintenance pass (the orchestrator body, on Durable's <see cref="TaskOrchestrationContext"/>).</summary>
    /// <param name="context">The orchestration.</param>
    /// <param name="request">The orchestration's input: the plan and the statements to run. A missing or invalid plan
    /// ends with its problems and no statement.</param>
    /// <returns>The summary.</returns>
    public static async Task<MaintenanceSummary> RunAsync(TaskOrchestrationContext context, MaintenanceRunRequest? request)
    {
        ArgumentNullException.ThrowIfNull(context);
        var logger = context.CreateReplaySafeLogger(typeof(MaintenanceWorkflow).FullName!);
        var started = context.CurrentUtcDateTime;
        if (request is null)
        {
            Log.MaintenanceRejected(logger, context.InstanceId, 1);
            return new MaintenanceSummary { StartedUtc = started, FinishedUtc = started, Tables = [], Problems = [MissingInput] };
        }

        var validation = PipelineRequestValidator.Validate(request.Plan);
        if (!validation.IsValid)
        {
            Log.MaintenanceRejected(logger, context.InstanceId, validation.Problems.Count);
            return new MaintenanceSummary { StartedUtc = started, FinishedUtc = started, Tables = [], Problems = validation.Problems };
        }

        var today = Today(context.CurrentUtcDateTime, request.Plan.Schedule?.EffectiveTimeZone ?? "UTC");
        var results = new List<TableMaintenanceResult>(request.Plan.Tables.Count);
        foreach (var table in request.Plan.Tables)
        {
            var result = await MaintainTableAsync(context, request, table, today);
            if (result.Outcome == TableMaintenanceOutcome.Failed)
            {
                Log.MaintenanceTableFailed(logger, table.Name, result.Error ?? "unknown error");
            }
            else if (result.Outcome == TableMaintenanceOutcome.Succeeded)
            {
                Log.MaintenanceTableFinished(logger, table.Name, result.Outcome.ToString(), result.DurationSeconds, result.FilesAdded, result.FilesRemoved);
            }

            results.Add(result);
        }

        var summary = new MaintenanceSummary
        {
            StartedUtc = started,
            FinishedUtc = context.CurrentUtcDateTime,
            Tables = results,
            Succeeded = results.Count(r => r.Outcome == TableMaintenanceOutcome.Succeeded),
            Failed = results.Count(r => r.Outcome == TableMaintenanceOutcome.Failed),
            NotDue = results.Count(r => r.Outcome == TableMaintenanceOutcome.NotDue),
            ManagedByPredictiveOptimization = results.Count(r => r.Outcome == TableMaintenanceOutcome.ManagedByPredictiveOptimization),
            DryRun = request.DryRun,
            FilesAdded = results.Sum(r => r.FilesAdded),
            FilesRemoved = results.Sum(r => r.FilesRemoved),
        };
        Log.MaintenanceSummary(logger, context.InstanceId, summary.Succeeded, summary.Failed, summary.NotDue, summary.FilesAdded, summary.FilesRemoved);
        return summary;
    }

    private static DayOfWeek Today(DateTime utcNow, string timeZoneId) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var zone)
            ? TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utcNow, DateTimeKind.Utc), zone).DayOfWeek
            : utcNow.DayOfWeek;

    private static async Task<TableMaintenanceResult> MaintainTableAsync(
        TaskOrchestrationContext context, MaintenanceRunRequest request, MaintenanceTable table, DayOfWeek today)
    {
        if (table.Days is { Count: > 0 } days && !days.Contains(today))
        {
            return new TableMaintenanceResult { Table = table.Name, Outcome = TableMaintenanceOutcome.NotDue };
        }

        if (!request.Plan.MaintainPredictiveOptimizationTables)
        {
            // Databricks runs OPTIMIZE and VACUUM itself on these; running them too only costs compute. A table whose
            // information cannot be read is maintained as planned (its statements then say what is wrong).
            TableMaintenanceInfo? info = null;
            try
            {
                info = await context.GetTableMaintenanceInfoAsync(table.Name);
            }
            catch (TaskFailedException)
            {
            }

            if (info is { PredictiveOptimization: true })
            {
                return new TableMaintenanceResult
                {
                    Table = table.Name,
                    Outcome = TableMaintenanceOutcome.ManagedByPredictiveOptimization,
                    SkippedReason = "managed by predictive optimization" + (info.PredictiveOptimizationSource is { } source ? $" (set on {source})" : string.Empty),
                };
            }
        }

        var started = context.CurrentUtcDateTime;
        MaintenanceStatementResult? optimize = null;
        MaintenanceStatementResult? vacuum = null;
        if (table.EffectiveOptimize && request.Operations != MaintenanceOperations.Vacuum)
        {
            optimize = await RunStatementAsync(
                context,
                request.Plan,
                new StartStatementInput { Table = table.Name, Operation = MaintenanceCommand.Optimize, ZOrderBy = table.ZOrderBy, WarehouseId = request.Plan.WarehouseId, DryRun = request.DryRun });
        }

        if (table.EffectiveVacuum && request.Operations != MaintenanceOperations.Optimize)
        {
            vacuum = await RunStatementAsync(
                context,
                request.Plan,
                new StartStatementInput
                {
                    Table = table.Name,
                    Operation = MaintenanceCommand.Vacuum,
                    RetentionHours = table.EffectiveRetentionHours,
                    AllowShortRetention = table.AllowShortRetention,
                    WarehouseId = request.Plan.WarehouseId,
                    DryRun = request.DryRun,
                });
        }

        MaintenanceStatementResult?[] statements = [optimize, vacuum];
        var failures = statements.Where(s => s is { Succeeded: false }).Select(s => $"{s!.Operation.ToString().ToUpperInvariant()}: {s.Error ?? s.State}").ToList();
        var dryRun = failures.Count == 0 && statements.Any(s => s?.State == MaintenanceStatementResult.DryRunState);
        return new TableMaintenanceResult
        {
            Table = table.Name,
            Outcome = failures.Count > 0 ? TableMaintenanceOutcome.Failed : dryRun ? TableMaintenanceOutcome.DryRun : TableMaintenanceOutcome.Succeeded,
            Optimize = optimize,
            Vacuum = vacuum,
            FilesAdded = Metric(optimize, "numFilesAdded"),
            FilesRemoved = Metric(optimize, "numFilesRemoved") + Metric(vacuum, "numDeletedFiles"),
            DurationSeconds = (context.CurrentUtcDateTime - started).TotalSeconds,
            Error = failures.Count == 0 ? null : string.Join("; ", failures),
        };
    }

    private static long Metric(MaintenanceStatementResult? result, string name) =>
        result is { Succeeded: true, Metrics: { } metrics } && metrics.TryGetValue(name, out var value) ? value : 0;

    private static async Task<MaintenanceStatementResult> RunStatementAsync(
        TaskOrchestrationContext context, MaintenancePlan plan, StartStatementInput statement)
    {
        var started = context.CurrentUtcDateTime;
        var deadline = started + plan.EffectiveStatementTimeout;
        StatementHandle handle;
        try
        {
            handle = await context.StartStatementAsync(statement);
        }
        catch (TaskFailedException e)
        {
            return new MaintenanceStatementResult { Operation = statement.Operation, State = "NOT_STARTED", Error = e.FailureDetails.ErrorMessage };
        }

        if (handle.DryRunStatement is { } wouldRun)
        {
            return new MaintenanceStatementResult { Operation = statement.Operation, State = MaintenanceStatementResult.DryRunState, Statement = wouldRun };
        }

        var polling = plan.EffectivePolling;
        for (var polls = 0; ; polls++)
        {
            StatementStatusSnapshot status;
            try
            {
                status = await context.GetStatementStatusAsync(handle);
            }
            catch (TaskFailedException e)
            {
                return Result(context, statement, started, handle, "UNKNOWN", "the statement's state could not be read: " + e.FailureDetails.ErrorMessage, null);
            }

            if (status.IsTerminal)
            {
                var error = status.State == "SUCCEEDED" ? null
                    : status.ErrorMessage is { } message ? (status.ErrorCode is { } code ? $"{code}: {message}" : message)
                    : "the statement ended " + status.State;
                return Result(context, statement, started, handle, status.State, error, status.Metrics);
            }

            var now = context.CurrentUtcDateTime;
            if (now >= deadline)
            {
                string? cancelError = null;
                try
                {
                    await context.CancelStatementAsync(handle);
                }
                catch (TaskFailedException e)
                {
                    cancelError = "; cancelling it failed: " + e.FailureDetails.ErrorMessage;
                }

                return Result(context, statement, started, handle, "TIMED_OUT",
                    $"the statement ran longer than {plan.EffectiveStatementTimeout.TotalMinutes} minute(s) and was cancelled{cancelError}", null);
            }

            var delay = polling.DelayAfter(polls);
            var fireAt = now + delay < deadline ? now + delay : deadline;
            await context.CreateTimer(fireAt, CancellationToken.None);
        }
    }

    private static MaintenanceStatementResult Result(
        TaskOrchestrationContext context, StartStatementInput statement, DateTime started, StatementHandle handle, string state, string? error, IReadOnlyDictionary<string, long>? metrics) => new()
        {
            Operation = statement.Operation,
            State = state,
            StatementId = handle.StatementId,
            Error = error,
            Metrics = metrics,
            DurationSeconds = (context.CurrentUtcDateTime - started).TotalSeconds,
        };
}
