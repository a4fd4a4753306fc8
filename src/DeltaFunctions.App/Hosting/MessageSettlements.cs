using DeltaFunctions.Pipelines.Handlers;
using DeltaFunctions.Pipelines.Validation;

namespace DeltaFunctions.App.Hosting;

/// <summary>
/// Maps what was decided about a Service Bus message to its settlement: done → complete, invalid → dead-letter with
/// the outcome's reason and description, transient → abandon so Service Bus redelivers it.
/// </summary>
internal static class MessageSettlements
{
    /// <summary>The settlement for a handler outcome.</summary>
    /// <typeparam name="TResult">The handler's result type.</typeparam>
    /// <param name="outcome">What the handler decided.</param>
    /// <returns>The settlement.</returns>
    public static MessageSettlement For<TResult>(HandlerOutcome<TResult> outcome)
        where TResult : class
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome switch
        {
            HandlerOutcome<TResult>.Done => MessageSettlement.Complete,
            HandlerOutcome<TResult>.Invalid invalid => MessageSettlement.DeadLetter(invalid.Reason, invalid.Description),
            HandlerOutcome<TResult>.Transient => MessageSettlement.Abandon,
            _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome.GetType().Name, "Unknown outcome."),
        };
    }

    /// <summary>The settlement for a message that failed validation before any handler ran (a job run request).</summary>
    /// <param name="problems">Every problem found.</param>
    /// <returns>Dead-letter with reason <see cref="HandlerReasons.InvalidRequest"/>.</returns>
    public static MessageSettlement Rejected(IReadOnlyList<ValidationProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return MessageSettlement.DeadLetter(HandlerReasons.InvalidRequest, HandlerReasons.Describe(problems));
    }
}
