using System.Text.Json;
using System.Text.Json.Nodes;

namespace DeltaFunctions.Emulator.Jobs;

/// <summary>
/// Keeps saved jobs and runs (with their outputs) in <c>&lt;data-dir&gt;/_emulator/jobs.json</c>, so they survive a
/// restart as tables do. Every save writes a temporary file and renames it over the old one, so a crash mid-write
/// leaves the previous file intact.
/// </summary>
internal sealed class JobsStore(string file)
{
    /// <summary>Gets the file the jobs and runs live in.</summary>
    public string File { get; } = file;

    /// <summary>Reads the saved state, or null when nothing was saved yet.</summary>
    /// <exception cref="InvalidOperationException">The file exists but cannot be read; the message names it.</exception>
    public JobsFileContent? Load()
    {
        if (!System.IO.File.Exists(File))
        {
            return null;
        }

        try
        {
            using var stream = System.IO.File.OpenRead(File);
            var content = JsonSerializer.Deserialize(stream, EmulatorJsonContext.Default.JobsFileContent);
            return IsComplete(content) ? content : throw new JsonException("a job, run or task is missing required fields");
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new InvalidOperationException(
                $"The jobs file '{File}' cannot be read ({e.Message}); repair it, or move it away to start without the saved jobs and runs.", e);
        }
    }

    private static bool IsComplete([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] JobsFileContent? content) =>
        content is { Jobs: not null, Runs: not null, IdempotencyTokens: not null }
        && content.Jobs.All(j => j is { Settings: not null })
        && content.Runs.All(r => r is { RunType: not null, RunName: not null, Origin: not null, Phase.LifeCycle: not null, Phase.StateMessage: not null, Tasks: not null }
            && r.Tasks.All(t => t is { TaskKey: not null, Definition: not null, Phase.LifeCycle: not null, Phase.StateMessage: not null }));

    /// <summary>Replaces the saved state atomically.</summary>
    public void Save(JobsFileContent content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(File)!);
        var temp = File + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, content, EmulatorJsonContext.Default.JobsFileContent);
            stream.Flush(flushToDisk: true);
        }

        System.IO.File.Move(temp, File, overwrite: true);
    }
}

/// <summary>The persisted jobs and runs, and the id counters so ids are never reused after a restart.</summary>
internal sealed record JobsFileContent(long NextJobId, long NextRunId, List<PersistedJob> Jobs, List<PersistedRun> Runs, Dictionary<string, long> IdempotencyTokens);

/// <summary>A saved job as persisted.</summary>
internal sealed record PersistedJob(long JobId, JsonObject Settings, long CreatedTime, bool QueueByDefault);

/// <summary>A run as persisted.</summary>
internal sealed record PersistedRun(
    long RunId,
    long? JobId,
    string RunType,
    string RunName,
    string Origin,
    long StartTime,
    JsonArray? JobParameters,
    JsonObject? OverridingParameters,
    int? TimeoutSeconds,
    bool Queue,
    long QueuedUntil,
    RunPhase Phase,
    List<PersistedTaskRun> Tasks);

/// <summary>A task run and its output as persisted.</summary>
internal sealed record PersistedTaskRun(
    long RunId,
    string TaskKey,
    JsonObject Definition,
    RunPhase Phase,
    string? NotebookResult,
    bool NotebookResultTruncated,
    string? Error,
    string? ErrorTrace,
    string? Logs);
