using System.Globalization;

namespace DeltaFunctions.Databricks.Streaming;

/// <summary>When a streaming query processes data (<c>writeStream.trigger(…)</c>).</summary>
public sealed record StreamingTrigger
{
    private StreamingTrigger(StreamingTriggerKind kind, TimeSpan interval)
    {
        Kind = kind;
        Interval = interval;
    }

    /// <summary>Gets the kind.</summary>
    public StreamingTriggerKind Kind { get; }

    /// <summary>Gets the interval of processing-time and continuous triggers.</summary>
    public TimeSpan Interval { get; }

    /// <summary>Gets whether the query stops by itself once caught up (available-now and once).</summary>
    public bool Terminates => Kind is StreamingTriggerKind.AvailableNow or StreamingTriggerKind.Once;

    /// <summary>Gets the available-now trigger: process the backlog, then stop. Suits scheduled jobs.</summary>
    public static StreamingTrigger AvailableNow { get; } = new(StreamingTriggerKind.AvailableNow, TimeSpan.Zero);

    /// <summary>Gets the once trigger: one batch, then stop.</summary>
    public static StreamingTrigger Once { get; } = new(StreamingTriggerKind.Once, TimeSpan.Zero);

    /// <summary>Creates a micro-batch trigger firing at a fixed interval.</summary>
    /// <param name="interval">The interval, at least one second, in whole seconds.</param>
    /// <returns>The trigger.</returns>
    public static StreamingTrigger ProcessingTime(TimeSpan interval) => new(StreamingTriggerKind.ProcessingTime, WholeSeconds(interval));

    /// <summary>
    /// Creates a continuous-processing trigger. Spark supports it only for map-like queries from Kafka sources
    /// (so this builder allows it only with Kafka and Event Hubs and without merge) and lists Kafka, memory and
    /// console as its sinks: check that your runtime accepts a Delta sink in continuous mode before relying on it.
    /// </summary>
    /// <param name="checkpointInterval">How often progress is checkpointed, at least one second.</param>
    /// <returns>The trigger.</returns>
    public static StreamingTrigger Continuous(TimeSpan checkpointInterval) => new(StreamingTriggerKind.Continuous, WholeSeconds(checkpointInterval));

    /// <summary>Gets the Python arguments of <c>trigger(…)</c>.</summary>
    internal string PythonArguments => Kind switch
    {
        StreamingTriggerKind.ProcessingTime => "processingTime=" + PythonLiteral.String(IntervalText),
        StreamingTriggerKind.AvailableNow => "availableNow=True",
        StreamingTriggerKind.Once => "once=True",
        _ => "continuous=" + PythonLiteral.String(IntervalText),
    };

    private string IntervalText => string.Create(CultureInfo.InvariantCulture, $"{(long)Interval.TotalSeconds} seconds");

    private static TimeSpan WholeSeconds(TimeSpan interval)
    {
        if (interval < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "The trigger interval must be at least one second.");
        }

        return TimeSpan.FromSeconds(Math.Ceiling(interval.TotalSeconds));
    }
}
