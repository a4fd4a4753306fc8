namespace DeltaFunctions.Databricks.Streaming;

/// <summary>The kind of a <see cref="StreamingTrigger"/>.</summary>
public enum StreamingTriggerKind
{
    /// <summary>Micro-batches at a fixed interval; the query runs until stopped.</summary>
    ProcessingTime,

    /// <summary>Processes everything available in as many batches as needed, then stops.</summary>
    AvailableNow,

    /// <summary>Processes everything available in one batch, then stops (deprecated by Spark in favour of available-now).</summary>
    Once,

    /// <summary>Continuous processing with a checkpoint interval; the query runs until stopped.</summary>
    Continuous,
}
