using DeltaFunctions.Pipelines.Handlers;

namespace DeltaFunctions.Pipelines.Tests.Handlers;

/// <summary>Asserts an outcome's type and shows the whole outcome when it is another one.</summary>
internal static class OutcomeAssert
{
    public static HandlerOutcome<T>.Done Done<T>(HandlerOutcome<T> outcome)
        where T : class =>
        outcome as HandlerOutcome<T>.Done ?? throw Xunit.Sdk.FailException.ForFailure("Expected Done but got " + Describe(outcome));

    public static string Describe<T>(HandlerOutcome<T> outcome)
        where T : class => outcome switch
        {
            HandlerOutcome<T>.Invalid i => $"Invalid {i.Reason}: {i.Description}",
            HandlerOutcome<T>.Transient t => $"Transient {t.Reason}: {t.Description}",
            _ => outcome.ToString(),
        };
}
