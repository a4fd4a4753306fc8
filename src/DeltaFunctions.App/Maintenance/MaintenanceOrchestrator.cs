using DeltaFunctions.Pipelines.Maintenance;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace DeltaFunctions.App.Maintenance;

// Function-based orchestrator as in the Durable Functions isolated quickstart; the context goes straight through.
public static class MaintenanceOrchestrator
{
    [Function(MaintenanceWorkflow.Name)]
    public static Task<MaintenanceSummary> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return MaintenanceWorkflow.RunAsync(context, context.GetInput<MaintenanceRunRequest>());
    }
}
