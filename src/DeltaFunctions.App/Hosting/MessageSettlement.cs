using DeltaFunctions.Pipelines.Handlers;
namespace DeltaFunctions.App.Hosting;

/// <summary>How a Service Bus message is settled, with the dead-letter reason and description when it is dead-lettered.</summary>
/// <param name="Action">Complete, dead-letter or abandon.</param>
/// <param name="DeadLetterReason">The dead-letter reason (one of <see cref="HandlerReasons"/>); null unless dead-lettered.</param>
/// <param name="DeadLetterDescription">What was wrong, at most 1,024 characters; null unless dead-lettered.</param>
internal sealed record MessageSettlement(MessageSettlementAction Action, string? DeadLetterReason = null, string? DeadLetterDescription = null)
{
    /// <summary>Complete the message.</summary>
    public static MessageSettlement Complete { get; } = new(MessageSettlementAction.Complete);

    /// <summary>Abandon the message so it is redelivered.</summary>
    public static MessageSettlement Abandon { get; } = new(MessageSettlementAction.Abandon);

    /// <summary>Dead-letter the message.</summary>
    /// <param name="reason">The reason.</param>
    /// <param name="description">The description.</param>
    /// <returns>The settlement.</returns>
    public static MessageSettlement DeadLetter(string reason, string description) =>
        new(MessageSettlementAction.DeadLetter, reason, HandlerReasons.Truncate(description));
}
