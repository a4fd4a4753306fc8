using System.Collections.Concurrent;

namespace DeltaFunctions.Databricks.Tests.Jobs;

/// <summary>An <see cref="IProgress{T}"/> that records reports synchronously (unlike <see cref="Progress{T}"/>).</summary>
internal sealed class RecordingProgress<T>(Action<T>? onReport = null) : IProgress<T>
{
    private readonly ConcurrentQueue<T> _reports = new();

    public IReadOnlyList<T> Reports => [.. _reports];

    public void Report(T value)
    {
        _reports.Enqueue(value);
        onReport?.Invoke(value);
    }
}
