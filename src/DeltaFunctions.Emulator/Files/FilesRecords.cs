namespace DeltaFunctions.Emulator.Files;

/// <summary>The answer of <c>GET /api/2.0/fs/directories{path}</c> (reference §5).</summary>
internal sealed record DirectoryListResponse(IReadOnlyList<DirectoryEntry> Contents, string? NextPageToken);

/// <summary>One entry of a directory listing.</summary>
internal sealed record DirectoryEntry(string Path, string Name, bool IsDirectory)
{
    public long? FileSize { get; init; }

    public long? LastModified { get; init; }
}
