using DeltaFunctions.App.Hosting;
using DeltaFunctions.Pipelines.Hosting;
using DeltaFunctions.Pipelines.Maintenance;
using DurableTask.Core.Exceptions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace DeltaFunctions.App.Maintenance;

// Timer triggers with %app setting% schedules (worker repo samples/Extensions/Timer), starting a singleton orchestration
// only when no instance with its fixed id is running (Durable Functions docs, "Singleton orchestrators").
public sealed class MaintenanceTimers(IConfiguration configuration, ILogger<MaintenanceTimers> logger)
{
    [Function("MaintenanceOptimizeTimer")]
    public Task OptimizeAsync(
        [TimerTrigger("%Maintenance:OptimizeSchedule%")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        StartAsync(MaintenanceTrigger.Optimize, client, cancellationToken);

    [Function("MaintenanceVacuumTimer")]
    public Task VacuumAsync(
        [TimerTrigger("%Maintenance:VacuumSchedule%")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        StartAsync(MaintenanceTrigger.Vacuum, client, cancellationToken);

    private async Task StartAsync(MaintenanceTrigger trigger, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var preparation = MaintenanceRuns.Prepare(trigger, configuration[MaintenanceSettings.PlanKey], configuration[MaintenanceSettings.DryRunKey]);
        if (!preparation.IsValid)
        {
            Log.MaintenancePlanInvalid(logger, trigger.ToString(), string.Join("; ", preparation.Problems));
            return;
        }

        // Singleton rule as a start option: an instance that is still Pending, Running or Suspended makes the start fail,
        // a Completed, Failed or Terminated one is replaced; the backend decides atomically, so two timers firing at
        // once cannot both start a pass.
        const string instanceId = MaintenanceWorkflow.SingletonInstanceId;
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                MaintenanceWorkflow.Name,
                preparation.Request,
                new StartOrchestrationOptions(instanceId).WithDedupeStatuses(DurableStarts.Unfinished),
                cancellationToken);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            var existing = await client.GetInstanceAsync(instanceId, cancellation: cancellationToken);
            Log.MaintenanceSkipped(logger, trigger.ToString(), instanceId, existing?.RuntimeStatus.ToString() ?? "unknown");
            return;
        }

        Log.MaintenanceStarted(logger, trigger.ToString(), instanceId);
    }
}
