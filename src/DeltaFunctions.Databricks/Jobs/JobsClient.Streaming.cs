using System.Net.Http.Headers;
using System.Text;
using DeltaFunctions.Databricks.Http;
using DeltaFunctions.Databricks.Simulation;
using DeltaFunctions.Databricks.Streaming;

namespace DeltaFunctions.Databricks.Jobs;

/// <summary>Deploying a generated Structured Streaming job.</summary>
public partial class JobsClient
{
    /// <summary>
    /// Uploads a streaming job's program and creates its job. A program under <c>/Volumes/…</c> goes through the
    /// Files API (<c>PUT /api/2.0/fs/files{path}?overwrite=true</c>); any other path is a workspace file
    /// (<c>POST /api/2.0/workspace/mkdirs</c> for its folder, then <c>POST /api/2.0/workspace/import</c> with format
    /// AUTO, overwriting). Then <c>POST /api/2.2/jobs/create</c> as <see cref="CreateJobAsync"/>.
    /// </summary>
    /// <param name="definition">The definition from <see cref="StreamingJobBuilder.Build(string, ClusterSpec)"/>.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The id of the created job.</returns>
    /// <exception cref="DatabricksException">The upload or the job creation failed.</exception>
    /// <exception cref="DryRunException">Dry run is on: nothing was sent; the exception holds the upload (or mkdirs and import) and the create.</exception>
    public virtual async Task<long> DeployStreamingJobAsync(StreamingJobDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        JobSettingsBuilder.Validate(definition.Settings);
        var content = Encoding.UTF8.GetBytes(definition.Program);
        var path = definition.ProgramPath;
        if (path.StartsWith("/Volumes/", StringComparison.Ordinal))
        {
            var escaped = string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
            using var request = new HttpRequestMessage(HttpMethod.Put, new Uri("/api/2.0/fs/files" + escaped + "?overwrite=true", UriKind.Relative))
            {
                Content = new ByteArrayContent(content) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } },
            };
            if (_api.InterceptDryRun(null, request) is { } upload)
            {
                throw DeployDryRun(upload, definition.Settings);
            }

            using var response = await _api.SendRawAsync(request, RequestSafety.Idempotent, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var folder = path[..path.LastIndexOf('/')];
            var mkdirs = new WorkspaceMkdirsRequest { Path = folder };
            var import = new WorkspaceImportRequest { Path = path, Format = "AUTO", Content = Convert.ToBase64String(content), Overwrite = true };
            if (_api.InterceptDryRun(null, HttpMethod.Post, "/api/2.0/workspace/import", import, JobsJsonContext.Default.WorkspaceImportRequest) is { } importDryRun)
            {
                DryRunRequest[] prefix = folder.Length > 0
                    ? [_api.InterceptDryRun(true, HttpMethod.Post, "/api/2.0/workspace/mkdirs", mkdirs, JobsJsonContext.Default.WorkspaceMkdirsRequest)!, importDryRun]
                    : [importDryRun];
                throw DeployDryRun([.. prefix], definition.Settings);
            }

            if (folder.Length > 0)
            {
                await _api.SendAsync(
                    HttpMethod.Post, "/api/2.0/workspace/mkdirs", mkdirs, JobsJsonContext.Default.WorkspaceMkdirsRequest,
                    RequestSafety.Idempotent, cancellationToken).ConfigureAwait(false);
            }

            await _api.SendAsync(
                HttpMethod.Post, "/api/2.0/workspace/import", import, JobsJsonContext.Default.WorkspaceImportRequest,
                RequestSafety.Idempotent, cancellationToken).ConfigureAwait(false);
        }

        return await CreateJobAsync(definition.Settings, cancellationToken).ConfigureAwait(false);
    }

    private DryRunException DeployDryRun(DryRunRequest upload, JobSettings settings) => DeployDryRun([upload], settings);

    private DryRunException DeployDryRun(IReadOnlyList<DryRunRequest> upload, JobSettings settings) =>
        new(
            "JobsClient." + nameof(DeployStreamingJobAsync),
            [.. upload, _api.InterceptDryRun(true, HttpMethod.Post, Base + "/create", settings, JobsJsonContext.Default.JobSettings)!]);
}
