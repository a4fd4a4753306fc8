using System.Security.Cryptography;
using System.Text;

namespace DeltaFunctions.Emulator.Workspace;

/// <summary>
/// The workspace file tree on disk: a notebook <c>/Users/a/etl/load</c> in language SQL is the file
/// <c>&lt;root&gt;/Users/a/etl/load.sql</c>, so SQL notebooks can be written by hand too.
/// </summary>
internal sealed class WorkspaceStore(string root)
{
    private static readonly Dictionary<string, string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["SQL"] = ".sql",
        ["PYTHON"] = ".py",
        ["SCALA"] = ".scala",
        ["R"] = ".r",
    };

    public string Root { get; } = root;

    /// <summary>Normalizes a workspace path: absolute, without the optional <c>/Workspace</c> prefix.</summary>
    public static string Normalize(string? path)
    {
        if (string.IsNullOrEmpty(path) || !path.StartsWith('/'))
        {
            throw ApiException.InvalidParameter($"Path ({path}) must be absolute.");
        }

        if (path.Split('/').Any(s => s is ".." or "."))
        {
            throw ApiException.InvalidParameter($"Path ({path}) must not contain '.' or '..' segments.");
        }

        var trimmed = path.Length > 1 ? path.TrimEnd('/') : path;
        return trimmed.StartsWith("/Workspace/", StringComparison.Ordinal) ? trimmed["/Workspace".Length..] : trimmed;
    }

    private string Local(string workspacePath) => Path.Combine(Root, workspacePath.TrimStart('/'));

    /// <summary>Finds the notebook file of a workspace path, trying the path itself and then each language extension.</summary>
    public (string File, string Language)? FindNotebook(string workspacePath)
    {
        var local = Local(Normalize(workspacePath));
        var own = LanguageOf(local);
        if (own is not null && File.Exists(local))
        {
            return (local, own);
        }

        foreach (var (language, extension) in Extensions)
        {
            if (File.Exists(local + extension))
            {
                return (local + extension, language);
            }
        }

        return null;
    }

    private static string? LanguageOf(string file) =>
        Extensions.FirstOrDefault(e => file.EndsWith(e.Value, StringComparison.OrdinalIgnoreCase)).Key;

    public void Import(WorkspaceImportRequest request)
    {
        var path = Normalize(request.Path);
        var format = request.Format ?? "SOURCE";
        if (format is not ("SOURCE" or "AUTO" or "RAW"))
        {
            throw ApiException.InvalidParameter($"Unsupported import format {format}; the emulator imports SOURCE, AUTO and RAW.");
        }

        byte[] content;
        try
        {
            content = Convert.FromBase64String(request.Content ?? string.Empty);
        }
        catch (FormatException)
        {
            throw ApiException.InvalidParameter("content must be base64-encoded.");
        }

        var language = request.Language?.ToUpperInvariant() ?? LanguageOf(path);
        if (format == "RAW" || language is null)
        {
            WriteFile(Local(path), path, content, request.Overwrite == true);
            return;
        }

        if (!Extensions.TryGetValue(language, out var extension))
        {
            throw ApiException.InvalidParameter($"Unsupported language {language}.");
        }

        var notebookPath = path.EndsWith(extension, StringComparison.OrdinalIgnoreCase) ? path[..^extension.Length] : path;
        if (request.Overwrite != true && FindNotebook(notebookPath) is not null)
        {
            throw new ApiException(409, "RESOURCE_ALREADY_EXISTS", $"Path ({notebookPath}) already exists.");
        }

        WriteFile(Local(notebookPath) + extension, notebookPath, content, overwrite: true);
    }

    private static void WriteFile(string local, string path, byte[] content, bool overwrite)
    {
        if (!overwrite && File.Exists(local))
        {
            throw new ApiException(409, "RESOURCE_ALREADY_EXISTS", $"Path ({path}) already exists.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(local)!);
        File.WriteAllBytes(local, content);
    }

    public WorkspaceObjectInfo GetStatus(string? rawPath)
    {
        var path = Normalize(rawPath);
        var local = Local(path);
        if (Directory.Exists(local))
        {
            return new WorkspaceObjectInfo("DIRECTORY", path, ObjectId(path));
        }

        if (FindNotebook(path) is { } notebook && (notebook.File != local || !File.Exists(local) || LanguageOf(local) is null))
        {
            var info = new FileInfo(notebook.File);
            return new WorkspaceObjectInfo("NOTEBOOK", path, ObjectId(path))
            {
                Language = notebook.Language,
                CreatedAt = new DateTimeOffset(info.CreationTimeUtc).ToUnixTimeMilliseconds(),
                ModifiedAt = new DateTimeOffset(info.LastWriteTimeUtc).ToUnixTimeMilliseconds(),
            };
        }

        if (File.Exists(local))
        {
            var info = new FileInfo(local);
            return new WorkspaceObjectInfo("FILE", path, ObjectId(path))
            {
                Size = info.Length,
                CreatedAt = new DateTimeOffset(info.CreationTimeUtc).ToUnixTimeMilliseconds(),
                ModifiedAt = new DateTimeOffset(info.LastWriteTimeUtc).ToUnixTimeMilliseconds(),
            };
        }

        throw ApiException.NotFound("RESOURCE_DOES_NOT_EXIST", $"Path ({path}) doesn't exist.");
    }

    /// <summary>Lists the objects directly under a folder (a notebook or file path lists itself), sorted by path.</summary>
    public IReadOnlyList<WorkspaceObjectInfo> List(string? rawPath)
    {
        var path = Normalize(rawPath);
        var local = Local(path);
        if (!Directory.Exists(local))
        {
            return [GetStatus(path)];
        }

        var prefix = path == "/" ? "/" : path + "/";
        return [.. Directory.EnumerateFileSystemEntries(local)
            .Select(entry => (Entry: entry, Name: Path.GetFileName(entry)))
            .Where(e => !e.Name.StartsWith('.'))
            .Select(e => Directory.Exists(e.Entry) || LanguageOf(e.Name) is null
                ? prefix + e.Name
                : prefix + Path.GetFileNameWithoutExtension(e.Name))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(GetStatus)];
    }

    public WorkspaceExportResponse Export(string? rawPath)
    {
        var path = Normalize(rawPath);
        var file = FindNotebook(path)?.File ?? (File.Exists(Local(path)) ? Local(path) : null)
            ?? throw ApiException.NotFound("RESOURCE_DOES_NOT_EXIST", $"Path ({path}) doesn't exist.");
        return new WorkspaceExportResponse(Convert.ToBase64String(File.ReadAllBytes(file)), Path.GetExtension(file).TrimStart('.'));
    }

    public void Mkdirs(string? rawPath) => Directory.CreateDirectory(Local(Normalize(rawPath)));

    public void Delete(string? rawPath, bool recursive)
    {
        var path = Normalize(rawPath);
        var local = Local(path);
        if (Directory.Exists(local))
        {
            if (!recursive && Directory.EnumerateFileSystemEntries(local).Any())
            {
                // DIRECTORY_NOT_EMPTY is the platform enum's code for this (reference §1.4); a request error, so 400.
                throw new ApiException(400, "DIRECTORY_NOT_EMPTY", $"Folder ({path}) is not empty. Use recursive delete or remove its contents first.");
            }

            Directory.Delete(local, recursive);
            return;
        }

        var file = FindNotebook(path)?.File ?? (File.Exists(local) ? local : null)
            ?? throw ApiException.NotFound("RESOURCE_DOES_NOT_EXIST", $"Path ({path}) doesn't exist.");
        File.Delete(file);
    }

    private static long ObjectId(string path) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes(path)), 0) & long.MaxValue;
}
