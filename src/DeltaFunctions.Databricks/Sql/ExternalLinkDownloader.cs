using System.Net;
using System.Net.Http.Headers;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Microsoft.Extensions.Logging;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// Downloads result chunks from pre-signed external links (reference §4.3) with an <see cref="HttpClient"/> of its
/// own that never carries the Databricks token: only the link's <c>http_headers</c> are sent. Links close to expiry,
/// or refused as expired (401/403/404/410), are refreshed through the chunk endpoint; a connection dropped
/// mid-download resumes with a <c>Range</c> request (restarting when the store ignores ranges). URLs and headers never
/// reach logs or exception messages.
/// </summary>
internal sealed class ExternalLinkDownloader(HttpClient http, SqlClient sql, TimeProvider time, ILogger logger)
{
    private const int MaxAttempts = 5;
    private static readonly TimeSpan ExpirySlack = TimeSpan.FromSeconds(5);

    public async Task<DecodedChunk> DecodeAsync(string statementId, ResultChunk chunk, ResultFormat format, string? compression, CancellationToken cancellationToken)
    {
        if (chunk.DataArray is { } rows)
        {
            return DecodedChunk.Json(rows, chunk.NextChunkIndex);
        }

        if (chunk.Attachment is { } attachment)
        {
            return DecodedChunk.Arrow(await ReadArrowAsync(ResultPayload.FromAttachment(attachment, compression), cancellationToken).ConfigureAwait(false), chunk.NextChunkIndex);
        }

        var links = chunk.ExternalLinks ?? [];
        var jsonBodies = new List<byte[]>();
        var batches = new List<RecordBatch>();
        int? next = chunk.NextChunkIndex;
        foreach (var link in links)
        {
            var bytes = ResultPayload.Decompress(await DownloadAsync(statementId, link, cancellationToken).ConfigureAwait(false), compression);
            if (format == ResultFormat.ArrowStream)
            {
                batches.AddRange(await ReadArrowAsync(bytes, cancellationToken).ConfigureAwait(false));
            }
            else if (format == ResultFormat.JsonArray)
            {
                // Decoded to typed rows when read, straight from the bytes (JsonRowDecoder).
                jsonBodies.Add(bytes);
            }
            else
            {
                throw new NotSupportedException($"Result format {format} cannot be decoded; use JSON_ARRAY or ARROW_STREAM.");
            }

            next = link.NextChunkIndex ?? next;
        }

        return format == ResultFormat.ArrowStream ? DecodedChunk.Arrow(batches, next) : DecodedChunk.JsonBytes(jsonBodies, next);
    }

    private static async Task<List<RecordBatch>> ReadArrowAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        var batches = new List<RecordBatch>();
        if (bytes.Length == 0)
        {
            return batches;
        }

        using var reader = new ArrowStreamReader(new ReadOnlyMemory<byte>(bytes));
        while (await reader.ReadNextRecordBatchAsync(cancellationToken).ConfigureAwait(false) is { } batch)
        {
            batches.Add(batch);
        }

        return batches;
    }

    private async Task<byte[]> DownloadAsync(string statementId, ExternalLink link, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream(link.ByteCount is > 0 and < int.MaxValue ? (int)link.ByteCount.Value : 0);
        Exception? last = null;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (link.Expiration is { } expiration && expiration - ExpirySlack <= time.GetUtcNow())
            {
                link = await RefreshAsync(statementId, link, "expired", cancellationToken).ConfigureAwait(false);
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, link.Url);
            foreach (var (name, value) in link.HttpHeaders ?? new Dictionary<string, string>())
            {
                if (!string.Equals(name, "Authorization", StringComparison.OrdinalIgnoreCase))
                {
                    request.Headers.TryAddWithoutValidation(name, value);
                }
            }

            var resumeAt = buffer.Length;
            if (resumeAt > 0)
            {
                request.Headers.Range = new RangeHeaderValue(resumeAt, null);
            }

            try
            {
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.Gone)
                {
                    Log.ExternalLinkRefused(logger, statementId, link.ChunkIndex, (int)response.StatusCode);
                    link = await RefreshAsync(statementId, link, "refused", cancellationToken).ConfigureAwait(false);
                    last = new DatabricksException(
                        $"The external link of chunk {link.ChunkIndex} of statement {statementId} was refused with {(int)response.StatusCode}.",
                        DatabricksErrorCode.PermissionDenied,
                        response.StatusCode);
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    last = new DatabricksException(
                        $"Downloading chunk {link.ChunkIndex} of statement {statementId} failed with {(int)response.StatusCode}.",
                        DatabricksErrorCode.IoError,
                        response.StatusCode)
                    { IsTransient = true };
                    Log.ExternalLinkFailed(logger, statementId, link.ChunkIndex, attempt, (int)response.StatusCode);
                    await Task.Delay(Backoff(attempt), time, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (resumeAt > 0 && response.StatusCode != HttpStatusCode.PartialContent)
                {
                    // The store ignored the range: start the chunk again.
                    buffer.SetLength(0);
                }

                var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                await using (body.ConfigureAwait(false))
                {
                    await body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
                }

                return buffer.ToArray();
            }
            catch (Exception e) when (e is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
            {
                last = e;
                Log.ExternalLinkDropped(logger, statementId, link.ChunkIndex, attempt, buffer.Length);
                await Task.Delay(Backoff(attempt), time, cancellationToken).ConfigureAwait(false);
            }
        }

        throw new DatabricksException(
            $"Chunk {link.ChunkIndex} of statement {statementId} could not be downloaded after {MaxAttempts} attempts.",
            DatabricksErrorCode.IoError,
            innerException: last is DatabricksException ? last : null)
        { IsTransient = true };
    }

    private async Task<ExternalLink> RefreshAsync(string statementId, ExternalLink link, string reason, CancellationToken cancellationToken)
    {
        Log.ExternalLinkRefreshed(logger, statementId, link.ChunkIndex, reason);
        var fresh = await sql.FetchChunkAsync(statementId, link.ChunkIndex, cancellationToken).ConfigureAwait(false);
        return fresh.ExternalLinks?.FirstOrDefault(l => l.ChunkIndex == link.ChunkIndex) ?? fresh.ExternalLinks?.FirstOrDefault()
            ?? throw new DatabricksException(
                $"Refreshing chunk {link.ChunkIndex} of statement {statementId} returned no external link.",
                DatabricksErrorCode.Unknown);
    }

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(Math.Min(2000, 50 * (1 << attempt)));
}
