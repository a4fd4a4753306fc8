using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace DeltaFunctions.TestUtilities.Logging;

/// <summary>
/// Collects every log record (all levels) written through <see cref="Factory"/>, for assertions on events and for
/// secret scans of messages, structured values and exceptions.
/// </summary>
public sealed class TestLogs : IDisposable
{
    private readonly FakeLoggerProvider _provider;

    /// <summary>Creates an empty collection.</summary>
    public TestLogs()
    {
        Collector = new FakeLogCollector();
        _provider = new FakeLoggerProvider(Collector);
        Factory = LoggerFactory.Create(builder => builder.AddProvider(_provider).SetMinimumLevel(LogLevel.Trace));
    }

    /// <summary>The collector.</summary>
    public FakeLogCollector Collector { get; }

    /// <summary>The logger factory to give the code under test.</summary>
    public ILoggerFactory Factory { get; }

    /// <summary>The records so far.</summary>
    public IReadOnlyList<FakeLogRecord> Records => Collector.GetSnapshot();

    /// <summary>The records with an event id.</summary>
    /// <param name="eventId">The event id.</param>
    /// <returns>The records.</returns>
    public IReadOnlyList<FakeLogRecord> WithEvent(int eventId) => [.. Records.Where(r => r.Id.Id == eventId)];

    /// <summary>Every text the logs hold: messages, structured values, exceptions with inner exceptions.</summary>
    /// <returns>The texts.</returns>
    public IEnumerable<string> AllText()
    {
        foreach (var record in Records)
        {
            yield return record.Message;
            foreach (var (key, value) in record.StructuredState ?? [])
            {
                yield return $"{record.Category}#{record.Id.Id}: {key}={value}";
            }

            if (record.Exception is not null)
            {
                yield return record.Exception.ToString();
            }
        }
    }

    /// <summary>Waits (real time, polling) until a record with <paramref name="eventId"/> appears <paramref name="count"/> times.</summary>
    /// <param name="eventId">The event id.</param>
    /// <param name="count">How many.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task completing when they are there.</returns>
    public async Task WaitForEventAsync(int eventId, int count, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        while (WithEvent(eventId).Count < count)
        {
            await Task.Delay(5, timeout.Token).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Factory.Dispose();
        _provider.Dispose();
    }
}
