namespace DeltaFunctions.Emulator.Workspace;

/// <summary>The body of <c>POST /api/2.0/workspace/import</c>.</summary>
internal sealed record WorkspaceImportRequest
{
    public string? Path { get; init; }

    public string? Format { get; init; }

    public string? Language { get; init; }

    public string? Content { get; init; }

    public bool? Overwrite { get; init; }
}

/// <summary>A body naming one path: mkdirs and delete.</summary>
internal sealed record WorkspacePathRequest
{
    public string? Path { get; init; }

    public bool? Recursive { get; init; }
}

/// <summary>ObjectInfo, as <c>GET /api/2.0/workspace/get-status</c> returns it.</summary>
internal sealed record WorkspaceObjectInfo(string ObjectType, string Path, long ObjectId)
{
    public string? Language { get; init; }

    public long? CreatedAt { get; init; }

    public long? ModifiedAt { get; init; }

    public long? Size { get; init; }
}

/// <summary>The answer of <c>GET /api/2.0/workspace/export</c>.</summary>
internal sealed record WorkspaceExportResponse(string Content, string FileType);

/// <summary>The answer of <c>GET /api/2.0/workspace/list</c>: <c>objects</c> is left out for an empty folder.</summary>
internal sealed record WorkspaceListResponse(IReadOnlyList<WorkspaceObjectInfo>? Objects);
