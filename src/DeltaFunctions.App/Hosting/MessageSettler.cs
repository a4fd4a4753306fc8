using Azure.Messaging.ServiceBus;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace DeltaFunctions.App.Hosting;

/// <summary>Carries out a <see cref="MessageSettlement"/> decided by Pipelines through the trigger's ServiceBusMessageActions.</summary>
internal static class MessageSettler
{
    // ServiceBusMessageActions (Worker.Extensions.ServiceBus 5.x): CompleteMessageAsync, DeadLetterMessageAsync with
    // deadLetterReason/deadLetterErrorDescription, AbandonMessageAsync; named arguments keep us off the positional
    // propertiesToModify parameter.
    // Every settlement other than Complete is logged here, once for all queue triggers.
    public static Task SettleAsync(
        this ServiceBusMessageActions actions,
        ServiceBusReceivedMessage message,
        MessageSettlement settlement,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        if (settlement.Action != MessageSettlementAction.Complete)
        {
            Log.MessageNotCompleted(logger, message.MessageId, settlement.Action.ToString(), settlement.DeadLetterReason, settlement.DeadLetterDescription);
        }

        return settlement.Action switch
        {
            MessageSettlementAction.Complete => actions.CompleteMessageAsync(message, cancellationToken),
            MessageSettlementAction.DeadLetter => actions.DeadLetterMessageAsync(
                message,
                deadLetterReason: settlement.DeadLetterReason,
                deadLetterErrorDescription: settlement.DeadLetterDescription,
                cancellationToken: cancellationToken),
            MessageSettlementAction.Abandon => actions.AbandonMessageAsync(message, cancellationToken: cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(settlement), settlement.Action, "Unknown settlement."),
        };
    }
}
