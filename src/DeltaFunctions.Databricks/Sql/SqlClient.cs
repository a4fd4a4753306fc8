using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Apache.Arrow;
using DeltaFunctions.Databricks.Http;
using DeltaFunctions.Databricks.Simulation;
using Microsoft.Extensions.Logging;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// The SQL Statement Execution API 2.0 (reference §4): execute, poll, cancel, fetch chunks, and stream results of
/// any size as Arrow <see cref="RecordBatch"/>es, rows or caller types. External result links are downloaded with a
/// separate <see cref="HttpClient"/> that never carries the Databricks token. Get one from
/// <see cref="DatabricksClient.GetSqlClient"/>. Unsealed with virtual members for mocking.
/// </summary>
public class SqlClient
{
    private const string StatementsPath = "/api/2.0/sql/statements";

    /// <summary>How long a cancel (and the answer of a submission the caller gave up on) is awaited before giving up.</summary>
    private static readonly TimeSpan CancelGrace = TimeSpan.FromSeconds(10);

    /// <summary>Reads one row of a block as a <see cref="SqlRow"/> view of its position.</summary>
    private static readonly Func<RowBlock, int, SqlRow> ReadRowView = static (block, row) => new SqlRow(block, row);

    private readonly DatabricksApiClient _api = null!;
    private readonly string? _defaultWarehouse;
    private readonly string? _defaultCatalog;
    private readonly string? _defaultSchema;
    private readonly TimeProvider _time = null!;
    private readonly ILogger _logger = null!;
    private readonly SqlTelemetry _telemetry = null!;
    private readonly ExternalLinkDownloader _downloader = null!;

    internal SqlClient(DatabricksApiClient api, string? defaultWarehouse, string? defaultCatalog, string? defaultSchema, TimeProvider time, ILogger logger, SqlTelemetry telemetry, HttpClient externalLinks)
    {
        _api = api;
        _defaultWarehouse = defaultWarehouse;
        _defaultCatalog = defaultCatalog;
        _defaultSchema = defaultSchema;
        _time = time;
        _logger = logger;
        _telemetry = telemetry;
        _downloader = new ExternalLinkDownloader(externalLinks, this, time, logger);
    }

    /// <summary>For mocking only.</summary>
    protected SqlClient()
    {
    }

    /// <summary>Gets the downloader of this client's result chunks (tests lower its limits).</summary>
    internal ExternalLinkDownloader Downloader => _downloader;

    /// <summary>Gets the result shapes each warehouse refused; shared by the SQL clients of one <see cref="DatabricksClient"/>.</summary>
    internal WarehouseResultShapes ResultShapes { get; init; } = new();

    /// <summary>Gets the query tags every statement carries (<see cref="DatabricksClientOptions.QueryTags"/>).</summary>
    internal IReadOnlyDictionary<string, string?>? DefaultQueryTags { get; init; }

    /// <summary>
    /// Runs a statement and waits for it to finish: the server waits up to <see cref="SqlExecuteOptions.WaitTimeout"/>,
    /// then the client polls with backoff. Cancelling the token cancels the statement. REST:
    /// <c>POST /api/2.0/sql/statements</c> then <c>GET /api/2.0/sql/statements/{id}</c>.
    /// </summary>
    /// <param name="statement">The statement and its parameters.</param>
    /// <param name="options">How to run it; null for defaults (JSON_ARRAY, INLINE with automatic fallback).</param>
    /// <param name="cancellationToken">Cancels the wait and the statement.</param>
    /// <returns>
    /// The succeeded response with manifest and first chunk. Under dry run (<see cref="SqlExecuteOptions.DryRun"/>, else
    /// <see cref="DatabricksClientOptions.DryRun"/>) nothing is sent, because the client cannot know that statement text
    /// only reads: the response then has <see cref="StatementResponse.IsDryRun"/> set, state
    /// <see cref="StatementState.NotExecuted"/>, and the request in <see cref="StatementResponse.DryRunRequests"/>.
    /// </returns>
    /// <exception cref="SqlStatementException">The statement failed, was cancelled or closed.</exception>
    /// <exception cref="DatabricksException">The request failed.</exception>
    public virtual async Task<StatementResponse> ExecuteAsync(
        SqlStatement statement, SqlExecuteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statement);
        options ??= new SqlExecuteOptions();
        var ladder = ResultShapeLadder.For(options);
        var started = _time.GetTimestamp();
        if (InterceptDryRun(statement, options, ladder[0], started) is { } dryRun)
        {
            return StatementResponse.NotExecuted(dryRun);
        }

