namespace DeltaFunctions.Pipelines.Messaging;

/// <summary>
/// One delivery of a queue message as a Service Bus trigger sees it: the body exactly as sent, the message id and how
/// many times the message has been delivered. The handlers take <see cref="Body"/> and <see cref="MessageId"/>.
/// </summary>
public sealed record QueuedMessage
{
    /// <summary>The message id; an append without <c>batchId</c> uses it as its batch id.</summary>
    public required string MessageId { get; init; }

    /// <summary>The message body as UTF-8 JSON, unchanged.</summary>
    public required ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>1 for the first delivery, 2 or more for a redelivery of the same message.</summary>
    public required int DeliveryCount { get; init; }

    /// <summary>Where the message came from (the file name, for messages read by <see cref="QueuedMessageFiles"/>).</summary>
    public required string Source { get; init; }

    /// <summary>Whether this delivery is a redelivery of a message delivered before.</summary>
    public bool IsRedelivery => DeliveryCount > 1;
}
