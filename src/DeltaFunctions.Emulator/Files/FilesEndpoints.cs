using System.Globalization;
using DeltaFunctions.Lakehouse;
using DeltaFunctions.Lakehouse.Log;

namespace DeltaFunctions.Emulator.Files;

/// <summary>
/// The Files API over Unity Catalog volumes (reference §5): files and directories under <c>/Volumes/…</c>, stored where
/// the Lakehouse resolves them, so <c>read_files</c> sees what was uploaded.
/// </summary>
internal static class FilesEndpoints
{
    private const string FilesPrefix = "/api/2.0/fs/files";
    private const string DirectoriesPrefix = "/api/2.0/fs/directories";

    public static IEndpointRouteBuilder MapFilesEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPut(FilesPrefix + "/{**path}", UploadAsync);
        routes.MapMethods(FilesPrefix + "/{**path}", ["GET", "HEAD"], Download);
        routes.MapDelete(FilesPrefix + "/{**path}", (string path, LakehouseEngine engine) =>
        {
            var local = Resolve(engine, path);
            if (!File.Exists(local))
            {
                throw FileNotFound();
            }

            File.Delete(local);
            return Results.NoContent();
        });

        routes.MapPut(DirectoriesPrefix + "/{**path}", (string path, LakehouseEngine engine) =>
        {
            var local = Resolve(engine, path);
            if (File.Exists(local))
            {
                throw new ApiException(409, "ALREADY_EXISTS", $"A file already exists at {VolumePath(path)}.");
            }

            Directory.CreateDirectory(local);
            return Results.NoContent();
        });
        routes.MapMethods(DirectoriesPrefix + "/{**path}", ["HEAD"], (string path, LakehouseEngine engine) =>
            Directory.Exists(Resolve(engine, path)) ? Results.Ok() : throw DirectoryNotFound());
        routes.MapGet(DirectoriesPrefix + "/{**path}", (string path, HttpContext context, LakehouseEngine engine, EmulatorOptions options) =>
        {
            var local = Resolve(engine, path);
            if (!Directory.Exists(local))
            {
                throw DirectoryNotFound();
            }

            var volumePath = VolumePath(path).TrimEnd('/');
            var entries = new DirectoryInfo(local).EnumerateFileSystemInfos()
                .Where(e => !e.Name.Contains(".upload-", StringComparison.Ordinal))
                .OrderBy(e => e.Name, StringComparer.Ordinal)
                .Select(e => e is FileInfo file
                    ? new DirectoryEntry($"{volumePath}/{e.Name}", e.Name, false)
                    {
                        FileSize = file.Length,
                        LastModified = new DateTimeOffset(file.LastWriteTimeUtc).ToUnixTimeMilliseconds(),
                    }
                    : new DirectoryEntry($"{volumePath}/{e.Name}/", e.Name, true))
                .ToList();
            var sizeText = context.Request.Query["page_size"].ToString();
            var pageSize = sizeText.Length > 0 && int.TryParse(sizeText, CultureInfo.InvariantCulture, out var requested) && requested > 0
                ? Math.Min(requested, 1000)
                : 1000;
            var (page, next) = PageToken.Slice(entries, context.Request.Query["page_token"].ToString(), pageSize);
            return Results.Json(new DirectoryListResponse(page, next), EmulatorJsonContext.Default.DirectoryListResponse);
        });
        routes.MapDelete(DirectoriesPrefix + "/{**path}", (string path, LakehouseEngine engine) =>
        {
            var local = Resolve(engine, path);
            if (!Directory.Exists(local))
            {
                throw DirectoryNotFound();
            }

            if (Directory.EnumerateFileSystemEntries(local).Any())
            {
                // [?] The reference only says the directory must be empty; DIRECTORY_NOT_EMPTY is the platform's code for it.
                throw new ApiException(409, "DIRECTORY_NOT_EMPTY", $"Directory {VolumePath(path)} is not empty.");
            }

            Directory.Delete(local);
            return Results.NoContent();
        });
        return routes;
    }

    private static async Task<IResult> UploadAsync(string path, HttpContext context, LakehouseEngine engine)
    {
        var local = Resolve(engine, path);
        var overwrite = !string.Equals(context.Request.Query["overwrite"].ToString(), "false", StringComparison.OrdinalIgnoreCase);
        if (Directory.Exists(local))
        {
            throw new ApiException(409, "ALREADY_EXISTS", $"A directory already exists at {VolumePath(path)}.");
        }

        if (!overwrite && File.Exists(local))
        {
            // [?] The reference suggests 409 ALREADY_EXISTS for overwrite=false on an existing file.
            throw new ApiException(409, "ALREADY_EXISTS", $"The file {VolumePath(path)} already exists.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(local)!);

        // Write beside the target and move into place, so a broken upload never leaves half a file.
        var staging = $"{local}.upload-{Guid.NewGuid():N}";
        try
        {
            await using (var file = File.Create(staging))
            {
                await context.Request.Body.CopyToAsync(file, context.RequestAborted);
            }

            if (overwrite)
            {
                File.Move(staging, local, overwrite: true);
            }
            else if (!AtomicFile.TryPublish(staging, local))
            {
                // Checked atomically: of concurrent overwrite=false uploads, exactly one creates the file.
                throw new ApiException(409, "ALREADY_EXISTS", $"The file {VolumePath(path)} already exists.");
            }
        }
        finally
        {
            File.Delete(staging);
        }

        return Results.NoContent();
    }

    private static IResult Download(string path, HttpContext context, LakehouseEngine engine)
    {
        var local = Resolve(engine, path);
        if (!File.Exists(local))
        {
            throw FileNotFound();
        }

        var info = new FileInfo(local);
        context.Response.Headers.LastModified = info.LastWriteTimeUtc.ToString("R", CultureInfo.InvariantCulture);
        if (HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.ContentLength = info.Length;
            context.Response.ContentType = "application/octet-stream";
            return Results.Empty;
        }

        return Results.File(local, "application/octet-stream");
    }

    private static string VolumePath(string path) => "/" + path.TrimStart('/');

    private static string Resolve(LakehouseEngine engine, string path)
    {
        var volumePath = VolumePath(path);
        if (!volumePath.StartsWith("/Volumes/", StringComparison.Ordinal))
        {
            throw ApiException.InvalidParameter($"Path {volumePath} is not a volume path; expected /Volumes/<catalog>/<schema>/<volume>/….");
        }

        if (volumePath.Split('/').Any(segment => segment is ".."))
        {
            throw ApiException.InvalidParameter($"Path {volumePath} must not contain '..'.");
        }

        try
        {
            return Path.GetFullPath(engine.ResolveVolumePath(volumePath.TrimEnd('/')));
        }
        catch (LakehouseException e)
        {
            throw ApiException.NotFound("NOT_FOUND", e.Message);
        }
    }

    private static ApiException FileNotFound() => ApiException.NotFound("NOT_FOUND", "The file being accessed is not found.");

    private static ApiException DirectoryNotFound() => ApiException.NotFound("NOT_FOUND", "The directory being accessed is not found.");
}
