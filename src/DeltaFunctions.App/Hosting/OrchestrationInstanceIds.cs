using System.Security.Cryptography;
using System.Text;

namespace DeltaFunctions.App.Hosting;

/// <summary>
/// Derives orchestration instance ids. A job run started from Service Bus uses the message id, so a redelivered message
/// finds the instance its first delivery started instead of starting a second one.
/// </summary>
/// <remarks>
/// Instance ids are 1–100 characters, must not start with <c>@</c> and must not contain <c>/ \ # ?</c> (Durable
/// Functions docs, "Orchestration identity"); control characters are refused as well. A message id that breaks a
/// rule (Service Bus allows 128 characters of anything) is replaced by <c>msg-</c> and the first 40 hex digits of its
/// SHA-256, which is just as deterministic.
/// </remarks>
internal static class OrchestrationInstanceIds
{
    /// <summary>The longest instance id used.</summary>
    public const int MaxLength = 100;

    /// <summary>The instance id for a job run request delivered with <paramref name="messageId"/>.</summary>
    /// <param name="messageId">The Service Bus message id.</param>
    /// <returns>The message id itself when it is a usable instance id, else its stable digest form.</returns>
    public static string FromMessageId(string messageId)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        return IsUsable(messageId) ? messageId : "msg-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(messageId)))[..40];
    }

    /// <summary>
    /// The instance id for a job run requested over HTTP with an <c>Idempotency-Key</c>: <c>http-</c> and the key (kept
    /// apart from message ids), so a retried POST finds the run its first attempt started.
    /// </summary>
    /// <param name="idempotencyKey">The header value, already checked by <see cref="HttpRequestIds.Choose"/>.</param>
    /// <returns>The instance id.</returns>
    public static string FromIdempotencyKey(string idempotencyKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        return FromMessageId("http-" + idempotencyKey);
    }

    /// <summary>Whether <paramref name="instanceId"/> can be used as it is.</summary>
    /// <param name="instanceId">The candidate.</param>
    /// <returns>True when it is 1–100 characters, has none of <c>/ \ # ?</c> or control characters, and does not start with <c>@</c>.</returns>
    public static bool IsUsable(string? instanceId) =>
        !string.IsNullOrWhiteSpace(instanceId)
        && instanceId.Length <= MaxLength
        && instanceId[0] != '@'
        && !instanceId.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));
}
