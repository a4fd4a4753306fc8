using System.Globalization;
using System.Runtime.CompilerServices;
using Apache.Arrow;
using DeltaFunctions.Databricks.Http;
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

    private readonly DatabricksApiClient _api = null!;
    private readonly string? _defaultWarehouse;
    private readonly TimeProvider _time = null!;
    private readonly ILogger _logger = null!;
    private readonly SqlTelemetry _telemetry = null!;
    private readonly ExternalLinkDownloader _downloader = null!;

    internal SqlClient(DatabricksApiClient api, string? defaultWarehouse, TimeProvider time, ILogger logger, SqlTelemetry telemetry, HttpClient externalLinks)
    {
        _api = api;
        _defaultWarehouse = defaultWarehouse;
        _time = time;
        _logger = logger;
        _telemetry = telemetry;
        _downloader = new ExternalLinkDownloader(externalLinks, this, time, logger);
    }

    /// <summary>For mocking only.</summary>
    protected SqlClient()
    {
    }

    /// <summary>
    /// Runs a statement and waits for it to finish: the server waits up to <see cref="SqlExecuteOptions.WaitTimeout"/>,
    /// then the client polls with backoff. Cancelling the token cancels the statement. REST:
    /// <c>POST /api/2.0/sql/statements</c> then <c>GET /api/2.0/sql/statements/{id}</c>.
    /// </summary>
    /// <param name="statement">The statement and its parameters.</param>
    /// <param name="options">How to run it; null for defaults (JSON_ARRAY, INLINE with automatic fallback).</param>
    /// <param name="cancellationToken">Cancels the wait and the statement.</param>
    /// <returns>The succeeded response with manifest and first chunk.</returns>
    /// <exception cref="SqlStatementException">The statement failed, was cancelled or closed.</exception>
    /// <exception cref="DatabricksException">The request failed.</exception>
    public virtual async Task<StatementResponse> ExecuteAsync(
        SqlStatement statement, SqlExecuteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statement);
        options ??= new SqlExecuteOptions();
        var format = options.Format ?? ResultFormat.JsonArray;
        var disposition = options.Disposition ?? (format == ResultFormat.JsonArray ? ResultDisposition.Inline : ResultDisposition.ExternalLinks);
        try
        {
            return await RunAsync(statement, options, format, disposition, cancellationToken).ConfigureAwait(false);
        }
        catch (DatabricksException e) when (options.Disposition is null && disposition == ResultDisposition.Inline
            && SqlStatementException.IsInlineLimitMessage(e.Message))
        {
            Log.InlineLimitRetry(_logger, (e as SqlStatementException)?.StatementId ?? "-");
            return await RunAsync(statement, options, format, ResultDisposition.ExternalLinks, cancellationToken).ConfigureAwait(false);
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
    public virtual async Task<SqlStatementOperation> StartAsync(
        SqlStatement statement, SqlExecuteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statement);
        options ??= new SqlExecuteOptions();
        var format = options.Format ?? ResultFormat.JsonArray;
        var disposition = options.Disposition ?? (format == ResultFormat.JsonArray ? ResultDisposition.Inline : ResultDisposition.ExternalLinks);
        var started = _time.GetTimestamp();
        var response = await SubmitAsync(statement, options with { WaitTimeout = TimeSpan.Zero }, format, disposition, cancellationToken).ConfigureAwait(false);
        return new SqlStatementOperation(this, response, options, started);
    }

    /// <summary>Gets a statement's status, manifest and first chunk. REST: <c>GET /api/2.0/sql/statements/{id}</c>.</summary>
    /// <param name="statementId">The statement id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    public virtual Task<StatementResponse> GetStatementAsync(string statementId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(statementId);
        return _api.GetAsync($"{StatementsPath}/{Uri.EscapeDataString(statementId)}", null, DatabricksSqlJsonContext.Default.StatementResponse, cancellationToken);
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
    public virtual Task<ResultChunk> FetchChunkAsync(string statementId, int chunkIndex, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(statementId);
        ArgumentOutOfRangeException.ThrowIfNegative(chunkIndex);
        return _api.GetAsync(
            $"{StatementsPath}/{Uri.EscapeDataString(statementId)}/result/chunks/{chunkIndex.ToString(CultureInfo.InvariantCulture)}",
            null,
            DatabricksSqlJsonContext.Default.ResultChunk,
            cancellationToken);
    }

    /// <summary>
    /// Runs a query and streams its result as Arrow record batches, chunk by chunk with the next chunk prefetched, so
    /// memory stays bounded by about two chunks. ARROW_STREAM batches are returned as sent. Default format
    /// ARROW_STREAM with EXTERNAL_LINKS; a JSON_ARRAY result has no batches (read it with <see cref="QueryAsync"/>).
    /// </summary>
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
    public virtual async IAsyncEnumerable<SqlRow> QueryAsync(
        SqlStatement statement, SqlExecuteOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options = options is { Format: not null } ? options : (options ?? new SqlExecuteOptions()) with { Format = ResultFormat.ArrowStream };
        var response = await ExecuteAsync(statement, options, cancellationToken).ConfigureAwait(false);
        await foreach (var row in ReadRowsAsync(response, cancellationToken).ConfigureAwait(false))
        {
            yield return row;
        }
    }

    /// <summary>
    /// Streams the rows of a statement that already succeeded, for example one started with <see cref="StartAsync"/>
    /// and finished with <see cref="SqlStatementOperation.WaitForCompletionAsync"/>: chunk by chunk with the next chunk
    /// prefetched, values typed from the manifest. REST: <c>GET /api/2.0/sql/statements/{id}/result/chunks/{n}</c> and
    /// the external links.
    /// </summary>
    /// <param name="response">The succeeded statement.</param>
    /// <param name="cancellationToken">Cancels the stream.</param>
    /// <returns>The rows.</returns>
    /// <exception cref="InvalidOperationException">The statement has not succeeded.</exception>
    public virtual async IAsyncEnumerable<SqlRow> ReadRowsAsync(StatementResponse response, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var schema = ResultSchemaOf(response);
        await foreach (var chunk in ReadChunksAsync(response, cancellationToken).ConfigureAwait(false))
        {
            foreach (var row in chunk.ToRows(schema))
            {
                yield return row;
            }
        }
    }

    /// <summary>
    /// Streams the Arrow record batches of an ARROW_STREAM statement that already succeeded (see
    /// <see cref="ReadRowsAsync"/>).
    /// </summary>
    /// <param name="response">The succeeded statement.</param>
    /// <param name="cancellationToken">Cancels the stream.</param>
    /// <returns>The batches.</returns>
    /// <exception cref="InvalidOperationException">The statement has not succeeded, or its format is JSON_ARRAY.</exception>
    public virtual async IAsyncEnumerable<RecordBatch> ReadBatchesAsync(StatementResponse response, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var schema = ResultSchemaOf(response);
        await foreach (var chunk in ReadChunksAsync(response, cancellationToken).ConfigureAwait(false))
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
    public virtual async IAsyncEnumerable<T> ReadAsync<T>(
        SqlStatement statement, SqlExecuteOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Func<object?[], T>? map = null;
        await foreach (var row in QueryAsync(statement, options, cancellationToken).ConfigureAwait(false))
        {
            map ??= RowMapper<T>.For(row.Schema);
            yield return map(row.Values);
        }
    }

    /// <summary>Reads every chunk of a succeeded statement, prefetching the next while the current is consumed.</summary>
    internal async IAsyncEnumerable<DecodedChunk> ReadChunksAsync(StatementResponse response, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var manifest = response.Manifest;
        if (manifest is null || manifest.TotalChunkCount == 0 && response.Result?.DataArray is null)
        {
            yield break;
        }

        var format = manifest.Format.Value is null ? ResultFormat.JsonArray : manifest.Format;
        var first = response.Result is { } result && (result.DataArray is not null || result.ExternalLinks is not null || result.Attachment is not null)
            ? result
            : await FetchChunkAsync(response.StatementId, 0, cancellationToken).ConfigureAwait(false);
        using var prefetchCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var current = _downloader.DecodeAsync(response.StatementId, first, format, prefetchCancel.Token);
        try
        {
            while (current is not null)
            {
                var decoded = await current.ConfigureAwait(false);
                current = null;
                var next = decoded.NextChunkIndex;
                if (next is { } index)
                {
                    current = FetchAndDecodeAsync(response.StatementId, index, format, prefetchCancel.Token);
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

    internal static bool IsTerminal(StatementState state) =>
        state == StatementState.Succeeded || state == StatementState.Failed || state == StatementState.Canceled || state == StatementState.Closed;

    internal async Task<StatementResponse> WaitAsync(StatementResponse response, SqlExecuteOptions options, long started, CancellationToken cancellationToken)
    {
        using var timeout = options.Timeout is { } limit ? new CancellationTokenSource(limit, _time) : null;
        using var linked = timeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var token = linked?.Token ?? cancellationToken;
        var delay = options.PollInterval <= TimeSpan.Zero ? TimeSpan.FromMilliseconds(100) : options.PollInterval;
        try
        {
            while (!IsTerminal(response.Status.State))
            {
                await Task.Delay(delay, _time, token).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, Math.Max(options.MaxPollInterval.Ticks, delay.Ticks)));
                response = await GetStatementAsync(response.StatementId, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            await CancelQuietlyAsync(response.StatementId).ConfigureAwait(false);
            _telemetry.QueryFinished(_time.GetElapsedTime(started), "CANCELED");
            if (timeout?.IsCancellationRequested == true && !cancellationToken.IsCancellationRequested)
            {
                throw new SqlStatementException(
                    response.StatementId,
                    new StatementStatus
                    {
                        State = StatementState.Canceled,
                        Error = new StatementError { ErrorCode = "DEADLINE_EXCEEDED", Message = $"The statement did not finish within {options.Timeout} and was cancelled." },
                    });
            }

            throw;
        }

        _telemetry.QueryFinished(_time.GetElapsedTime(started), response.Status.State.Value);
        if (response.Status.State != StatementState.Succeeded)
        {
            Log.StatementFailed(_logger, response.StatementId, response.Status.State.Value, response.Status.SqlState);
            throw new SqlStatementException(response.StatementId, response.Status);
        }

        return response;
    }

    private async Task<DecodedChunk> FetchAndDecodeAsync(string statementId, int index, ResultFormat format, CancellationToken cancellationToken)
    {
        var chunk = await FetchChunkAsync(statementId, index, cancellationToken).ConfigureAwait(false);
        return await _downloader.DecodeAsync(statementId, chunk, format, cancellationToken).ConfigureAwait(false);
    }

    private async Task<StatementResponse> RunAsync(
        SqlStatement statement, SqlExecuteOptions options, ResultFormat format, ResultDisposition disposition, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var response = await SubmitAsync(statement, options, format, disposition, cancellationToken).ConfigureAwait(false);
        return await WaitAsync(response, options, started, cancellationToken).ConfigureAwait(false);
    }

    private async Task<StatementResponse> SubmitAsync(
        SqlStatement statement, SqlExecuteOptions options, ResultFormat format, ResultDisposition disposition, CancellationToken cancellationToken)
    {
        var warehouse = options.WarehouseId ?? _defaultWarehouse
            ?? throw new InvalidOperationException("No SQL warehouse: set SqlExecuteOptions.WarehouseId or DatabricksClientOptions.WarehouseId (key Databricks:WarehouseId).");
        var wait = options.WaitTimeout;
        var seconds = wait <= TimeSpan.Zero ? 0 : (int)Math.Clamp(Math.Ceiling(wait.TotalSeconds), 5, 50);
        var request = new ExecuteStatementRequest
        {
            Statement = statement.Text,
            WarehouseId = warehouse,
            Catalog = options.Catalog,
            Schema = options.Schema,
            Parameters = statement.Parameters.Count == 0 ? null : statement.Parameters,
            WaitTimeout = seconds.ToString(CultureInfo.InvariantCulture) + "s",
            OnWaitTimeout = options.OnWaitTimeout,
            Disposition = disposition,
            Format = format,
            RowLimit = options.RowLimit,
            ByteLimit = options.ByteLimit,
        };

        // Not idempotent: a retried POST after an unproven failure could run the statement twice (for example an
        // INSERT); the seam only resends when the failure proves the first send was not processed.
        // The POST itself is not cancelled with the caller's token: the server may already run the statement while it
        // waits up to wait_timeout, and only its answer carries the id needed to cancel it. The caller stops waiting at
        // once; the answer is awaited in the background and the statement cancelled (SubmittedAfterCancelAsync).
        cancellationToken.ThrowIfCancellationRequested();
        var send = _api.SendAsync(
            HttpMethod.Post,
            StatementsPath,
            request,
            DatabricksSqlJsonContext.Default.ExecuteStatementRequest,
            DatabricksSqlJsonContext.Default.StatementResponse,
            RequestSafety.NotIdempotent,
            CancellationToken.None);
        StatementResponse response;
        try
        {
            response = await send.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _ = CancelWhenSubmittedAsync(send);
            throw;
        }

        Log.StatementSubmitted(_logger, response.StatementId, response.Status.State.Value, disposition.Value, format.Value);
        return response;
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

    private async Task CancelQuietlyAsync(string statementId)
    {
        try
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10), _time);
            await CancelAsync(statementId, cancel.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DatabricksException or OperationCanceledException or HttpRequestException)
        {
            Log.CancelFailed(_logger, statementId, e.GetType().Name);
        }
    }

    private static SqlResultSchema ResultSchemaOf(StatementResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Status.State != StatementState.Succeeded)
        {
            throw new InvalidOperationException(
                $"Statement {response.StatementId} is {response.Status.State}; only a SUCCEEDED statement has a result to read. Wait for it first.");
        }

        return new SqlResultSchema(response.Manifest?.Schema?.Columns ?? []);
    }
}
