using DeltaFunctions.App.Hosting;
using DeltaFunctions.Pipelines.Maintenance;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace DeltaFunctions.App.Maintenance;

// Function-based orchestrator as in the Durable Functions isolated quickstart.
public static class MaintenanceOrchestrator
{
    [Function(MaintenanceWorkflow.Name)]
    public static Task<MaintenanceSummary> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var request = context.GetInput<MaintenanceRunRequest>()
            ?? throw new InvalidOperationException($"Orchestration {context.InstanceId} was started without a maintenance plan.");
        return MaintenanceWorkflow.RunAsync(new DurableOrchestrationContext(context), request);
    }
}