        var (response, shape) = await SubmitAsync(statement, options, ladder, started, cancellationToken).ConfigureAwait(false);
        try
        {
            return await WaitAsync(response, options, started, seen: null, cancellationToken).ConfigureAwait(false);
        }
        catch (SqlStatementException e) when (shape.Disposition == ResultDisposition.Inline && e.IsInlineLimitExceeded
            && ResultShapeLadder.ForLargeResult(ladder, shape) is { Count: > 0 } larger)
        {
            Log.InlineLimitRetry(_logger, e.StatementId ?? "-");
            started = _time.GetTimestamp();
            try
            {
                (response, _) = await SubmitAsync(statement, options, larger, started, cancellationToken).ConfigureAwait(false);
            }
            catch (DatabricksException refused) when (ResultShapeLadder.IsRefusal(refused))
            {
                // The warehouse serves no shape for large results (a serverless one without external links): the
                // inline-limit failure is what the caller needs to see, not the refusal of the fallback.
                ExceptionDispatchInfo.Throw(e);
            }

            return await WaitAsync(response, options, started, seen: null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Submits a statement without waiting (<c>wait_timeout=0s</c>) and returns an operation to poll, wait for or
    /// cancel. REST: <c>POST /api/2.0/sql/statements</c>.
    /// </summary>
    /// <param name="statement">The statement.</param>
    /// <param name="options">How to run it.</param>
    /// <param name="cancellationToken">Cancels the submission.</param>
    /// <returns>The operation.</returns>
    /// <exception cref="DryRunException">Dry run is on: a statement handle cannot exist without sending it; nothing was sent.</exception>
    public virtual async Task<SqlStatementOperation> StartAsync(
        SqlStatement statement, SqlExecuteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statement);
        options ??= new SqlExecuteOptions();
        var started = _time.GetTimestamp();
        var ladder = ResultShapeLadder.For(options);
        if (InterceptDryRun(statement, options with { WaitTimeout = TimeSpan.Zero }, ladder[0], started) is { } dryRun)
        {
            throw new DryRunException("SqlClient." + nameof(StartAsync), [dryRun]);
        }

        var (response, _) = await SubmitAsync(statement, options with { WaitTimeout = TimeSpan.Zero }, ladder, started, cancellationToken).ConfigureAwait(false);
        return new SqlStatementOperation(this, response, options, started);
    }

    /// <summary>
    /// Resumes an operation by statement id, for example one another process (an activity, a previous run) started
    /// with <see cref="StartAsync"/>: fetches its current status and returns the operation to poll, wait for or
    /// cancel. <see cref="SqlExecuteOptions.Timeout"/> counts from this call. REST: <c>GET /api/2.0/sql/statements/{id}</c>.
    /// </summary>
    /// <param name="statementId">The statement id, from <see cref="SqlStatementOperation.StatementId"/>.</param>
    /// <param name="options">How to poll (<see cref="SqlExecuteOptions.PollInterval"/>, <see cref="SqlExecuteOptions.Timeout"/>); null for defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The operation, with the statement's current response.</returns>
    /// <exception cref="DatabricksException">The statement does not exist (NOT_FOUND) or the call failed.</exception>
    public virtual async Task<SqlStatementOperation> GetStatementOperationAsync(
        string statementId, SqlExecuteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(statementId);
        var started = _time.GetTimestamp();
        var response = await GetStatementAsync(statementId, cancellationToken).ConfigureAwait(false);
        return new SqlStatementOperation(this, response, options ?? new SqlExecuteOptions(), started);
    }

    /// <summary>Gets a statement's status, manifest and first chunk. REST: <c>GET /api/2.0/sql/statements/{id}</c>.</summary>
    /// <param name="statementId">The statement id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    public virtual Task<StatementResponse> GetStatementAsync(string statementId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(statementId);
        return _api.GetAsync($"{StatementsPath}/{Uri.EscapeDataString(statementId)}", null, StatementJsonReader.Response, cancellationToken);
    }

    /// <summary>Requests cancellation of a statement. REST: <c>POST /api/2.0/sql/statements/{id}/cancel</c>.</summary>
    /// <param name="statementId">The statement id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the request was accepted.</returns>
    public virtual Task CancelAsync(string statementId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(statementId);
        return _api.SendAsync(HttpMethod.Post, $"{StatementsPath}/{Uri.EscapeDataString(statementId)}/cancel", null, RequestSafety.Idempotent, cancellationToken);
    }

