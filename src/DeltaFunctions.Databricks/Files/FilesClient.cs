using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using DeltaFunctions.Databricks.Http;
using DeltaFunctions.Databricks.Simulation;

namespace DeltaFunctions.Databricks.Files;

/// <summary>
/// The Files API for Unity Catalog volumes (reference §5): upload, download, inspect and delete files, create, list
/// and delete directories under <c>/Volumes/&lt;catalog&gt;/&lt;schema&gt;/&lt;volume&gt;/…</c>. Get one from
/// <see cref="DatabricksClient.GetFilesClient"/>. Unsealed with virtual members for mocking.
/// </summary>
public class FilesClient
{
    private readonly DatabricksApiClient _api = null!;

    internal FilesClient(DatabricksApiClient api) => _api = api;

    /// <summary>For mocking only.</summary>
    protected FilesClient()
    {
    }

    /// <summary>Uploads bytes to a file. REST: <c>PUT /api/2.0/fs/files{path}?overwrite=</c>.</summary>
    /// <param name="path">The absolute volume path.</param>
    /// <param name="content">The bytes (at most 5 GiB).</param>
    /// <param name="overwrite">Whether to replace an existing file; when false an existing file is an error.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns><see cref="MutationResult.Sent"/> once the file is stored; under dry run, what would have been sent.</returns>
    public virtual async Task<MutationResult> UploadAsync(string path, ReadOnlyMemory<byte> content, bool overwrite = true, CancellationToken cancellationToken = default)
    {
        using var request = UploadRequest(path, content, overwrite);
        if (_api.InterceptDryRun(null, request) is { } dryRun)
        {
            return MutationResult.NotSent(dryRun);
        }

        // A PUT of the whole file is idempotent when overwriting; without overwrite a resend could hit its own file.
        using var response = await _api.SendRawAsync(
            request, overwrite ? RequestSafety.Idempotent : RequestSafety.NotIdempotent, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        return MutationResult.Sent;
    }

    /// <summary>Downloads a file. REST: <c>GET /api/2.0/fs/files{path}</c>.</summary>
    /// <param name="path">The absolute volume path.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The bytes.</returns>
    public virtual async Task<byte[]> DownloadAsync(string path, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Route("files", path));
        using var response = await _api.SendRawAsync(request, RequestSafety.Idempotent, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a file's metadata. REST: <c>HEAD /api/2.0/fs/files{path}</c>.</summary>
    /// <param name="path">The absolute volume path.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The metadata.</returns>
    /// <exception cref="DatabricksException">The file does not exist (<see cref="DatabricksException.IsNotFound"/>).</exception>
    public virtual async Task<FileMetadata> GetMetadataAsync(string path, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, Route("files", path));
        using var response = await _api.SendRawAsync(request, RequestSafety.Idempotent, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        return new FileMetadata(
            response.Content.Headers.ContentLength,
            response.Content.Headers.ContentType?.MediaType,
            response.Content.Headers.LastModified);
    }

    /// <summary>Deletes a file. REST: <c>DELETE /api/2.0/fs/files{path}</c>.</summary>
    /// <param name="path">The absolute volume path.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see cref="MutationResult.Sent"/> once the file is gone; under dry run, what would have been sent.</returns>
    public virtual Task<MutationResult> DeleteAsync(string path, CancellationToken cancellationToken = default) =>
        SendBodilessAsync(HttpMethod.Delete, Route("files", path), cancellationToken);

    /// <summary>Creates a directory and its parents (idempotent). REST: <c>PUT /api/2.0/fs/directories{path}</c>.</summary>
    /// <param name="path">The absolute volume path.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see cref="MutationResult.Sent"/> once the directory exists; under dry run, what would have been sent.</returns>
    public virtual Task<MutationResult> CreateDirectoryAsync(string path, CancellationToken cancellationToken = default) =>
        SendBodilessAsync(HttpMethod.Put, Route("directories", path), cancellationToken);

    /// <summary>Deletes an empty directory. REST: <c>DELETE /api/2.0/fs/directories{path}</c>.</summary>
    /// <param name="path">The absolute volume path.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see cref="MutationResult.Sent"/> once the directory is gone; under dry run, what would have been sent.</returns>
    public virtual Task<MutationResult> DeleteDirectoryAsync(string path, CancellationToken cancellationToken = default) =>
        SendBodilessAsync(HttpMethod.Delete, Route("directories", path), cancellationToken);

    /// <summary>Lists a directory across pages. REST: <c>GET /api/2.0/fs/directories{path}</c>.</summary>
    /// <param name="path">The absolute volume path.</param>
    /// <param name="pageSize">Entries per page; 0 lets the server choose.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The entries.</returns>
    public virtual async IAsyncEnumerable<DirectoryEntry> ListDirectoryAsync(
        string path, int pageSize = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var pages = _api.GetPagesAsync(
            Route("directories", path),
            [new("page_size", pageSize > 0 ? pageSize.ToString(CultureInfo.InvariantCulture) : null)],
            DatabricksFilesJsonContext.Default.DirectoryPage,
            page => (page.Contents, page.NextPageToken),
            cancellationToken);
        await foreach (var entry in pages.ConfigureAwait(false))
        {
            yield return entry;
        }
    }

    /// <summary>The PUT of an upload (shared by <see cref="UploadAsync"/> and the dry run of staged rows).</summary>
    internal static HttpRequestMessage UploadRequest(string path, ReadOnlyMemory<byte> content, bool overwrite)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, Route("files", path) + "?overwrite=" + (overwrite ? "true" : "false"))
        {
            Content = new ReadOnlyMemoryContent(content),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return request;
    }

    /// <summary>What <see cref="DeleteAsync"/> would send, for the dry run of staged rows (their clean-up).</summary>
    internal DryRunRequest DescribeDelete(string path) => _api.InterceptDryRun(true, HttpMethod.Delete, Route("files", path), null)!;

    /// <summary>What <see cref="UploadAsync"/> would send, for the dry run of staged rows.</summary>
    internal DryRunRequest DescribeUpload(string path, ReadOnlyMemory<byte> content)
    {
        using var request = UploadRequest(path, content, overwrite: true);
        return _api.InterceptDryRun(true, request)!;
    }

    private async Task<MutationResult> SendBodilessAsync(HttpMethod method, string route, CancellationToken cancellationToken)
    {
        if (_api.InterceptDryRun(null, method, route, null) is { } dryRun)
        {
            return MutationResult.NotSent(dryRun);
        }

        await _api.SendAsync(method, route, null, RequestSafety.Idempotent, cancellationToken).ConfigureAwait(false);
        return MutationResult.Sent;
    }

    /// <summary>Builds <c>/api/2.0/fs/{kind}/Volumes/…</c> with each segment URL-encoded.</summary>
    internal static string Route(string kind, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!path.StartsWith("/Volumes/", StringComparison.Ordinal))
        {
            throw new ArgumentException($"A Files API path starts with /Volumes/<catalog>/<schema>/<volume>/; got '{path}'.", nameof(path));
        }

        var builder = new StringBuilder("/api/2.0/fs/").Append(kind);
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment is "." or "..")
            {
                throw new ArgumentException("A Files API path cannot contain '.' or '..' segments.", nameof(path));
            }

            builder.Append('/').Append(Uri.EscapeDataString(segment));
        }

        return builder.ToString();
    }
}
