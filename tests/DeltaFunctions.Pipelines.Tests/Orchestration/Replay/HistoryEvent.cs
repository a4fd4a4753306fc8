namespace DeltaFunctions.Pipelines.Tests.Orchestration.Replay;

/// <summary>One event of a recorded orchestration history. <see cref="Sequence"/> numbers the scheduled operations.</summary>
public abstract record HistoryEvent(int Sequence);

/// <summary>An activity attempt was scheduled with this input.</summary>
public sealed record ActivityScheduled(int Sequence, string Name, string InputJson) : HistoryEvent(Sequence);

/// <summary>A durable timer was created.</summary>
public sealed record TimerCreated(int Sequence, DateTime FireAt) : HistoryEvent(Sequence);

/// <summary>An activity attempt completed with this result.</summary>
public sealed record ActivityCompleted(int Sequence, string ResultJson) : HistoryEvent(Sequence);

/// <summary>An activity attempt failed.</summary>
public sealed record ActivityFailed(int Sequence, string ErrorType, string ErrorMessage) : HistoryEvent(Sequence);

/// <summary>A durable timer fired.</summary>
public sealed record TimerFired(int Sequence) : HistoryEvent(Sequence);
