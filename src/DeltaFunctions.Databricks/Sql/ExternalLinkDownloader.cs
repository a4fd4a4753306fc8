using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using DeltaFunctions.Databricks.Http;
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

    /// <summary>
    /// The largest first array a JSON_ARRAY chunk's <c>byte_count</c> may ask for. The manifest is the server's word,
    /// not a guarantee: a wrong or hostile count must not make the client rent gigabytes before a byte arrives, so a
    /// larger chunk starts here and grows as its bytes come (a 100K-row chunk of three columns is about 5 MB).
    /// </summary>
    private const int MaxTrustedChunkBuffer = 16 << 20;

    private const int DefaultChunkBuffer = 64 * 1024;
    private static readonly TimeSpan ExpirySlack = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The longest JSON_ARRAY chunk read, in bytes: <see cref="System.Array.MaxLength"/>, the most one array holds. A longer
    /// chunk fails the read with a <see cref="DatabricksException"/> naming it. Tests set less; nothing else does.
    /// </summary>
    public int MaxJsonChunkLength { get; set; } = System.Array.MaxLength;

    /// <summary>Downloads and decodes one chunk; Arrow bodies read from links are allocated from <paramref name="bodies"/>.</summary>
    public async Task<DecodedChunk> DecodeAsync(string statementId, ResultChunk chunk, ResultFormat format, string? compression, ManagedArrowAllocator bodies, CancellationToken cancellationToken)
    {
        if (chunk.DataArray is { } rows)
        {
            return DecodedChunk.Json(chunk.ChunkIndex, rows, chunk.NextChunkIndex);
        }

        if (chunk.Attachment is { } attachment)
        {
            try
            {
                var attached = await ReadArrowAsync(ResultPayload.FromAttachment(attachment, compression), cancellationToken).ConfigureAwait(false);
                var read = RowsFrom(attached, 0);
                if (chunk.RowCount > 0 && read != chunk.RowCount)
                {
                    attached.ForEach(static b => b.Dispose());
                    throw NotTheDeclaredRows(statementId, chunk.ChunkIndex, chunk.RowCount, read, "in its inline attachment");
                }

                return DecodedChunk.Arrow(chunk.ChunkIndex, attached, chunk.NextChunkIndex);
            }
            catch (Exception e) when (IsUnreadableArrow(e))
            {
                throw UnreadableArrow(statementId, chunk.ChunkIndex, e);
            }
        }

        var links = chunk.ExternalLinks ?? [];
        var jsonBodies = new List<PooledBytes>();
        var batches = new List<RecordBatch>();
        int? next = chunk.NextChunkIndex;
        try
        {
            foreach (var link in links)
            {
                if (format == ResultFormat.ArrowStream)
                {
                    // Decoded straight from the response: no whole-chunk buffer, no copy of it.
                    await ReadArrowLinkAsync(statementId, link, compression, bodies, batches, cancellationToken).ConfigureAwait(false);
                }
                else if (format == ResultFormat.JsonArray)
                {
                    // Decoded to typed rows when read, straight from the bytes (JsonRowDecoder), which go back to the pool then.
                    var body = new LinkBody(this, statementId, link);
                    await using (body.ConfigureAwait(false))
                    {
                        jsonBodies.Add(await ReadJsonAsync(body, link.ByteCount, compression, cancellationToken).ConfigureAwait(false)
                            ?? throw new DatabricksException(
                                $"Chunk {link.ChunkIndex} of statement {statementId} is longer than {MaxJsonChunkLength:N0} bytes, the most the client "
                                + "reads into one buffer (a JSON_ARRAY chunk is read whole), so it was not read. Read the result as ARROW_STREAM, whose "
                                + "chunks are decoded as they stream in, or select fewer rows or columns per statement.",
                                DatabricksErrorCode.Unknown));
                    }
                }
                else
                {
                    throw new NotSupportedException($"Result format {format} cannot be decoded; use JSON_ARRAY or ARROW_STREAM.");
                }

                next = link.NextChunkIndex ?? next;
            }
        }
        catch (Exception e)
        {
            // What was read of the chunk goes back to the pool: nobody will read it.
            jsonBodies.ForEach(static b => b.Return());
            batches.ForEach(static b => b.Dispose());
            if (IsUnreadableArrow(e) && format == ResultFormat.ArrowStream)
            {
                throw UnreadableArrow(statementId, chunk.ChunkIndex, e);
            }

            if (e is InvalidDataException or EndOfStreamException && format == ResultFormat.JsonArray)
            {
                // A body that arrived whole but does not decode (an LZ4 frame that is not one, or ends inside a block).
                throw UnreadableChunk(statementId, chunk.ChunkIndex, format, e);
            }

            throw;
        }

        return format == ResultFormat.ArrowStream ? DecodedChunk.Arrow(chunk.ChunkIndex, batches, next) : DecodedChunk.JsonBytes(chunk.ChunkIndex, jsonBodies, next);
    }

    /// <summary>
    /// Reads one link's Arrow stream into <paramref name="batches"/> as it streams in. An Arrow IPC stream may end after
    /// any message and still read as a whole stream, so a body cut short exactly between two record batches (a store or
    /// proxy closing the connection cleanly early) would otherwise yield fewer rows without any error: the rows read are
    /// held to the <c>row_count</c> the link declares, and a short body is dropped and downloaded again, up to
    /// <see cref="MaxAttempts"/> downloads. A link that declares no count (0 or absent) is not checked. JSON_ARRAY bodies
    /// need no such check: one cut anywhere is not JSON.
    /// </summary>
    /// <exception cref="DatabricksException">Every download held fewer rows, or one held more, than the link declares.</exception>
    private async Task ReadArrowLinkAsync(
        string statementId, ExternalLink link, string? compression, ManagedArrowAllocator bodies, List<RecordBatch> batches, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var first = batches.Count;
            var body = new LinkBody(this, statementId, link);
            await using (body.ConfigureAwait(false))
            {
                await ReadArrowAsync(body, compression, bodies, batches, cancellationToken).ConfigureAwait(false);
            }

            var read = RowsFrom(batches, first);
            if (link.RowCount <= 0 || read == link.RowCount)
            {
                return;
            }

            if (read > link.RowCount || attempt == MaxAttempts)
            {
                throw NotTheDeclaredRows(statementId, link.ChunkIndex, link.RowCount, read, $"in each of {attempt} downloads");
            }

            Log.ExternalLinkShort(logger, statementId, link.ChunkIndex, read, link.RowCount, attempt);
            for (var i = batches.Count - 1; i >= first; i--)
            {
                batches[i].Dispose();
                batches.RemoveAt(i);
            }

            await Task.Delay(Backoff(attempt), time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static long RowsFrom(List<RecordBatch> batches, int first)
    {
        long rows = 0;
        for (var i = first; i < batches.Count; i++)
        {
            rows += batches[i].Length;
        }

        return rows;
    }

    /// <summary>The error of an Arrow chunk holding another number of rows than it declares; it names the chunk, never its link.</summary>
    /// <param name="statementId">The statement.</param>
    /// <param name="chunkIndex">The chunk.</param>
    /// <param name="declared">The rows the link or chunk declares.</param>
    /// <param name="read">The rows its stream held.</param>
    /// <param name="where">Where the rows were read: the downloads made, or the inline attachment.</param>
    /// <returns>The error to throw.</returns>
    private static DatabricksException NotTheDeclaredRows(string statementId, int chunkIndex, long declared, long read, string where) =>
        read < declared
            ? new DatabricksException(
                $"Chunk {chunkIndex} of statement {statementId} ended after {read:N0} of the {declared:N0} rows it declares {where}: cut short "
                + "between two record batches, so none of its rows were returned. Read the result again.",
                DatabricksErrorCode.IoError)
            { IsTransient = true }
            : new DatabricksException(
                $"Chunk {chunkIndex} of statement {statementId} holds {read:N0} rows where it declares {declared:N0}, so none of its rows were "
                + "returned. Read the result again; if the counts still differ, read it as JSON_ARRAY.",
                DatabricksErrorCode.Unknown);

    /// <summary>
    /// Whether a failure decoding an Arrow chunk is the chunk's fault (a length it declares that its bytes do not
    /// hold, a stream that ends inside a message, metadata Apache.Arrow cannot read), not the transport's or the caller's.
    /// </summary>
    private static bool IsUnreadableArrow(Exception exception) =>
        exception is InvalidDataException or InvalidOperationException or ArgumentException or OverflowException or IndexOutOfRangeException
            && exception is not ObjectDisposedException;

    /// <summary>
    /// The error of a chunk whose bytes arrived but cannot be read as <paramref name="format"/> rows (bad compression, bad
    /// JSON, rows of another shape than the manifest's); it names the chunk, never its link.
    /// </summary>
    /// <param name="statementId">The statement.</param>
    /// <param name="chunkIndex">The chunk.</param>
    /// <param name="format">The result format.</param>
    /// <param name="exception">What the decoder found.</param>
    /// <returns>The error to throw.</returns>
    internal static DatabricksException UnreadableChunk(string statementId, int chunkIndex, ResultFormat format, Exception exception) => new(
        $"Chunk {chunkIndex} of statement {statementId} cannot be read as {format} rows: {exception.Message} "
        + "Read the result again; if the chunk stays unreadable, read it in the other format or without result_compression.",
        DatabricksErrorCode.Unknown,
        innerException: exception);

    /// <summary>The error of an Arrow chunk that cannot be read; it names the chunk, never its link.</summary>
    private static DatabricksException UnreadableArrow(string statementId, int chunkIndex, Exception exception) => new(
        $"Chunk {chunkIndex} of statement {statementId} is not a readable Arrow IPC stream: {exception.Message} "
        + "Read the result again; if the chunk stays unreadable, read it as JSON_ARRAY.",
        DatabricksErrorCode.Unknown,
        innerException: exception);

    /// <summary>
    /// Reads a JSON_ARRAY body whole into a pooled array (an LZ4_FRAME body decoded as it streams in); null when it is
    /// longer than <see cref="MaxJsonChunkLength"/>.
    /// </summary>
    private async Task<PooledBytes?> ReadJsonAsync(LinkBody body, long? byteCount, string? compression, CancellationToken cancellationToken)
    {
        var plain = ResultPayload.Decompressing(body, compression);
        try
        {
            return await PooledBytes.ReadAllAsync(plain, byteCount, MaxTrustedChunkBuffer, DefaultChunkBuffer, MaxJsonChunkLength, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (!ReferenceEquals(plain, body))
            {
                await plain.DisposeAsync().ConfigureAwait(false);
            }
        }
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

    /// <summary>Decodes a link's Arrow stream into <paramref name="batches"/> as it streams in.</summary>
    private static async Task ReadArrowAsync(LinkBody body, string? compression, ManagedArrowAllocator bodies, List<RecordBatch> batches, CancellationToken cancellationToken)
    {
        if (!await body.HasDataAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        // An LZ4_FRAME body is decoded as it streams in: still no whole-chunk buffer.
        var plain = ResultPayload.Decompressing(body, compression);
        try
        {
            // The guard checks every length a message declares against the bytes that follow, before the reader
            // allocates for it.
            using var guarded = new ArrowFrameGuard(plain);
            using var reader = new ArrowStreamReader(guarded, bodies, leaveOpen: true);
            while (await reader.ReadNextRecordBatchAsync(cancellationToken).ConfigureAwait(false) is { } batch)
            {
                batches.Add(batch);
            }
        }
        finally
        {
            if (!ReferenceEquals(plain, body))
            {
                await plain.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Opens a link, refreshing it when close to expiry or refused, retrying failed responses with backoff; when
    /// <paramref name="resumeAt"/> bytes were already read, asks for the rest with a <c>Range</c> request and, when
    /// the store ignores ranges, skips those bytes of the full body.
    /// </summary>
    private async Task<(HttpResponseMessage Response, Stream Body, ExternalLink Link)> OpenAsync(
        string statementId, ExternalLink link, long resumeAt, Attempts attempts, CancellationToken cancellationToken)
    {
        while (attempts.Next())
        {
            if (link.Expiration is { } expiration && expiration <= time.GetUtcNow() + ExpirySlack)
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

            if (resumeAt > 0)
            {
                request.Headers.Range = new RangeHeaderValue(resumeAt, null);
            }

            HttpResponseMessage? response = null;
            try
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.Gone)
                {
                    Log.ExternalLinkRefused(logger, statementId, link.ChunkIndex, (int)response.StatusCode);
                    var status = response.StatusCode;
                    response.Dispose();
                    link = await RefreshAsync(statementId, link, "refused", cancellationToken).ConfigureAwait(false);
                    attempts.Last = new DatabricksException(
                        $"The external link of chunk {link.ChunkIndex} of statement {statementId} was refused with {(int)status}.",
                        DatabricksErrorCode.PermissionDenied,
                        status);
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    attempts.Last = new DatabricksException(
                        $"Downloading chunk {link.ChunkIndex} of statement {statementId} failed with {(int)response.StatusCode}.",
                        DatabricksErrorCode.IoError,
                        response.StatusCode)
                    { IsTransient = true };
                    Log.ExternalLinkFailed(logger, statementId, link.ChunkIndex, attempts.Count, (int)response.StatusCode);
                    response.Dispose();
                    await Task.Delay(Backoff(attempts.Count), time, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                if (resumeAt > 0 && response.StatusCode != HttpStatusCode.PartialContent)
                {
                    // The store ignored the range: the bytes already read come again first.
                    await SkipAsync(body, resumeAt, cancellationToken).ConfigureAwait(false);
                }

                return (response, body, link);
            }
            catch (Exception e) when (e is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
            {
                response?.Dispose();
                attempts.Last = e;
                await DroppedAsync(statementId, link, attempts.Count, resumeAt, cancellationToken).ConfigureAwait(false);
            }
        }

        throw new DatabricksException(
            $"Chunk {link.ChunkIndex} of statement {statementId} could not be downloaded after {MaxAttempts} attempts.",
            DatabricksErrorCode.IoError,
            innerException: attempts.Last is DatabricksException ? attempts.Last : null)
        { IsTransient = true };
    }

    /// <summary>Logs a connection dropped mid-download and waits before the next attempt.</summary>
    private async Task DroppedAsync(string statementId, ExternalLink link, int attempt, long position, CancellationToken cancellationToken)
    {
        Log.ExternalLinkDropped(logger, statementId, link.ChunkIndex, attempt, position);
        await Task.Delay(Backoff(attempt), time, cancellationToken).ConfigureAwait(false);
    }

    private static async Task SkipAsync(Stream body, long count, CancellationToken cancellationToken)
    {
        var scratch = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (count > 0)
            {
                var read = await body.ReadAsync(scratch.AsMemory(0, (int)Math.Min(scratch.Length, count)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new IOException("The restarted download ended before the bytes already read.");
                }

                count -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
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

    /// <summary>The attempts one link's download may make in all, across failed responses and dropped connections.</summary>
    private sealed class Attempts
    {
        public int Count { get; private set; }

        public Exception? Last { get; set; }

        public bool Next() => ++Count <= MaxAttempts;
    }

    /// <summary>
    /// One link's body as a forward-only stream that a decoder reads straight from the response: a connection dropped
    /// mid-body is reopened at the byte reached (a <c>Range</c> request, restarting and skipping when the store ignores
    /// ranges), so resuming never re-delivers or loses bytes.
    /// </summary>
    private sealed class LinkBody(ExternalLinkDownloader owner, string statementId, ExternalLink link) : ForwardOnlyStream
    {
        private readonly Attempts _attempts = new();
        private ExternalLink _link = link;
        private HttpResponseMessage? _response;
        private Stream? _body;
        private long _position;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        /// <summary>Opens the body and tells whether it has any bytes (an empty body is an empty chunk).</summary>
        public async Task<bool> HasDataAsync(CancellationToken cancellationToken)
        {
            await EnsureOpenAsync(cancellationToken).ConfigureAwait(false);
            return _response!.Content.Headers.ContentLength is not 0;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (true)
            {
                await EnsureOpenAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    var read = await _body!.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                    _position += read;
                    return read;
                }
                catch (Exception e) when (e is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
                {
                    _attempts.Last = e;
                    Close(dispose: true);
                    await owner.DroppedAsync(statementId, _link, _attempts.Count, _position, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        public override ValueTask DisposeAsync()
        {
            Close(dispose: true);
            return base.DisposeAsync();
        }

        protected override void Dispose(bool disposing)
        {
            Close(disposing);
            base.Dispose(disposing);
        }

        private async Task EnsureOpenAsync(CancellationToken cancellationToken)
        {
            if (_body is null)
            {
                (_response, _body, _link) = await owner.OpenAsync(statementId, _link, _position, _attempts, cancellationToken).ConfigureAwait(false);
            }
        }

        private void Close(bool dispose)
        {
            if (dispose)
            {
                _body?.Dispose();
                _response?.Dispose();
            }

            _body = null;
            _response = null;
        }
    }
}