    /// <summary>
    /// Fetches one result chunk (inline rows or fresh external links). REST:
    /// <c>GET /api/2.0/sql/statements/{id}/result/chunks/{chunk_index}</c>.
    /// </summary>
    /// <param name="statementId">The statement id.</param>
    /// <param name="chunkIndex">The chunk index.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The chunk.</returns>
    /// <exception cref="StatementResultExpiredException">The result is gone: read more than an hour after success, or the statement was forgotten.</exception>
    public virtual Task<ResultChunk> FetchChunkAsync(string statementId, int chunkIndex, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(statementId);
        ArgumentOutOfRangeException.ThrowIfNegative(chunkIndex);
        return FetchLiveChunkAsync(statementId, chunkIndex, cancellationToken);
    }

    /// <summary>Reads a chunk, turning the answers for a dropped result into <see cref="StatementResultExpiredException"/>.</summary>
    private async Task<ResultChunk> FetchLiveChunkAsync(string statementId, int chunkIndex, CancellationToken cancellationToken)
    {
        try
        {
            return await _api.GetAsync(
                $"{StatementsPath}/{Uri.EscapeDataString(statementId)}/result/chunks/{chunkIndex.ToString(CultureInfo.InvariantCulture)}",
                null,
                StatementJsonReader.Chunk,
                cancellationToken).ConfigureAwait(false);
        }
        catch (DatabricksException e) when (StatementResultExpiredException.Matches(e))
        {
            throw new StatementResultExpiredException(statementId, e);
        }
    }

    /// <summary>
    /// Runs a query and streams its result as Arrow record batches, chunk by chunk with the next chunk prefetched, so
    /// memory stays bounded by about two chunks. ARROW_STREAM batches are returned as sent. Default format
    /// ARROW_STREAM with EXTERNAL_LINKS; a JSON_ARRAY result has no batches (read it with <see cref="QueryAsync"/>).
    /// </summary>
    /// <remarks>
    /// Batches are the caller's and stay valid after the stream moves on. Their memory is managed: a batch never
    /// disposed is collected like any object. Disposing a batch once done with it hands its memory to the next batches
    /// (the cheaper read); a disposed batch must not be read again.
    /// </remarks>
    /// <param name="statement">The query.</param>
    /// <param name="options">How to run it.</param>
    /// <param name="cancellationToken">Cancels the stream and a still-running statement.</param>
    /// <returns>The batches.</returns>
    /// <exception cref="InvalidOperationException"><see cref="SqlExecuteOptions.Format"/> is JSON_ARRAY.</exception>
    public virtual async IAsyncEnumerable<RecordBatch> QueryArrowAsync(
        SqlStatement statement, SqlExecuteOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options = options is { Format: not null } ? options : (options ?? new SqlExecuteOptions()) with { Format = ResultFormat.ArrowStream };
        var response = await ExecuteAsync(statement, options, cancellationToken).ConfigureAwait(false);
        await foreach (var batch in ReadBatchesAsync(response, cancellationToken).ConfigureAwait(false))
        {
            yield return batch;
        }
    }

    /// <summary>
    /// Runs a query and streams its rows, values typed from the manifest (see <see cref="SqlRow"/>). Chunk by chunk
    /// with the next chunk prefetched. Default format ARROW_STREAM.
    /// </summary>
    /// <param name="statement">The query.</param>
    /// <param name="options">How to run it.</param>
    /// <param name="cancellationToken">Cancels the stream and a still-running statement.</param>
    /// <returns>The rows.</returns>
    public virtual IAsyncEnumerable<SqlRow> QueryAsync(
        SqlStatement statement, SqlExecuteOptions? options = null, CancellationToken cancellationToken = default) =>
        new RowStream<SqlRow>(QueryBlocksAsync(statement, options, ManagedArrowAllocator.Recycled, cancellationToken), RowView, copiesValues: false);

    /// <summary>
    /// Streams the rows of a statement that already succeeded, for example one started with <see cref="StartAsync"/>
    /// and finished with <see cref="SqlStatementOperation.WaitForCompletionAsync(CancellationToken)"/>: chunk by chunk with the next chunk
    /// prefetched, values typed from the manifest. REST: <c>GET /api/2.0/sql/statements/{id}/result/chunks/{n}</c> and
    /// the external links.
    /// </summary>
    /// <param name="response">The succeeded statement.</param>
    /// <param name="cancellationToken">Cancels the stream.</param>
    /// <returns>The rows.</returns>
    /// <exception cref="InvalidOperationException">The statement has not succeeded.</exception>
    public virtual IAsyncEnumerable<SqlRow> ReadRowsAsync(StatementResponse response, CancellationToken cancellationToken = default) =>
        new RowStream<SqlRow>(ReadBlocksAsync(response, ManagedArrowAllocator.Recycled, cancellationToken), RowView, copiesValues: false);

