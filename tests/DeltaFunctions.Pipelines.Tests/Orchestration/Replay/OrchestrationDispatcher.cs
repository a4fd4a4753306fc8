namespace DeltaFunctions.Pipelines.Tests.Orchestration.Replay;

/// <summary>
/// A single-threaded synchronization context: workflow code runs only inside <see cref="RunUntilIdle"/>, one work
/// item at a time, as the Durable runtime runs orchestrator code.
/// </summary>
internal sealed class OrchestrationDispatcher : SynchronizationContext
{
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _queue = new();
    private readonly Lock _lock = new();

    public bool IsRunning { get; private set; }

    public override void Post(SendOrPostCallback d, object? state)
    {
        lock (_lock)
        {
            _queue.Enqueue((d, state));
        }
    }

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Workflow code must not block on the orchestration thread.");

    public override SynchronizationContext CreateCopy() => this;

    public void RunUntilIdle()
    {
        var previous = Current;
        SetSynchronizationContext(this);
        IsRunning = true;
        try
        {
            while (TryDequeue(out var item))
            {
                item.Callback(item.State);
            }
        }
        finally
        {
            IsRunning = false;
            SetSynchronizationContext(previous);
        }
    }

    private bool TryDequeue(out (SendOrPostCallback Callback, object? State) item)
    {
        lock (_lock)
        {
            return _queue.TryDequeue(out item);
        }
    }
}
