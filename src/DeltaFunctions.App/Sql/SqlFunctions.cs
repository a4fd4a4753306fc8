using Azure.Messaging.ServiceBus;
using DeltaFunctions.App.Hosting;
using DeltaFunctions.Pipelines.Handlers;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.Logging;

namespace DeltaFunctions.App.Sql;

// Service Bus trigger with manual settlement as in the worker repo's samples/Extensions/ServiceBus. The reply goes to
// the queue the request names, which an output binding (fixed queue name) cannot do, so it is sent with the Azure SDK's
// ServiceBusClient over the same ServiceBusConnection.
public sealed class SqlFunctions(SqlRequestHandler handler, ServiceBusClient serviceBus, ILogger<SqlFunctions> logger)
{
    [Function("SqlFromQueue")]
    public async Task SqlFromQueueAsync(
        [ServiceBusTrigger("sql-requests", Connection = "ServiceBusConnection", AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions messageActions,
        CancellationToken cancellationToken)
    {
        var outcome = await handler.HandleAsync(message.Body.ToMemory(), message.MessageId, cancellationToken);
        if (outcome is HandlerOutcome<SqlRequestResult>.Done done)
        {
            await ReplyAsync(SqlReplies.Create(done.Result, message.MessageId, message.ReplyTo), message.MessageId, cancellationToken);
        }

        await messageActions.SettleAsync(message, MessageSettlements.For(outcome), logger, cancellationToken);
    }

    [Function("SqlHttp")]
    public async Task<HttpResponseData> SqlFromHttpAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "sql")] HttpRequestData request,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        var outcome = await handler.HandleAsync(await HttpExchange.ReadBodyAsync(request, cancellationToken), context.InvocationId, cancellationToken);
        return await HttpExchange.WriteAsync(request, HttpReplies.Sql(outcome), cancellationToken);
    }

    [Function("SqlResultPageHttp")]
    public async Task<HttpResponseData> GetResultPageAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "sql/{statementId}")] HttpRequestData request,
        string statementId,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        var problems = SqlPageQuery.Parse(statementId, request.Query[SqlPageQuery.ChunkParameter], out var chunkIndex);
        if (problems.Count > 0)
        {
            return await HttpExchange.WriteAsync(request, HttpReplies.BadRequest(problems, context.InvocationId), cancellationToken);
        }

        var outcome = await handler.GetResultPageAsync(statementId, chunkIndex, cancellationToken);
        return await HttpExchange.WriteAsync(request, HttpReplies.SqlPage(outcome), cancellationToken);
    }

    private async Task ReplyAsync(SqlReply? reply, string messageId, CancellationToken cancellationToken)
    {
        if (reply is null)
        {
            Log.SqlReplyNotRequested(logger, messageId);
            return;
        }

        await using var sender = serviceBus.CreateSender(reply.QueueName);
        await sender.SendMessageAsync(
            new ServiceBusMessage(reply.Body)
            {
                CorrelationId = reply.CorrelationId,
                Subject = reply.Subject,
                ContentType = reply.ContentType,
            },
            cancellationToken);
        Log.SqlReplySent(logger, messageId, reply.QueueName);
    }
}