    /// <summary>
    /// Streams the Arrow record batches of an ARROW_STREAM statement that already succeeded (see
    /// <see cref="ReadRowsAsync"/>). Batches stay valid after the stream moves on; disposing one once done with it
    /// hands its memory to the next batches, and a disposed batch must not be read again (see
    /// <see cref="QueryArrowAsync"/>).
    /// </summary>
    /// <param name="response">The succeeded statement.</param>
    /// <param name="cancellationToken">Cancels the stream.</param>
    /// <returns>The batches.</returns>
    /// <exception cref="InvalidOperationException">The statement has not succeeded, or its format is JSON_ARRAY.</exception>
    public virtual async IAsyncEnumerable<RecordBatch> ReadBatchesAsync(StatementResponse response, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var schema = ResultSchemaOf(response);
        await foreach (var chunk in ReadChunksAsync(response, ManagedArrowAllocator.Pooled, cancellationToken).ConfigureAwait(false))
        {
            foreach (var batch in chunk.ToBatches(schema))
            {
                yield return batch;
            }
        }
    }

    /// <summary>
    /// Runs a query and maps each row to <typeparamref name="T"/> by column name (constructor parameters or settable
    /// properties; <c>snake_case</c> columns fill <c>PascalCase</c> members). The mapping is compiled once per shape.
    /// </summary>
    /// <typeparam name="T">The row type, or a scalar type to read the first column.</typeparam>
    /// <param name="statement">The query.</param>
    /// <param name="options">How to run it.</param>
    /// <param name="cancellationToken">Cancels the stream and a still-running statement.</param>
    /// <returns>The mapped rows.</returns>
    public virtual IAsyncEnumerable<T> ReadAsync<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.PublicProperties)] T>(
        SqlStatement statement, SqlExecuteOptions? options = null, CancellationToken cancellationToken = default) =>
        new RowStream<T>(QueryBlocksAsync(statement, options, BodiesFor<T>(), cancellationToken), RowMapper<T>.For, CopiesValues<T>());

    /// <summary>
    /// Streams the rows of a statement that already succeeded (see <see cref="ReadRowsAsync"/>) mapped to
    /// <typeparamref name="T"/> as <see cref="ReadAsync{T}(SqlStatement, SqlExecuteOptions?, CancellationToken)"/>
    /// does: values are read from the decoded columns in place, without a row object or boxing in between.
    /// </summary>
    /// <typeparam name="T">The row type, or a scalar type to read the first column.</typeparam>
    /// <param name="response">The succeeded statement.</param>
    /// <param name="cancellationToken">Cancels the stream.</param>
    /// <returns>The mapped rows.</returns>
    /// <exception cref="InvalidOperationException">The statement has not succeeded, or <typeparamref name="T"/> cannot be mapped from its columns.</exception>
    public virtual IAsyncEnumerable<T> ReadAsync<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.PublicProperties)] T>(StatementResponse response, CancellationToken cancellationToken = default) =>
        new RowStream<T>(ReadBlocksAsync(response, BodiesFor<T>(), cancellationToken), RowMapper<T>.For, CopiesValues<T>());

    /// <summary>The blocks of rows of a query run first (the rows of <see cref="QueryAsync"/> and <see cref="ReadAsync{T}(SqlStatement, SqlExecuteOptions?, CancellationToken)"/>).</summary>
    private async IAsyncEnumerable<RowBlock> QueryBlocksAsync(
        SqlStatement statement, SqlExecuteOptions? options, ManagedArrowAllocator bodies, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        options = options is { Format: not null } ? options : (options ?? new SqlExecuteOptions()) with { Format = ResultFormat.ArrowStream };
        var response = await ExecuteAsync(statement, options, cancellationToken).ConfigureAwait(false);
        await foreach (var block in ReadBlocksAsync(response, bodies, cancellationToken).ConfigureAwait(false))
        {
            yield return block;
        }
    }

    /// <summary>
    /// The decoded blocks of rows of a succeeded statement, chunk by chunk (Arrow batches; JSON_ARRAY chunks a slice at
    /// a time). Rows are read from them by <see cref="RowStream{T}"/>, which steps within a block without awaiting.
    /// </summary>
    private async IAsyncEnumerable<RowBlock> ReadBlocksAsync(StatementResponse response, ManagedArrowAllocator bodies, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var schema = ResultSchemaOf(response);
        await foreach (var chunk in ReadChunksAsync(response, bodies, cancellationToken).ConfigureAwait(false))
        {
            // Rows are decoded as the blocks are taken: a chunk whose rows do not decode fails naming the chunk.
            using var blocks = chunk.ToBlocks(schema).GetEnumerator();
            while (true)
            {
                try
                {
                    if (!blocks.MoveNext())
                    {
                        break;
                    }
                }
                catch (InvalidDataException e)
                {
                    throw ExternalLinkDownloader.UnreadableChunk(response.StatementId, chunk.ChunkIndex, FormatOf(response.Manifest!), e);
                }

                yield return blocks.Current;
            }
        }
    }

    /// <summary>Reads every chunk of a succeeded statement, prefetching the next while the current is consumed.</summary>
    internal async IAsyncEnumerable<DecodedChunk> ReadChunksAsync(StatementResponse response, ManagedArrowAllocator bodies, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var manifest = response.Manifest;
        if (manifest is null || manifest.TotalChunkCount == 0 && response.Result?.DataArray is null)
        {
            yield break;
        }

        var format = FormatOf(manifest);
        var first = response.Result is { } result && (result.DataArray is not null || result.ExternalLinks is not null || result.Attachment is not null)
            ? result
            : await FetchChunkAsync(response.StatementId, 0, cancellationToken).ConfigureAwait(false);
        using var prefetchCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var compression = manifest.ResultCompression;
        var current = _downloader.DecodeAsync(response.StatementId, first, format, compression, bodies, prefetchCancel.Token);
        try
        {
            while (current is not null)
            {
                var decoded = await current.ConfigureAwait(false);
                current = null;

                // next_chunk_index leads from chunk to chunk; the manifest's total_chunk_count says how many there are.
                // A chunk that names no next one before the last is followed by the next index all the same, as the
                // official drivers read chunk indices up to the manifest's count (databricks-jdbc RemoteChunkProvider):
                // stopping there would return part of the result as if it were all of it.
                var next = decoded.NextChunkIndex ?? (decoded.ChunkIndex + 1 < manifest.TotalChunkCount ? decoded.ChunkIndex + 1 : null);
                if (next is { } pointed && pointed != decoded.ChunkIndex + 1)
                {
                    // Chunks are numbered from 0 without gaps; a pointer back would read chunks again (forever, if it
                    // makes a cycle) and one ahead would skip some: either way the caller would get other rows than
                    // the result's.
                    throw new DatabricksException(
                        $"Chunk {decoded.ChunkIndex} of statement {response.StatementId} names chunk {pointed} as the next one, where chunk "
                        + $"{decoded.ChunkIndex + 1} follows it, so the result cannot be read whole. Read the result again.",
                        DatabricksErrorCode.Unknown);
                }

                if (next is { } index)
                {
                    current = FetchAndDecodeAsync(response.StatementId, index, format, compression, bodies, prefetchCancel.Token);
                }

                yield return decoded;
            }
        }
        finally
        {
            if (current is not null)
            {
                await prefetchCancel.CancelAsync().ConfigureAwait(false);
                try
                {
                    await current.ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or DatabricksException or HttpRequestException or IOException)
                {
                    // The consumer stopped early; the prefetched chunk is not needed.
                }
            }
        }
    }

    /// <summary>The format a result's chunks are in: the manifest's, JSON_ARRAY (the API's default) when it names none.</summary>
    private static ResultFormat FormatOf(ResultManifest manifest) => manifest.Format.Value is null ? ResultFormat.JsonArray : manifest.Format;

    internal static bool IsTerminal(StatementState state) =>
        state == StatementState.Succeeded || state == StatementState.Failed || state == StatementState.Canceled || state == StatementState.Closed
        || state == StatementState.NotExecuted;

    /// <summary>
    /// Polls a submitted statement until it ends, within what is left of <see cref="SqlExecuteOptions.Timeout"/>
    /// since <paramref name="started"/>. A timeout or the caller's token cancels the statement on the server (awaited,
    /// bounded by <see cref="CancelGrace"/>) before the exception is thrown.
    /// </summary>
    internal async Task<StatementResponse> WaitAsync(
        StatementResponse response, SqlExecuteOptions options, long started, Action<StatementResponse>? seen, CancellationToken cancellationToken)
    {
        using var deadline = DeadlineSource(options, started);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline?.Token ?? CancellationToken.None);
        var delay = options.PollInterval <= TimeSpan.Zero ? TimeSpan.FromMilliseconds(100) : options.PollInterval;
        seen?.Invoke(response);
        try
        {
            while (!IsTerminal(response.Status.State))
            {
                await Task.Delay(delay, _time, linked.Token).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, Math.Max(options.MaxPollInterval.Ticks, delay.Ticks)));
                response = await GetStatementAsync(response.StatementId, linked.Token).ConfigureAwait(false);
                seen?.Invoke(response);
            }
        }
        catch (OperationCanceledException e) when (linked.IsCancellationRequested && e is not SqlStatementCanceledException)
        {
            throw await StoppedAsync(response.StatementId, options, started, cancellationToken).ConfigureAwait(false);
        }

        _telemetry.QueryFinished(_time.GetElapsedTime(started), response.Status.State.Value);
        if (response.Status.State != StatementState.Succeeded)
        {
            Log.StatementFailed(_logger, response.StatementId, response.Status.State.Value, response.Status.SqlState);
            throw new SqlStatementException(response.StatementId, response.Status);
        }

        return response;
    }

    private async Task<DecodedChunk> FetchAndDecodeAsync(string statementId, int index, ResultFormat format, string? compression, ManagedArrowAllocator bodies, CancellationToken cancellationToken)
    {
        var chunk = await FetchChunkAsync(statementId, index, cancellationToken).ConfigureAwait(false);
        return await _downloader.DecodeAsync(statementId, chunk, format, compression, bodies, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Submits a statement with the first shape of <paramref name="ladder"/> this warehouse has not refused. A refusal
    /// of the pair (<see cref="ResultShapeLadder.IsRefusal"/>) is remembered for the warehouse and the next shape is
    /// tried; when the warehouse has refused them all, they are forgotten and asked again from the first.
    /// </summary>
    private async Task<Submitted> SubmitAsync(
        SqlStatement statement, SqlExecuteOptions options, IReadOnlyList<ResultShape> ladder, long started, CancellationToken cancellationToken)
    {
        var warehouse = Warehouse(options);
        var tags = SqlQueryTags.Merge(DefaultQueryTags, SqlQueryTagScope.Current, options.QueryTags);
        var candidates = ladder.Where(shape => !ResultShapes.IsRefused(warehouse, shape)).ToList();
        if (candidates.Count == 0)
        {
            Log.ResultShapesForgotten(_logger, warehouse);
            ResultShapes.Forget(warehouse, ladder);
            candidates = [.. ladder];
        }

        for (var i = 0; ; i++)
        {
            var shape = candidates[i];
            try
            {
                return new Submitted(await SubmitAsync(statement, options, warehouse, shape, tags, started, cancellationToken).ConfigureAwait(false), shape);
            }
            catch (DatabricksException e) when (ladder.Count > 1 && i + 1 < candidates.Count && ResultShapeLadder.IsRefusal(e))
            {
                ResultShapes.Refuse(warehouse, shape);
                Log.ResultShapeRefused(_logger, warehouse, shape.ToString(), e.ErrorCode.Value, candidates[i + 1].ToString());
            }
            catch (DatabricksException e) when (ladder.Count > 1 && ResultShapeLadder.IsRefusal(e))
            {
                // The last candidate was refused too: remember it, so the next statement starts the ladder afresh.
                ResultShapes.Refuse(warehouse, shape);
                throw;
            }
        }
    }

    private async Task<StatementResponse> SubmitAsync(
        SqlStatement statement,
        SqlExecuteOptions options,
        string warehouse,
        ResultShape shape,
        List<StatementQueryTag>? tags,
        long started,
        CancellationToken cancellationToken)
    {
        var request = BuildRequest(statement, options, warehouse, shape, tags, started);

        // Not idempotent: a retried POST after an unproven failure could run the statement twice (for example an
        // INSERT); the seam only resends when the failure proves the first send was not processed.
        // The POST itself is not cancelled with the caller's token: the server may already run the statement while it
        // waits up to wait_timeout (capped by what is left of the timeout), and only its answer carries the id needed
        // to cancel it. On cancellation the answer is awaited (bounded) and the statement cancelled before throwing.
        cancellationToken.ThrowIfCancellationRequested();
        using var deadline = DeadlineSource(options, started);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline?.Token ?? CancellationToken.None);
        var send = _api.SendAsync(
            HttpMethod.Post,
            StatementsPath,
            request,
            DatabricksSqlJsonContext.Default.ExecuteStatementRequest,
            StatementJsonReader.Response,
            RequestSafety.NotIdempotent,
            CancellationToken.None);
        StatementResponse response;
        try
        {
            response = await send.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            var submitted = await AnswerWithinGraceAsync(send).ConfigureAwait(false);
            if (submitted is not null && IsTerminal(submitted.Status.State) && submitted.Status.State == StatementState.Succeeded
                && deadline?.IsCancellationRequested == true && !cancellationToken.IsCancellationRequested)
            {
                // The answer came back with a result right at the deadline: nothing is left to cancel, keep it.
                return submitted;
            }

            throw await StoppedAsync(submitted?.StatementId, options, started, cancellationToken).ConfigureAwait(false);
        }

        Log.StatementSubmitted(_logger, response.StatementId, response.Status.State.Value, shape.Disposition.Value, shape.Format.Value);
        return response;
    }

    /// <summary>
    /// Under dry run, what <see cref="ExecuteAsync"/> would POST for <paramref name="statement"/>; null when it must be
    /// sent. The Delta client and schema manager decide for the statements they generate (reads always run) and pass
    /// <paramref name="knownMutation"/>; statement text from users is unclassified and never run under dry run.
    /// </summary>
    internal DryRunRequest? InterceptDryRun(SqlStatement statement, SqlExecuteOptions options, bool knownMutation) =>
        InterceptDryRun(statement, options, ResultShapeLadder.For(options)[0], _time.GetTimestamp(), knownMutation);

    /// <summary>Under dry run, the request the first shape of the ladder would POST; null when it must be sent.</summary>
    private DryRunRequest? InterceptDryRun(SqlStatement statement, SqlExecuteOptions options, ResultShape shape, long started, bool knownMutation = false) =>
        !_api.IsDryRun(options.DryRun)
            ? null
            : _api.InterceptDryRun(
                options.DryRun,
                HttpMethod.Post,
                StatementsPath,
                BuildRequest(statement, options, Warehouse(options), shape, SqlQueryTags.Merge(DefaultQueryTags, SqlQueryTagScope.Current, options.QueryTags), started),
                DatabricksSqlJsonContext.Default.ExecuteStatementRequest,
                statement,
                unclassifiedSql: !knownMutation);

    private string Warehouse(SqlExecuteOptions options) =>
        options.WarehouseId ?? _defaultWarehouse
        ?? throw new InvalidOperationException(
            "No SQL warehouse to run the statement on: set Databricks:WarehouseId (DATABRICKS_WAREHOUSE_ID), DatabricksClientOptions.WarehouseId or SqlExecuteOptions.WarehouseId.");

    private ExecuteStatementRequest BuildRequest(
        SqlStatement statement, SqlExecuteOptions options, string warehouse, ResultShape shape, List<StatementQueryTag>? tags, long started)
    {
        var (format, disposition) = shape;
        return new ExecuteStatementRequest
        {
            Statement = statement.Text,
            WarehouseId = warehouse,
            Catalog = options.Catalog ?? _defaultCatalog,
            Schema = options.Schema ?? _defaultSchema,
            Parameters = statement.Parameters.Count == 0 ? null : statement.Parameters,
            WaitTimeout = ServerWaitTimeout(options, started),
            OnWaitTimeout = options.OnWaitTimeout,
            Disposition = disposition,
            Format = format,
            RowLimit = options.RowLimit,
            ByteLimit = options.ByteLimit,
            ResultCompression = format == ResultFormat.ArrowStream ? options.ResultCompression ?? Sql.ResultCompression.Lz4Frame : null,
            QueryTags = tags,
        };
    }

    /// <summary>
    /// The server-side <c>wait_timeout</c>: the configured wait, capped by what is left of
    /// <see cref="SqlExecuteOptions.Timeout"/>. Databricks accepts only <c>0s</c> or <c>5s</c>–<c>50s</c>, so less than
    /// 5 s left means no server wait at all (the client polls the rest).
    /// </summary>
    private string ServerWaitTimeout(SqlExecuteOptions options, long started)
    {
        var wait = options.WaitTimeout;
        if (options.Timeout is { } limit)
        {
            var left = limit - _time.GetElapsedTime(started);
            wait = left < wait ? left : wait;
        }

        var seconds = wait.TotalSeconds < 5 ? 0 : (int)Math.Min(Math.Floor(wait.TotalSeconds), 50);
        return seconds.ToString(CultureInfo.InvariantCulture) + "s";
    }

    /// <summary>A source that fires when <see cref="SqlExecuteOptions.Timeout"/> since <paramref name="started"/> has passed; null without a timeout.</summary>
    private CancellationTokenSource? DeadlineSource(SqlExecuteOptions options, long started)
    {
        if (options.Timeout is not { } limit)
        {
            return null;
        }

        var left = limit - _time.GetElapsedTime(started);
        return new CancellationTokenSource(left > TimeSpan.Zero ? left : TimeSpan.FromTicks(1), _time);
    }

    /// <summary>
    /// Waits up to <see cref="CancelGrace"/> for a submission's answer (to learn the statement id); null when none
    /// came. An answer that comes later still gets its statement cancelled, in the background.
    /// </summary>
    private async Task<StatementResponse?> AnswerWithinGraceAsync(Task<StatementResponse> send)
    {
        try
        {
            return await send.WaitAsync(CancelGrace, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _ = CancelWhenSubmittedAsync(send);
            return null;
        }
        catch (Exception e) when (e is DatabricksException or OperationCanceledException or HttpRequestException or ObjectDisposedException)
        {
            return null;
        }
    }

    /// <summary>Waits for a submission the caller gave up on and cancels the statement it started, if still running.</summary>
    private async Task CancelWhenSubmittedAsync(Task<StatementResponse> send)
    {
        StatementResponse response;
        try
        {
            response = await send.ConfigureAwait(false);
        }
        catch (Exception e) when (e is DatabricksException or OperationCanceledException or HttpRequestException or ObjectDisposedException)
        {
            return;
        }

        if (!IsTerminal(response.Status.State))
        {
            Log.CancelAfterSubmit(_logger, response.StatementId);
            await CancelQuietlyAsync(response.StatementId).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Cancels a statement the caller stopped waiting for (awaited, bounded) and builds the exception to throw: a
    /// <see cref="SqlStatementCanceledException"/> when the caller's token fired, a DEADLINE_EXCEEDED
    /// <see cref="SqlStatementException"/> when the timeout did.
    /// </summary>
    private async Task<Exception> StoppedAsync(string? statementId, SqlExecuteOptions options, long started, CancellationToken cancellationToken)
    {
        var confirmed = statementId is not null && await CancelQuietlyAsync(statementId).ConfigureAwait(false);
        var elapsed = _time.GetElapsedTime(started);
        _telemetry.QueryFinished(elapsed, "CANCELED");
        if (cancellationToken.IsCancellationRequested)
        {
            return new SqlStatementCanceledException(statementId, confirmed, cancellationToken);
        }

        var id = statementId ?? "(no id: the submission got no answer)";
        return new SqlStatementException(
            id,
            new StatementStatus
            {
                State = StatementState.Canceled,
                Error = new StatementError
                {
                    ErrorCode = "DEADLINE_EXCEEDED",
                    Message = string.Create(
                        CultureInfo.InvariantCulture,
                        $"The statement did not finish within SqlExecuteOptions.Timeout ({options.Timeout!.Value.TotalSeconds:0.###} s; stopped after {elapsed.TotalSeconds:0.###} s); {(confirmed ? "it was cancelled on the server" : "cancelling it on the server did not succeed")}."),
                },
            });
    }

    private async Task<bool> CancelQuietlyAsync(string statementId)
    {
        try
        {
            using var cancel = new CancellationTokenSource(CancelGrace, _time);
            await CancelAsync(statementId, cancel.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is DatabricksException or OperationCanceledException or HttpRequestException)
        {
            Log.CancelFailed(_logger, statementId, e.GetType().Name);
            return false;
        }
    }

    /// <summary>Reads a row of a block as a <see cref="SqlRow"/> view of its position (the same reader for every schema).</summary>
    private static Func<RowBlock, int, SqlRow> RowView(SqlResultSchema schema) => ReadRowView;

    /// <summary>
    /// Whether rows mapped to <typeparamref name="T"/> hold copies of their values (numbers, new strings, decoded
    /// objects), so a block's memory can be reused once the stream moved past it; a <see cref="SqlRow"/> is a view.
    /// </summary>
    private static bool CopiesValues<T>() => typeof(T) != typeof(SqlRow);

    /// <summary>
    /// Where the Arrow bodies of rows read as <typeparamref name="T"/> come from: the pool when rows copy their values
    /// (each block is released as the stream moves on), the pool again but only once unreachable when rows are views that
    /// callers may keep (<see cref="ManagedArrowAllocator.Recycled"/>).
    /// </summary>
    private static ManagedArrowAllocator BodiesFor<T>() => CopiesValues<T>() ? ManagedArrowAllocator.Pooled : ManagedArrowAllocator.Recycled;

    private static SqlResultSchema ResultSchemaOf(StatementResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.IsDryRun)
        {
            // Rows of SQL that was not run cannot exist; an empty stream would read as an empty result.
            throw new DryRunException("SqlClient read of statement text", response.DryRunRequests);
        }

        if (response.Status.State != StatementState.Succeeded)
        {
            throw new InvalidOperationException(
                $"Statement {response.StatementId} is {response.Status.State}; only a SUCCEEDED statement has a result to read. Wait for it first.");
        }

        return new SqlResultSchema(response.Manifest?.Schema?.Columns ?? []);
    }

    /// <summary>
    /// A submitted statement and the shape it was asked with. A class, not a tuple: a task of a value tuple over
    /// <see cref="ResultShape"/> is framework code JIT-compiled on a cold start (#17).
    /// </summary>
    private sealed record Submitted(StatementResponse Response, ResultShape Shape);
}
