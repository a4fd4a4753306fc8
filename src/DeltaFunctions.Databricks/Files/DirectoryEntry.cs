namespace DeltaFunctions.Databricks.Files;

/// <summary>One entry of a directory listing.</summary>
public sealed record DirectoryEntry
{
    /// <summary>Gets the absolute path.</summary>
    public required string Path { get; init; }

    /// <summary>Gets the name.</summary>
    public string? Name { get; init; }

    /// <summary>Gets a value indicating whether the entry is a directory.</summary>
    public bool IsDirectory { get; init; }

    /// <summary>Gets the size in bytes (files).</summary>
    public long? FileSize { get; init; }

    /// <summary>Gets the last modification time (epoch milliseconds).</summary>
    public long? LastModified { get; init; }
}

/// <summary>One page of <c>GET /api/2.0/fs/directories{path}</c>.</summary>
internal sealed record DirectoryPage
{
    public IReadOnlyList<DirectoryEntry>? Contents { get; init; }

    public string? NextPageToken { get; init; }
}
