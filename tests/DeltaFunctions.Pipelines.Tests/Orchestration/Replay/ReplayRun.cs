namespace DeltaFunctions.Pipelines.Tests.Orchestration.Replay;

/// <summary>The outcome of a workflow run on the harness.</summary>
/// <typeparam name="TOutput">The workflow's output type.</typeparam>
/// <param name="Output">The output, when the workflow completed.</param>
/// <param name="Failure">The exception, when the workflow failed.</param>
/// <param name="History">The recorded history.</param>
/// <param name="FinalUtc">The orchestration time when the run ended.</param>
public sealed record ReplayRun<TOutput>(TOutput? Output, Exception? Failure, OrchestrationHistory History, DateTime FinalUtc);
