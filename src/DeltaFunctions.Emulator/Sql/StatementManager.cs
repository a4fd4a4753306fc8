using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using DeltaFunctions.Lakehouse;

namespace DeltaFunctions.Emulator.Sql;

/// <summary>Runs statements on the Lakehouse in the background and serves their state and chunks (reference §4).</summary>
internal sealed class StatementManager(LakehouseEngine engine, WarehouseRegistry warehouses, ExternalLinkStore links, EmulatorOptions options, TimeProvider time)
{
    /// <summary>The most query tags a statement keeps (reference §4.1).</summary>
    private const int MaxQueryTags = 20;

    private readonly ConcurrentDictionary<string, StatementExecution> _statements = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<EmulatorStatementSubmission> _submissions = new();

    /// <summary>Each warehouse's running slots (<see cref="EmulatorOptions.MaxRunningStatements"/>).</summary>
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _runSlots = new(StringComparer.Ordinal);
    private readonly string _resultsRoot = CleanResultsRoot(options);

    /// <summary>Gets the emulator's clock, which wait_timeout is measured on.</summary>
    public TimeProvider Time => time;

    public StatementExecution Submit(ExecuteStatementRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Statement))
        {
            throw ApiException.InvalidParameter("statement is required.");
        }

        if (request.Statement.Length > 16 * 1024 * 1024)
        {
            throw ApiException.InvalidParameter("statement is larger than the 16 MiB limit.");
        }

        if (string.IsNullOrEmpty(request.WarehouseId))
        {
            throw ApiException.InvalidParameter("warehouse_id is required.");
        }

        if (!warehouses.Exists(request.WarehouseId))
        {
            // [?] The reference does not give the body for an unknown warehouse; Databricks answers a 404 naming it.
            throw ApiException.NotFound("RESOURCE_DOES_NOT_EXIST", $"Warehouse {request.WarehouseId} does not exist.");
        }

        var disposition = request.Disposition ?? "INLINE";
        var format = request.Format ?? "JSON_ARRAY";
        var tags = KeptQueryTags(request.QueryTags);
        try
        {
            CheckResultShape(warehouses.Settings(request.WarehouseId), format, disposition, request.ResultCompression);
        }
        catch (ApiException refused)
        {
            Record(request, format, disposition, tags, statementId: null, refused.ErrorCode);
            throw;
        }

        if (request.OnWaitTimeout is { } onTimeout && onTimeout is not ("CONTINUE" or "CANCEL"))
        {
            throw ApiException.InvalidParameter($"Invalid on_wait_timeout: {onTimeout}. Expected CONTINUE or CANCEL.");
        }

        if (request.RowLimit is < 0 || request.ByteLimit is < 0)
        {
            throw ApiException.InvalidParameter("row_limit and byte_limit must not be negative.");
        }

        foreach (var parameter in request.Parameters ?? [])
        {
            if (string.IsNullOrEmpty(parameter.Name))
            {
                throw ApiException.InvalidParameter("Every parameter needs a name.");
            }

            if (parameter.Type is { } type && (type.StartsWith("ARRAY", StringComparison.OrdinalIgnoreCase)
                || type.StartsWith("MAP", StringComparison.OrdinalIgnoreCase) || type.StartsWith("STRUCT", StringComparison.OrdinalIgnoreCase)))
            {
                throw ApiException.InvalidParameter($"Parameter {parameter.Name} has type {type}; ARRAY, MAP and STRUCT parameters are not supported.");
            }
        }

        ParseWaitTimeout(request.WaitTimeout);

        // A stopped warehouse starts when a statement arrives.
        warehouses.Start(request.WarehouseId);
        var id = NewStatementId();
        var execution = new StatementExecution(id, request, format, disposition) { LastPolledAt = time.GetUtcNow() };
        _statements[id] = execution;
        Record(request, format, disposition, tags, id, errorCode: null);
        execution.Completion = Task.Run(() => RunAsync(execution), CancellationToken.None);
        return execution;
    }

    /// <summary>Gets every submission so far, oldest first, refused ones included.</summary>
    public IReadOnlyList<EmulatorStatementSubmission> Submissions => [.. _submissions];

    /// <summary>
    /// Refuses a disposition/format pair the warehouse's profile does not serve, with the status, error code and
    /// message Databricks answers (docs/databricks-notes.md, "SQL result shapes by warehouse type").
    /// </summary>
    private static void CheckResultShape(EmulatorWarehouse warehouse, string format, string disposition, string? compression)
    {
        if (disposition is not ("INLINE" or "EXTERNAL_LINKS" or "INLINE_OR_EXTERNAL_LINKS"))
        {
            throw ApiException.InvalidParameter($"Invalid disposition: {disposition}. Expected INLINE, EXTERNAL_LINKS or INLINE_OR_EXTERNAL_LINKS.");
        }

        if (format is not ("JSON_ARRAY" or "ARROW_STREAM" or "CSV"))
        {
            throw ApiException.InvalidParameter($"Invalid format: {format}. Expected JSON_ARRAY, ARROW_STREAM or CSV.");
        }

        if (compression is not (null or "NONE" or "LZ4_FRAME"))
        {
            throw ApiException.InvalidParameter($"Invalid result_compression: {compression}. Expected LZ4_FRAME or NONE.");
        }

        var serverless = warehouse.Profile == EmulatorWarehouseProfile.Serverless;
        switch (disposition)
        {
            case "INLINE" when serverless && format != "ARROW_STREAM":
                throw ApiException.InvalidParameter("Inline disposition only supports ARROW_STREAM format.");
            case "INLINE" when !serverless && format != "JSON_ARRAY":
                throw ApiException.InvalidParameter("Incompatible parameters: The format field must be JSON_ARRAY when the disposition field is INLINE.");
            case "EXTERNAL_LINKS" when serverless:
                throw new ApiException(501, "NOT_IMPLEMENTED", "ExternalLinks disposition is not yet implemented.");
            case "INLINE_OR_EXTERNAL_LINKS" when !warehouse.OffersInlineOrExternalLinks:
                // [?] Databricks enables the hybrid disposition per client; the body of its refusal is not documented.
                throw ApiException.InvalidParameter("Invalid disposition: INLINE_OR_EXTERNAL_LINKS is not enabled for this warehouse. Expected INLINE or EXTERNAL_LINKS.");
            case "INLINE_OR_EXTERNAL_LINKS" when format != "ARROW_STREAM":
                // [?] The hybrid disposition is only used with Arrow by Databricks' own drivers.
                throw ApiException.InvalidParameter("Incompatible parameters: The format field must be ARROW_STREAM when the disposition field is INLINE_OR_EXTERNAL_LINKS.");
        }
    }

    /// <summary>
    /// The query tags a statement keeps: the first 20 (reference §4.1, "≤20 kept"). A tag without a key is refused
    /// ([?] the reference gives no body; the key is what query history filters on).
    /// </summary>
    private static List<KeyValuePair<string, string?>> KeptQueryTags(IReadOnlyList<QueryTag>? tags)
    {
        var kept = new List<KeyValuePair<string, string?>>();
        foreach (var tag in tags ?? [])
        {
            if (string.IsNullOrWhiteSpace(tag?.Key))
            {
                throw ApiException.InvalidParameter("Every query tag needs a non-empty key.");
            }

            if (kept.Count < MaxQueryTags)
            {
                kept.Add(new(tag.Key, tag.Value));
            }
        }

        return kept;
    }

    private void Record(ExecuteStatementRequest request, string format, string disposition, List<KeyValuePair<string, string?>> tags, string? statementId, string? errorCode) =>
        _submissions.Enqueue(new EmulatorStatementSubmission
        {
            WarehouseId = request.WarehouseId,
            Format = format,
            Disposition = disposition,
            ResultCompression = request.ResultCompression,
            QueryTags = tags,
            StatementId = statementId,
            ErrorCode = errorCode,
        });

    /// <summary>Parses <c>wait_timeout</c>: <c>0s</c> or <c>5s</c>–<c>50s</c>, default <c>10s</c>.</summary>
    public static TimeSpan ParseWaitTimeout(string? value)
    {
        if (value is null)
        {
            return TimeSpan.FromSeconds(10);
        }

        if (value.EndsWith('s')
            && int.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            && (seconds == 0 || seconds is >= 5 and <= 50))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        throw ApiException.InvalidParameter(
            $"wait_timeout must be 0 seconds (disables wait), or between 5 seconds and 50 seconds; got {value}.");
    }

    /// <summary>How long a cancel request waits for the interrupted statement to end.</summary>
    private static readonly TimeSpan CancelSettleTime = TimeSpan.FromSeconds(5);

    public StatementExecution Get(string id)
    {
        if (!_statements.TryGetValue(id, out var execution))
        {
            // [?] Unknown statement ids: the reference gives no body; a 404 NOT_FOUND is what the SDKs would map.
            throw ApiException.NotFound("NOT_FOUND", $"Statement {id} was not found.");
        }

        var now = time.GetUtcNow();
        if (execution.IsTerminal && execution.FinishedAt + options.StatementRetention <= now)
        {
            // "After at least 12 hours in terminal state, the statement is removed ... and further calls will receive
            // an HTTP 404 response."
            if (_statements.TryRemove(id, out var removed))
            {
                removed.Close();
            }

            throw ApiException.NotFound("NOT_FOUND", $"Statement {id} was not found.");
        }

        if (!execution.IsTerminal && execution.LastPolledAt + options.StatementPollTimeout <= now)
        {
            // Not polled within the keep-alive: the statement is cancelled.
            execution.Cancellation.Cancel();
            execution.Cancel(now);
        }

        execution.LastPolledAt = now;
        if (execution.State == "SUCCEEDED" && execution.FinishedAt + options.ResultRetention <= now)
        {
            execution.Close();
        }

        return execution;
    }

    /// <summary>
    /// Cancels a statement: its DuckDB query is interrupted, and the answer waits (up to
    /// <see cref="CancelSettleTime"/>) until the statement reads CANCELED, so a client that polls right after sees
    /// the end. Databricks gives no such promise ("cancel may lose the race"); a statement that finishes first keeps
    /// its state.
    /// </summary>
    public async Task CancelAsync(string id)
    {
        var execution = Get(id);
        if (!execution.IsTerminal)
        {
            await execution.Cancellation.CancelAsync();
            await Task.WhenAny(execution.Completion, Task.Delay(CancelSettleTime, TimeProvider.System));
        }
    }

    public void Close(string id)
    {
        var execution = Get(id);
        if (!execution.IsTerminal)
        {
            execution.Cancellation.Cancel();
        }

        execution.Close();
    }

    /// <summary>Cancels every running statement and waits (briefly) for them to end; used when the emulator stops.</summary>
    public async Task StopAllAsync(TimeSpan grace)
    {
        var executions = _statements.Values.ToList();
        foreach (var execution in executions.Where(e => !e.IsTerminal))
        {
            await execution.Cancellation.CancelAsync();
        }

        await Jobs.JobsService.WhenAllWithin(executions.Select(e => e.Completion), grace);

        // Results do not outlive the emulator: every statement's chunk files go with it.
        foreach (var execution in executions)
        {
            execution.Close();
        }

        DeleteResults(_resultsRoot);
    }

    private static string NewStatementId()
    {
        var hex = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        return $"01f0{hex[4..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..32]}";
    }

    private async Task RunAsync(StatementExecution execution)
    {
        var cancellation = execution.Cancellation.Token;
        var slots = _runSlots.GetOrAdd(execution.Request.WarehouseId!, static (_, limit) => new SemaphoreSlim(limit), options.MaxRunningStatements);
        var running = false;
        try
        {
            if (options.StatementQueueDelay > TimeSpan.Zero)
            {
                await Task.Delay(options.StatementQueueDelay, time, cancellation);
            }

            // The warehouse is busy: the statement stays PENDING until one of its running statements ends.
            await slots.WaitAsync(cancellation);
            running = true;
            cancellation.ThrowIfCancellationRequested();
            execution.TryMoveTo("RUNNING");
            var parameters = execution.TakeParameters();
            await engine.ExecuteStreamingAsync(
                execution.Request.Statement!,
                result =>
                {
                    // A query's rows are still being produced, so a cancel stops them; any other statement has run to
                    // its end (what it wrote is committed), so its answer is written whatever a late cancel says.
                    Complete(execution, result.Columns, result.RowStream ?? result.Rows, result.RowStream is null ? CancellationToken.None : cancellation);
                    return true;
                },
                parameters,
                execution.Session,
                cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            execution.Cancel(time.GetUtcNow());
        }
        catch (LakehouseException e) when (e.SqlState == "HY008" && cancellation.IsCancellationRequested)
        {
            // DuckDB reports the interrupt a cancel sends as an error of the running query (OPERATION_CANCELED): the
            // statement ended because it was cancelled, not because it failed.
            execution.Cancel(time.GetUtcNow());
        }
        catch (LakehouseException e)
        {
            execution.Fail(ErrorCodeFor(e.SqlState), e.Message, e.SqlState, time.GetUtcNow());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            execution.Fail("INTERNAL_ERROR", e.Message, null, time.GetUtcNow());
        }
        finally
        {
            if (running)
            {
                slots.Release();
            }
        }
    }

    /// <summary>
    /// The <c>error.error_code</c> of a SQL failure. Analysis and data errors come back as BAD_REQUEST; Delta
    /// transaction conflicts (SQLSTATE 2D521 / class 40) as ABORTED so callers know a retry may succeed. The reference
    /// marks the code for conflicts undocumented (§6.9); the SQLSTATE and message prefix are what matter.
    /// </summary>
    private static string ErrorCodeFor(string sqlState) =>
        sqlState.StartsWith("2D", StringComparison.Ordinal) || sqlState.StartsWith("40", StringComparison.Ordinal) ? "ABORTED" : "BAD_REQUEST";

    /// <summary>
    /// Turns the rows into the statement's result as DuckDB produces them, one chunk at a time: Arrow, JSON and CSV
    /// chunks are encoded and written to files as each fills (so a result of any size holds one chunk of rows in
    /// memory), JSON_ARRAY rows for <c>data_array</c> are kept (the 25 MiB inline limit bounds them: a result that
    /// passes it fails at once, without reading the rest). <c>row_limit</c> and <c>byte_limit</c> stop reading early.
    /// </summary>
    private void Complete(StatementExecution execution, IReadOnlyList<LakehouseColumn> resultColumns, IEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        var columns = resultColumns.Select((c, i) => SqlTypes.Describe(c.Name, i, c.TypeText)).ToList();
        var request = execution.Request;
        var warehouse = warehouses.Settings(request.WarehouseId!);

        // The hybrid disposition starts inline and switches to links once the result passes the inline limit.
        var delivery = execution.Disposition switch
        {
            "EXTERNAL_LINKS" => ResultDelivery.ExternalLinks,
            "INLINE_OR_EXTERNAL_LINKS" => ResultDelivery.Attachment,
            _ when execution.Format == "JSON_ARRAY" => ResultDelivery.DataArray,
            _ => ResultDelivery.Attachment,
        };
        var canSwitchToLinks = execution.Disposition == "INLINE_OR_EXTERNAL_LINKS" && warehouse.Profile != EmulatorWarehouseProfile.Serverless;

        // Databricks compresses Arrow results only; the codec is ignored for JSON_ARRAY and CSV.
        var compressed = request.ResultCompression == "LZ4_FRAME" && execution.Format == "ARROW_STREAM";
        var chunkRows = Math.Max(1, options.ResultChunkRows);
        var chunks = new List<ChunkInfo>();
        var rawLengths = new List<long>();
        var kept = new List<object?[]>();
        var pending = new List<object?[]>();
        var files = delivery == ResultDelivery.DataArray ? null : new ResultChunkFiles(ResultDirectory(execution.Id));
        long totalSize = 0;
        long rowCount = 0;
        var truncated = false;
        try
        {
            foreach (var row in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (request.RowLimit is { } rowLimit && rowCount >= rowLimit)
                {
                    truncated = true;
                    break;
                }

                var size = ResultEncoder.JsonRowSize(columns, row);
                if (request.ByteLimit is { } byteLimit && totalSize + size > byteLimit)
                {
                    truncated = true;
                    break;
                }

                totalSize += size;
                rowCount++;
                if (delivery != ResultDelivery.ExternalLinks && totalSize > options.InlineResultByteLimit)
                {
                    if (!canSwitchToLinks)
                    {
                        // Databricks fails INLINE results beyond 25 MiB and points at EXTERNAL_LINKS (reference §4.3).
                        files?.Dispose();
                        execution.Fail(
                            "BAD_REQUEST",
                            $"Inline byte limit exceeded. Statement produced more than {options.InlineResultByteLimit} bytes of inline data. "
                            + "Please use disposition EXTERNAL_LINKS for large result sets.",
                            null,
                            time.GetUtcNow());
                        return;
                    }

                    delivery = ResultDelivery.ExternalLinks;
                }

                if (files is null)
                {
                    kept.Add(row);
                    continue;
                }

                pending.Add(row);
                if (pending.Count == chunkRows)
                {
                    WriteChunk();
                }
            }

            if (files is null)
            {
                for (var offset = 0; offset < kept.Count; offset += chunkRows)
                {
                    chunks.Add(new ChunkInfo(chunks.Count, offset, Math.Min(chunkRows, kept.Count - offset)));
                }
            }
            else if (pending.Count > 0)
            {
                WriteChunk();
            }

            // byte_count is the uncompressed size (reference §4.1); INLINE chunks report none.
            if (delivery == ResultDelivery.ExternalLinks)
            {
                for (var i = 0; i < chunks.Count; i++)
                {
                    chunks[i] = chunks[i] with { ByteCount = rawLengths[i] };
                }
            }

            if (!execution.Succeed(columns, kept, rowCount, chunks, files ?? ResultChunkFiles.None, delivery, compressed, truncated, time.GetUtcNow()))
            {
                files?.Dispose();
            }
        }
        catch
        {
            files?.Dispose();
            throw;
        }

        void WriteChunk()
        {
            var offset = rowCount - pending.Count;
            var blob = ResultEncoder.Encode(execution.Format, columns, pending, chunks.Count == 0);
            files!.Add(compressed ? ResultEncoder.Lz4Frame(blob) : blob);
            rawLengths.Add(blob.Length);
            chunks.Add(new ChunkInfo(chunks.Count, offset, pending.Count));
            pending.Clear();
        }
    }

    /// <summary>The folder of one statement's chunk files, in the emulator's own data beside (not under) the catalogs.</summary>
    private string ResultDirectory(string statementId) => Path.Combine(_resultsRoot, statementId);

    /// <summary>
    /// Gets the folder every statement's chunk files live under, emptied when the manager starts: results do not
    /// outlive the emulator (statements are not persisted), so files left by one that crashed are swept.
    /// </summary>
    private static string CleanResultsRoot(EmulatorOptions options)
    {
        var root = Path.Combine(Path.GetFullPath(options.DataDirectory), "_emulator", "results");
        DeleteResults(root);
        return root;
    }

    private static void DeleteResults(string root)
    {
        try
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A chunk still open for download; the next start sweeps it.
        }
    }

    /// <summary>Builds the submit/get answer: status only until SUCCEEDED, then manifest and the first chunk.</summary>
    public StatementResponse Describe(StatementExecution execution, string origin)
    {
        var status = new StatementStatus(execution.State) { Error = execution.Error, SqlState = execution.SqlState };
        var response = new StatementResponse(execution.Id, status);
        if (execution.State != "SUCCEEDED")
        {
            return response;
        }

        var external = execution.Delivery == ResultDelivery.ExternalLinks;
        var manifest = new ResultManifest
        {
            Format = execution.Format,
            Schema = new ResultSchema(execution.Columns.Count, execution.Columns),
            TotalChunkCount = execution.Chunks.Count,
            Chunks = execution.Chunks,
            TotalRowCount = execution.TotalRowCount,
            TotalByteCount = external ? execution.ChunkFiles.TotalLength : null,
            Truncated = execution.Truncated,
            ResultCompression = execution.Compressed ? "LZ4_FRAME" : null,
        };

        // [?] An empty result has no chunk to show, so the response carries the manifest alone.
        return response with { Manifest = manifest, Result = execution.Chunks.Count > 0 ? Chunk(execution, 0, origin) : null };
    }

    /// <summary>Builds one chunk: inline rows or a fresh external link.</summary>
    public ResultData Chunk(StatementExecution execution, int index, string origin)
    {
        if (execution.State != "SUCCEEDED")
        {
            // [?] The reference gives no body for chunks of unfinished or closed statements.
            throw new ApiException(400, "INVALID_STATE", $"Statement {execution.Id} is {execution.State}; results are only available for SUCCEEDED statements.");
        }

        if (index < 0 || index >= execution.Chunks.Count)
        {
            throw ApiException.InvalidParameter($"chunk_index {index} is out of range: the result has {execution.Chunks.Count} chunks.");
        }

        var chunk = execution.Chunks[index];
        int? next = index + 1 < execution.Chunks.Count ? index + 1 : null;
        var nextLink = next is { } n ? $"/api/2.0/sql/statements/{execution.Id}/result/chunks/{n}" : null;
        if (execution.Delivery == ResultDelivery.Attachment)
        {
            return new ResultData(index, chunk.RowOffset, chunk.RowCount)
            {
                Attachment = Convert.ToBase64String(execution.ChunkFiles.Read(index)),
                NextChunkIndex = next,
                NextChunkInternalLink = nextLink,
            };
        }

        if (execution.Delivery == ResultDelivery.DataArray)
        {
            var rows = execution.Rows.Skip((int)chunk.RowOffset).Take((int)chunk.RowCount).ToList();
            return new ResultData(index, chunk.RowOffset, chunk.RowCount)
            {
                DataArray = ResultEncoder.FormatRows(execution.Columns, rows),
                NextChunkIndex = next,
                NextChunkInternalLink = nextLink,
            };
        }

        var (url, expires) = links.Issue(execution.Id, index, origin);
        var link = new ExternalLink
        {
            ChunkIndex = index,
            RowOffset = chunk.RowOffset,
            RowCount = chunk.RowCount,
            ByteCount = chunk.ByteCount ?? 0,
            ExternalLinkUrl = url,
            Expiration = expires.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            NextChunkIndex = next,
            NextChunkInternalLink = nextLink,
        };
        return new ResultData(index, chunk.RowOffset, chunk.RowCount)
        {
            ByteCount = chunk.ByteCount,
            ExternalLinks = [link],
            NextChunkIndex = next,
            NextChunkInternalLink = nextLink,
        };
    }

    /// <summary>Opens the file behind an external link, or returns null when the statement or chunk is gone.</summary>
    public FileStream? OpenChunk(string id, int index) =>
        _statements.TryGetValue(id, out var execution) && execution.State == "SUCCEEDED" && execution.Delivery == ResultDelivery.ExternalLinks
            ? execution.ChunkFiles.Open(index)
            : null;
}
