using System.Text.Json;
using DeltaFunctions.Pipelines;
using DeltaFunctions.Pipelines.Handlers;

namespace DeltaFunctions.App.Hosting;

/// <summary>
/// Where the result of a SQL request delivered over Service Bus goes: the request's <c>replyTo</c>, else the message's
/// own <c>ReplyTo</c> property (the Service Bus request-reply convention); with neither, no reply is sent. Large
/// results are already references (statement id + manifest), never inlined past the handler's limits.
/// </summary>
internal static class SqlReplies
{
    /// <summary>The subject of a reply carrying a result.</summary>
    public const string ResultSubject = "sql-result";

    /// <summary>The reply for a SQL result, or null when the request named no reply queue.</summary>
    /// <param name="result">The result.</param>
    /// <param name="messageId">The request message's id (the reply's correlation id).</param>
    /// <param name="messageReplyTo">The request message's <c>ReplyTo</c> property, if any.</param>
    /// <returns>The reply, or null.</returns>
    public static SqlReply? Create(SqlRequestResult result, string messageId, string? messageReplyTo)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        var queue = !string.IsNullOrWhiteSpace(result.ReplyTo) ? result.ReplyTo
            : !string.IsNullOrWhiteSpace(messageReplyTo) ? messageReplyTo
            : null;
        return queue is null
            ? null
            : new SqlReply(queue, messageId, ResultSubject, "application/json",
                JsonSerializer.SerializeToUtf8Bytes(result, PipelinesJsonContext.Default.SqlRequestResult));
    }
}
