namespace DeltaFunctions.Databricks.Jobs;

/// <summary>Why a run is queued (<c>status.queue_details</c>).</summary>
public sealed record QueueDetails
{
    /// <summary>Gets the reason code.</summary>
    public QueueReasonCode? Code { get; init; }

    /// <summary>Gets a descriptive message.</summary>
    public string? Message { get; init; }
}
