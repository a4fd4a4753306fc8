using Azure.Messaging.ServiceBus;
using DeltaFunctions.App.Hosting;
using DeltaFunctions.Pipelines.Jobs;
using DeltaFunctions.Pipelines.Validation;
using DurableTask.Core.Exceptions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace DeltaFunctions.App.Jobs;

// Client functions as in the Durable Functions isolated quickstart: [DurableClient] DurableTaskClient,
// ScheduleNewOrchestrationInstanceAsync, and CreateCheckStatusResponseAsync for the 202 with status URLs.
public sealed class JobRunStarters(ILogger<JobRunStarters> logger)
{
    [Function("StartJobRunHttp")]
    public async Task<HttpResponseData> StartFromHttpAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "jobs/runs")] HttpRequestData request,
        [DurableClient] DurableTaskClient client,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        var key = HttpExchange.Header(request, HttpRequestIds.IdempotencyKeyHeader);
        var requestId = HttpRequestIds.Choose(key, context.InvocationId, out var keyProblem);
        var parsed = PipelineRequestParser.ParseJobRunRequest(await HttpExchange.ReadBodyAsync(request, cancellationToken));
        if (keyProblem is not null || !parsed.IsValid)
        {
            ValidationProblem[] problems = keyProblem is null ? [.. parsed.Validation.Problems] : [keyProblem, .. parsed.Validation.Problems];
            return await HttpExchange.WriteAsync(request, HttpReplies.BadRequest(problems, requestId ?? context.InvocationId), cancellationToken);
        }

        // With an Idempotency-Key the instance id comes from the key, so a retried POST answers with the run it started.
        var instanceId = key is null
            ? await client.ScheduleNewOrchestrationInstanceAsync(JobRunWorkflow.Name, parsed.Value, cancellationToken)
            : await StartOnceAsync(client, OrchestrationInstanceIds.FromIdempotencyKey(key), parsed.Value, key, cancellationToken);
        return await client.CreateCheckStatusResponseAsync(request, instanceId, cancellationToken);
    }

    [Function("StartJobRunFromQueue")]
    public async Task StartFromQueueAsync(
        [ServiceBusTrigger("job-requests", Connection = "ServiceBusConnection", AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions messageActions,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var parsed = PipelineRequestParser.ParseJobRunRequest(message.Body.ToMemory());
        if (!parsed.IsValid)
        {
            await messageActions.SettleAsync(message, MessageSettlements.Rejected(parsed.Validation.Problems), logger, cancellationToken);
            return;
        }

        // The message id is the instance id: a redelivered message finds the instance its first delivery started.
        await StartOnceAsync(client, OrchestrationInstanceIds.FromMessageId(message.MessageId), parsed.Value, message.MessageId, cancellationToken);
        await messageActions.SettleAsync(message, MessageSettlement.Complete, logger, cancellationToken);
    }

    // The start itself is the idempotency rule (durabletask-dotnet StartOrchestrationOptions.DedupeStatuses): with every
    // status listed, the backend refuses a second instance with the same id whatever state the first one is in, so a
    // redelivery, even one racing the first delivery, never runs the jobs twice.
    private async Task<string> StartOnceAsync(
        DurableTaskClient client, string instanceId, JobRunRequest request, string requestId, CancellationToken cancellationToken)
    {
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                JobRunWorkflow.Name, request, new StartOrchestrationOptions(instanceId).WithDedupeStatuses(DurableStarts.AnyStatus), cancellationToken);
            Log.JobRunStarted(logger, instanceId);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            var existing = await client.GetInstanceAsync(instanceId, cancellation: cancellationToken);
            Log.JobRunAlreadyStarted(logger, requestId, instanceId, existing?.RuntimeStatus.ToString() ?? "unknown");
        }

        return instanceId;
    }
}
