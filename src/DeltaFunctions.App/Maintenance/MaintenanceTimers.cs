using DeltaFunctions.Pipelines.Hosting;
using DeltaFunctions.Pipelines.Maintenance;
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
        var preparation = MaintenanceRuns.Prepare(trigger, configuration[MaintenanceSettings.PlanKey]);
        if (!preparation.IsValid)
        {
            Log.MaintenancePlanInvalid(logger, trigger.ToString(), string.Join("; ", preparation.Problems));
            return;
        }

        const string instanceId = MaintenanceWorkflow.SingletonInstanceId;
        var existing = await client.GetInstanceAsync(instanceId, cancellation: cancellationToken);
        var status = existing?.RuntimeStatus.ToString();
        if (!OrchestrationStatuses.CanStartSingleton(status))
        {
            Log.MaintenanceSkipped(logger, trigger.ToString(), instanceId, status!);
            return;
        }

        await client.ScheduleNewOrchestrationInstanceAsync(
            MaintenanceWorkflow.Name, preparation.Request, new StartOrchestrationOptions(instanceId), cancellationToken);
        Log.MaintenanceStarted(logger, trigger.ToString(), instanceId);
    }
}
