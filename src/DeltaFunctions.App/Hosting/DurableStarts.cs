using Microsoft.DurableTask.Client;

namespace DeltaFunctions.App.Hosting;

/// <summary>
/// The instance statuses that make <c>ScheduleNewOrchestrationInstanceAsync</c> refuse a start with an id already in
/// use (<c>StartOrchestrationOptions.WithDedupeStatuses</c>): the backend checks and creates in one step.
/// </summary>
internal static class DurableStarts
{
    /// <summary>Every status: an id is used once, ever (job runs started by a message id or an Idempotency-Key).</summary>
    public static OrchestrationRuntimeStatus[] AnyStatus { get; } = [.. StartOrchestrationOptionsExtensions.ValidDedupeStatuses];

    /// <summary>The statuses of an instance that may still do work: a singleton (maintenance) starts only without one.</summary>
    public static OrchestrationRuntimeStatus[] Unfinished { get; } =
    [
        OrchestrationRuntimeStatus.Pending,
        OrchestrationRuntimeStatus.Running,
        OrchestrationRuntimeStatus.Suspended,
    ];
}
