using System.Text;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Pipelines.Sql;
using DeltaFunctions.Pipelines.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeltaFunctions.Pipelines.Handlers;

/// <summary>
/// Runs a <see cref="SqlRequest"/> from a Service Bus message or an HTTP body, shared by both triggers, and shapes
/// the reply: small results inline, results over <see cref="RequestHandlerOptions.InlineRowLimit"/> rows or
/// <see cref="RequestHandlerOptions.InlineByteLimit"/> bytes (or of more than one chunk) referenced by statement id
/// and manifest summary. The outcome is always a <see cref="HandlerOutcome{TResult}"/>; only cancellation of the
/// caller's token escapes.
/// </summary>
/// <remarks>
/// The Statement Execution API has no idempotency token: a SQL request that is redelivered after a transient failure
/// runs again. Queries are safe to repeat; a request carrying DML should be written to be idempotent (a keyed MERGE)
/// or sent as a merge request.
/// </remarks>
public class SqlRequestHandler
{
    private readonly SqlClient _sql = null!;
    private readonly RequestHandlerOptions _options = null!;
    private readonly ILogger _logger = NullLogger.Instance;

    /// <summary>Creates the handler.</summary>
    /// <param name="sql">The SQL client.</param>
    /// <param name="options">Settings; defaults when null.</param>
    /// <param name="logger">The logger; none when null.</param>
    public SqlRequestHandler(SqlClient sql, RequestHandlerOptions? options = null, ILogger<SqlRequestHandler>? logger = null)
    {
        _sql = sql ?? throw new ArgumentNullException(nameof(sql));
        _options = options ?? new RequestHandlerOptions();
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>For mocking only.</summary>
    protected SqlRequestHandler()
    {
    }

    /// <summary>Parses, validates and runs a SQL request.</summary>
    /// <param name="body">The UTF-8 JSON message or request body.</param>
    /// <param name="requestId">The Service Bus message id or HTTP request id (the reply's correlation id).</param>
    /// <param name="cancellationToken">Cancels the work and the running statement; the cancellation propagates.</param>
    /// <returns>Done with the result (inline or referenced), Invalid, or Transient.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public virtual async Task<HandlerOutcome<SqlRequestResult>> HandleAsync(
        ReadOnlyMemory<byte> body, string requestId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        var parsed = PipelineRequestParser.ParseSqlRequest(body);
        if (!parsed.IsValid)
        {
            var problems = parsed.Validation.Problems;
            var invalid = new HandlerOutcome<SqlRequestResult>.Invalid(requestId, HandlerReasons.InvalidRequest, HandlerReasons.Describe(problems), problems);
            Log.RequestInvalid(_logger, requestId, invalid.Reason, problems.Count);
            return invalid;
        }

        try
        {
            var result = await RunAsync(parsed.Value, requestId, cancellationToken).ConfigureAwait(false);
            Log.SqlDone(_logger, requestId, result.StatementId, result.TotalRowCount, result.IsInline);
            return new HandlerOutcome<SqlRequestResult>.Done(requestId, result);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Every failure becomes a typed outcome; only the caller's cancellation propagates.
        catch (Exception e)
#pragma warning restore CA1031
        {
            var outcome = FailureClassifier.Classify<SqlRequestResult>(requestId, e, _options);
            switch (outcome)
            {
                case HandlerOutcome<SqlRequestResult>.Invalid invalid:
                    Log.RequestInvalid(_logger, requestId, invalid.Reason, invalid.Problems.Count);
                    break;
                case HandlerOutcome<SqlRequestResult>.Transient transient:
                    Log.RequestTransient(_logger, requestId, transient.Reason, transient.RetryAfter.TotalSeconds);
                    break;
            }

            return outcome;
        }
    }

    /// <summary>
    /// Reads one page of a referenced result: chunk 0 from the statement itself, later chunks from
    /// <c>/result/chunks/{index}</c>. For <c>GET /api/sql/{statementId}</c>.
    /// </summary>
    /// <param name="statementId">The statement id from <see cref="SqlResultReference.StatementId"/>.</param>
    /// <param name="chunkIndex">The page, from 0.</param>
    /// <param name="cancellationToken">Cancels the call; the cancellation propagates.</param>
    /// <returns>Done with the page, Invalid (unknown statement, no such page), or Transient.</returns>
    public virtual async Task<HandlerOutcome<SqlResultPage>> GetResultPageAsync(
        string statementId, int chunkIndex = 0, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(statementId);
        ArgumentOutOfRangeException.ThrowIfNegative(chunkIndex);
        try
        {
            ResultChunk? chunk;
            if (chunkIndex == 0)
            {
                var response = await _sql.GetStatementAsync(statementId, cancellationToken).ConfigureAwait(false);
                if (response.Status.State != StatementState.Succeeded)
                {
                    throw new SqlStatementException(statementId, response.Status);
                }

                chunk = response.Result;
            }
            else
            {
                chunk = await _sql.FetchChunkAsync(statementId, chunkIndex, cancellationToken).ConfigureAwait(false);
            }

            return new HandlerOutcome<SqlResultPage>.Done(statementId, new SqlResultPage
            {
                StatementId = statementId,
                ChunkIndex = chunk?.ChunkIndex ?? chunkIndex,
                RowOffset = chunk?.RowOffset ?? 0,
                Rows = chunk?.DataArray ?? [],
                NextChunkIndex = chunk?.NextChunkIndex,
            });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Every failure becomes a typed outcome; only the caller's cancellation propagates.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return FailureClassifier.Classify<SqlResultPage>(statementId, e, _options);
        }
    }

    private async Task<SqlRequestResult> RunAsync(SqlRequest request, string requestId, CancellationToken cancellationToken)
    {
        var statement = new SqlStatement(request.Statement, [.. (request.Parameters ?? []).Select(ToParameter)]);
        var options = new SqlExecuteOptions
        {
            WarehouseId = request.WarehouseId ?? _options.WarehouseId,
            Catalog = request.Catalog,
            Schema = request.Schema,
            RowLimit = request.RowLimit,
            Format = ResultFormat.JsonArray,
            Timeout = _options.StatementTimeout,
            DryRun = request.DryRun ? true : null,
        };
        var response = await _sql.ExecuteAsync(statement, options, cancellationToken).ConfigureAwait(false);
        if (response.IsDryRun)
        {
            return new SqlRequestResult
            {
                StatementId = response.StatementId,
                CorrelationId = requestId,
                ReplyTo = request.ReplyTo,
                Columns = [],
                Rows = [],
                DryRun = true,
                DryRunStatements = DryRunStatement.From(response),
            };
        }

        var manifest = response.Manifest;
        var columns = (manifest?.Schema?.Columns ?? []).OrderBy(c => c.Position).Select(c => new SqlResultColumn(c.Name, c.TypeText)).ToList();
        var rows = response.Result?.DataArray;
        var totalRows = manifest?.TotalRowCount ?? rows?.Count ?? 0;
        var inline = rows is not null
            && (manifest?.TotalChunkCount ?? 1) <= 1
            && totalRows <= _options.InlineRowLimit
            && (manifest?.TotalByteCount ?? InlineBytes(rows)) <= _options.InlineByteLimit;
        return new SqlRequestResult
        {
            StatementId = response.StatementId,
            CorrelationId = requestId,
            ReplyTo = request.ReplyTo,
            Columns = columns,
            TotalRowCount = totalRows,
            Truncated = manifest?.Truncated ?? false,
            Rows = inline ? rows ?? [] : null,
            Reference = inline ? null : new SqlResultReference
            {
                StatementId = response.StatementId,
                TotalRowCount = totalRows,
                TotalByteCount = manifest?.TotalByteCount,
                TotalChunkCount = manifest?.TotalChunkCount ?? 0,
                Truncated = manifest?.Truncated ?? false,
            },
        };
    }

    private static StatementParameter ToParameter(SqlParameter parameter) =>
        new() { Name = parameter.Name, Value = parameter.Value, Type = parameter.Type };

    private static long InlineBytes(IReadOnlyList<IReadOnlyList<string?>> rows)
    {
        long bytes = 0;
        foreach (var row in rows)
        {
            foreach (var value in row)
            {
                bytes += value is null ? 4 : Encoding.UTF8.GetByteCount(value) + 2;
            }
        }

        return bytes;
    }
}
