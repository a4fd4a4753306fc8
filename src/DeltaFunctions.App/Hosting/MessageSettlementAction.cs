namespace DeltaFunctions.App.Hosting;

/// <summary>What a Service Bus trigger does with the message it was given (peek-lock, manual settlement).</summary>
internal enum MessageSettlementAction
{
    /// <summary>Remove the message: it was handled (or had been handled before).</summary>
    Complete,

    /// <summary>Move the message to the dead-letter queue with a reason and description: redelivery cannot help.</summary>
    DeadLetter,

    /// <summary>Release the lock so Service Bus redelivers the message (until its max delivery count).</summary>
    Abandon,
}
