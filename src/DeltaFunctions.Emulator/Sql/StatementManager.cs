using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using DeltaFunctions.Lakehouse;

namespace DeltaFunctions.Emulator.Sql;

/// <summary>Runs statements on the Lakehouse in the background and serves their state and chunks (reference §4).</summary>
internal sealed class StatementManager(LakehouseEngine engine, WarehouseRegistry warehouses, ExternalLinkStore links, EmulatorOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, StatementExecution> _statements = new(StringComparer.Ordinal);

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
        if (disposition is not ("INLINE" or "EXTERNAL_LINKS"))
        {
            throw ApiException.InvalidParameter($"Invalid disposition: {disposition}. Expected INLINE or EXTERNAL_LINKS.");
        }

        if (format is not ("JSON_ARRAY" or "ARROW_STREAM" or "CSV"))
        {
            throw ApiException.InvalidParameter($"Invalid format: {format}. Expected JSON_ARRAY, ARROW_STREAM or CSV.");
        }

        if (disposition == "INLINE" && format != "JSON_ARRAY")
        {
            throw ApiException.InvalidParameter($"The INLINE disposition only supports the JSON_ARRAY format, not {format}.");
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
        execution.Completion = Task.Run(() => RunAsync(execution), CancellationToken.None);
        return execution;
    }

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
            _statements.TryRemove(id, out _);
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
    }

    private static string NewStatementId()
    {
        var hex = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        return $"01f0{hex[4..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..32]}";
    }

    private async Task RunAsync(StatementExecution execution)
    {
        var cancellation = execution.Cancellation.Token;
        try
        {
            if (options.StatementQueueDelay > TimeSpan.Zero)
            {
                await Task.Delay(options.StatementQueueDelay, time, cancellation);
            }

            cancellation.ThrowIfCancellationRequested();
            execution.TryMoveTo("RUNNING");
            var parameters = execution.Request.Parameters?.Select(p => new LakehouseParameter(p.Name!, p.Value, p.Type)).ToList();
            var result = await engine.ExecuteAsync(execution.Request.Statement!, parameters, execution.Session, cancellation);
            cancellation.ThrowIfCancellationRequested();
            Complete(execution, result);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
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
    }

    /// <summary>
    /// The <c>error.error_code</c> of a SQL failure. Analysis and data errors come back as BAD_REQUEST; Delta
    /// transaction conflicts (SQLSTATE 2D521 / class 40) as ABORTED so callers know a retry may succeed. The reference
    /// marks the code for conflicts undocumented (§6.9); the SQLSTATE and message prefix are what matter.
    /// </summary>
    private static string ErrorCodeFor(string sqlState) =>
        sqlState.StartsWith("2D", StringComparison.Ordinal) || sqlState.StartsWith("40", StringComparison.Ordinal) ? "ABORTED" : "BAD_REQUEST";

    private void Complete(StatementExecution execution, LakehouseResult result)
    {
        var columns = result.Columns.Select((c, i) => SqlTypes.Describe(c.Name, i, c.TypeText)).ToList();
        IReadOnlyList<object?[]> rows = result.Rows;
        var truncated = false;
        if (execution.Request.RowLimit is { } rowLimit && rows.Count > rowLimit)
        {
            rows = [.. rows.Take((int)rowLimit)];
            truncated = true;
        }

        var byteLimit = execution.Request.ByteLimit;
        long totalSize = 0;
        var kept = new List<object?[]>(rows.Count);
        foreach (var row in rows)
        {
            var size = ResultEncoder.JsonRowSize(columns, row);
            if (byteLimit is { } limit && totalSize + size > limit)
            {
                truncated = true;
                break;
            }

            totalSize += size;
            kept.Add(row);
        }

        if (execution.Disposition == "INLINE" && totalSize > options.InlineResultByteLimit)
        {
            // Databricks fails INLINE results beyond 25 MiB and points at EXTERNAL_LINKS (reference §4.3).
            execution.Fail(
                "BAD_REQUEST",
                $"Inline byte limit exceeded. Statement produced more than {options.InlineResultByteLimit} bytes of inline data. "
                + "Please use disposition EXTERNAL_LINKS for large result sets.",
                null,
                time.GetUtcNow());
            return;
        }

        var chunkRows = Math.Max(1, options.ResultChunkRows);
        var chunks = new List<ChunkInfo>();
        var blobs = new List<byte[]>();
        for (var offset = 0; offset < kept.Count; offset += chunkRows)
        {
            var count = Math.Min(chunkRows, kept.Count - offset);
            var chunk = new ChunkInfo(chunks.Count, offset, count);
            if (execution.Disposition == "EXTERNAL_LINKS")
            {
                var blob = ResultEncoder.Encode(execution.Format, columns, kept.GetRange(offset, count), chunks.Count == 0);
                blobs.Add(blob);
                chunk = chunk with { ByteCount = blob.Length };
            }

            chunks.Add(chunk);
        }

        execution.Succeed(columns, kept, chunks, blobs, truncated, time.GetUtcNow());
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

        var external = execution.Disposition == "EXTERNAL_LINKS";
        var manifest = new ResultManifest
        {
            Format = execution.Format,
            Schema = new ResultSchema(execution.Columns.Count, execution.Columns),
            TotalChunkCount = execution.Chunks.Count,
            Chunks = execution.Chunks,
            TotalRowCount = execution.Rows.Count,
            TotalByteCount = external ? execution.ChunkBlobs.Sum(b => (long)b.Length) : null,
            Truncated = execution.Truncated,
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
        if (execution.Disposition == "INLINE")
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

    /// <summary>Gets the bytes behind an external link, or null when the statement or chunk is gone.</summary>
    public byte[]? Blob(string id, int index) =>
        _statements.TryGetValue(id, out var execution) && execution.State == "SUCCEEDED" && index >= 0 && index < execution.ChunkBlobs.Count
            ? execution.ChunkBlobs[index]
            : null;
}
