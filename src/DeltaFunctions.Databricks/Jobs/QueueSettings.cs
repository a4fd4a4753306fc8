namespace DeltaFunctions.Databricks.Jobs;

/// <summary>Whether runs wait in a queue when limits are reached (<c>queue</c>).</summary>
public sealed record QueueSettings
{
    /// <summary>Gets whether queueing is on.</summary>
    public required bool Enabled { get; init; }
}
