using System.Text.Json.Nodes;

namespace DeltaFunctions.Emulator.Jobs;

/// <summary>A saved job. Settings are kept as the JSON the caller sent, so every field round-trips unchanged.</summary>
internal sealed class JobRecord(long jobId, JsonObject settings, long createdTime)
{
    public long JobId { get; } = jobId;

    public JsonObject Settings { get; set; } = settings;

    public long CreatedTime { get; } = createdTime;
}
