namespace DeltaFunctions.Pipelines.Tests.Orchestration.Replay;

/// <summary>The recorded history of one orchestration run: what was scheduled and how it completed, in order.</summary>
public sealed class OrchestrationHistory
{
    private readonly List<HistoryEvent> _events = [];

    /// <summary>Every event in the order it happened.</summary>
    public IReadOnlyList<HistoryEvent> Events => _events;

    /// <summary>The scheduled operations (activity attempts and timers), by sequence number.</summary>
    public IReadOnlyList<HistoryEvent> Scheduled => _events.Where(e => e is ActivityScheduled or TimerCreated).ToList();

    /// <summary>The completions (results, failures, fired timers) in delivery order.</summary>
    public IReadOnlyList<HistoryEvent> Completions => _events.Where(e => e is ActivityCompleted or ActivityFailed or TimerFired).ToList();

    /// <summary>The activity attempts scheduled with <paramref name="name"/>.</summary>
    public IReadOnlyList<ActivityScheduled> Activities(string name) => _events.OfType<ActivityScheduled>().Where(e => e.Name == name).ToList();

    /// <summary>The timers created.</summary>
    public IReadOnlyList<TimerCreated> Timers => _events.OfType<TimerCreated>().ToList();

    /// <summary>The output (or failure) the run ended with, as JSON or exception text.</summary>
    public string? Outcome { get; internal set; }

    internal void Add(HistoryEvent e) => _events.Add(e);

    /// <summary>A copy of this history with the events transformed, for tests that tamper with it.</summary>
    public OrchestrationHistory With(Func<IReadOnlyList<HistoryEvent>, IEnumerable<HistoryEvent>> transform)
    {
        var copy = new OrchestrationHistory { Outcome = Outcome };
        foreach (var e in transform(_events))
        {
            copy.Add(e);
        }

        return copy;
    }
}
