using DeltaFunctions.Pipelines.Jobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace DeltaFunctions.App.Jobs;

// Function-based orchestrator as in the Durable Functions isolated quickstart: the workflow is written against
// TaskOrchestrationContext itself, so the trigger's context goes straight through.
public static class JobRunOrchestrator
{
    [Function(JobRunWorkflow.Name)]
    public static Task<JobRunResult> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return JobRunWorkflow.RunAsync(context, context.GetInput<JobRunRequest>());
    }
}
