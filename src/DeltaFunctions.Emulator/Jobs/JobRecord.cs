using System.Text.Json.Nodes;

namespace DeltaFunctions.Emulator.Jobs;

/// <summary>A saved job. Settings are kept as the JSON the caller sent, so every field round-trips unchanged.</summary>
internal sealed class JobRecord(long jobId, JsonObject settings, long createdTime, bool queueByDefault)
{
    /// <summary>Gets a value indicating whether runs queue when no <c>queue</c> setting says otherwise (jobs created via 2.2).</summary>
    public bool QueueByDefault { get; } = queueByDefault;

    /// <summary>Gets the slots of <c>max_concurrent_runs</c>, created on the first run.</summary>
    public SemaphoreSlim? RunSlots { get; set; }

    public long JobId { get; } = jobId;

    public JsonObject Settings { get; set; } = settings;

    public long CreatedTime { get; } = createdTime;
}
