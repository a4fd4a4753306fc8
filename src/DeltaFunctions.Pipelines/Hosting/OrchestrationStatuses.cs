namespace DeltaFunctions.Pipelines.Hosting;

/// <summary>
/// Decisions over an existing orchestration instance's runtime status, given by name (the App passes
/// <c>OrchestrationMetadata.RuntimeStatus.ToString()</c>, or null when no instance has the id), so no Durable type is
/// needed here.
/// </summary>
/// <remarks>
/// Follows the singleton pattern of the Durable Functions docs: start only when no instance exists or the existing one
/// is Completed, Failed or Terminated. Every other status (Running, Pending, Suspended, ContinuedAsNew, and any status
/// a later runtime adds) counts as still running, so an unknown status never leads to overlapping runs.
/// </remarks>
public static class OrchestrationStatuses
{
    private static readonly HashSet<string> Finished = new(StringComparer.OrdinalIgnoreCase)
    {
        "Completed", "Failed", "Terminated", "Canceled",
    };

    /// <summary>Whether an instance with this status is still running (or may still run).</summary>
    /// <param name="runtimeStatus">The status name, or null when there is no instance.</param>
    /// <returns>True unless there is no instance or it has finished.</returns>
    public static bool IsRunning(string? runtimeStatus) =>
        runtimeStatus is not null && !Finished.Contains(runtimeStatus);

    /// <summary>Whether a singleton orchestration (maintenance) may start now: no instance with its id is running.</summary>
    /// <param name="runtimeStatus">The existing instance's status name, or null when there is none.</param>
    /// <returns>True when the singleton may start.</returns>
    public static bool CanStartSingleton(string? runtimeStatus) => !IsRunning(runtimeStatus);

    /// <summary>
    /// Whether a job run request from Service Bus starts its orchestration: only when no instance with the message's id
    /// exists at all. A redelivery after the first run finished must not run the jobs again, so a finished instance
    /// counts as "already started" too.
    /// </summary>
    /// <param name="runtimeStatus">The status of the instance with the message's id, or null when there is none.</param>
    /// <returns>True when the orchestration is to be started.</returns>
    public static bool ShouldStartFromMessage(string? runtimeStatus) => runtimeStatus is null;
}
