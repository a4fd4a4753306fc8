using DeltaFunctions.App.Hosting;
using DeltaFunctions.Pipelines.Jobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace DeltaFunctions.App.Jobs;

// Function-based orchestrator as in the Durable Functions isolated quickstart: [OrchestrationTrigger] TaskOrchestrationContext.
public static class JobRunOrchestrator
{
    [Function(JobRunWorkflow.Name)]
    public static Task<JobRunResult> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var request = context.GetInput<JobRunRequest>()
            ?? throw new InvalidOperationException($"Orchestration {context.InstanceId} was started without a job run request.");
        return JobRunWorkflow.RunAsync(new DurableOrchestrationContext(context), request);
    }
}
