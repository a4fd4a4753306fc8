using DeltaFunctions.Pipelines.Handlers;

namespace DeltaFunctions.App.Hosting;

/// <summary>The reply message a SQL request from Service Bus gets: where it goes and what it carries.</summary>
/// <param name="QueueName">The queue the reply is sent to.</param>
/// <param name="CorrelationId">The request message's id, so the requester can match the reply.</param>
/// <param name="Subject">The message subject: <see cref="SqlReplies.ResultSubject"/>.</param>
/// <param name="ContentType">The body's media type.</param>
/// <param name="Body">The <see cref="SqlRequestResult"/> as camelCase UTF-8 JSON.</param>
internal sealed record SqlReply(string QueueName, string CorrelationId, string Subject, string ContentType, ReadOnlyMemory<byte> Body);
