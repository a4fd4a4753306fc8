using Azure.Messaging.ServiceBus;
using DeltaFunctions.App.Hosting;
using DeltaFunctions.Pipelines.Handlers;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.Logging;

namespace DeltaFunctions.App.Merge;

// Service Bus trigger with manual settlement as in the worker repo's samples/Extensions/ServiceBus
// (AutoCompleteMessages = false + ServiceBusMessageActions); HTTP with the built-in HttpRequestData model.
public sealed class MergeFunctions(MergeRequestHandler handler, ILogger<MergeFunctions> logger)
{
    [Function("MergeFromQueue")]
    public async Task MergeFromQueueAsync(
        [ServiceBusTrigger("merge-requests", Connection = "ServiceBusConnection", AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions messageActions,
        CancellationToken cancellationToken)
    {
        var outcome = await handler.HandleAsync(message.Body.ToMemory(), message.MessageId, cancellationToken);
        await messageActions.SettleAsync(message, MessageSettlements.For(outcome), logger, cancellationToken);
    }

    [Function("MergeHttp")]
    public async Task<HttpResponseData> MergeFromHttpAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "merge")] HttpRequestData request,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        var requestId = HttpRequestIds.Choose(
            HttpExchange.Header(request, HttpRequestIds.IdempotencyKeyHeader), context.InvocationId, out var keyProblem);
        if (requestId is null)
        {
            return await HttpExchange.WriteAsync(request, HttpReplies.BadRequest([keyProblem!], context.InvocationId), cancellationToken);
        }

        var outcome = await handler.HandleAsync(await HttpExchange.ReadBodyAsync(request, cancellationToken), requestId, cancellationToken);
        return await HttpExchange.WriteAsync(request, HttpReplies.Merge(outcome), cancellationToken);
    }
}
