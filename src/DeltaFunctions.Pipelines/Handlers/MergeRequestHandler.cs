using System.Text.Json;
using DeltaFunctions.Databricks;
using DeltaFunctions.Databricks.Delta;
using DeltaFunctions.Databricks.Schema;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Pipelines.Merge;
using DeltaFunctions.Pipelines.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeltaFunctions.Pipelines.Handlers;

/// <summary>
/// Carries out a <see cref="MergeRequest"/> from a Service Bus message or an HTTP body, shared by both triggers. The
/// outcome is always a <see cref="HandlerOutcome{TResult}"/>; only cancellation of the caller's token escapes.
/// </summary>
/// <remarks>
/// <para>
/// <b>The client does the work.</b> The MERGE is built and run by the client library's
/// <see cref="DeltaClient.Merge(string)"/> (<see cref="MergeBuilder"/>): the duplicate-key preflight, staging of
/// large batches (<see cref="RequestHandlerOptions.StagingVolumePath"/>), the re-runs after a Delta concurrency
/// conflict with backoff (<see cref="RequestHandlerOptions.MaxConflictRetries"/>) and the typed metrics are the
/// client's. The target's columns are read with the client's <see cref="Databricks.Schema.SchemaClient"/> (Unity
/// Catalog). The handler only turns the request into builder calls and every failure into an outcome.
/// </para>
/// <para>
/// <b>Idempotency.</b> A redelivered message never applies its rows twice. An upsert is a <c>MERGE … ON</c> the key
/// columns, so applying the same rows again matches the rows written the first time and rewrites them with the same
/// values (or deletes what is already deleted). An append is made idempotent by its batch id (the request's
/// <c>batchId</c>, else the message id) with <see cref="MergeBuilder.AsIdempotentAppend"/>: every row gets the batch id
/// in the column named by <see cref="RequestHandlerOptions.AppendBatchIdColumn"/> (default <c>_batch_id</c>) and only
/// a batch the table does not hold yet is inserted, so a repeat inserts nothing and the result says
/// <see cref="MergeRequestResult.AlreadyApplied"/>. Delta's <c>txn</c> action (application id + version) would do
/// the same without a column, but the SQL Statement Execution API cannot set it, so the batch column it is. A staged
/// source file of an append must not carry the batch column itself.
/// </para>
/// <para>
/// <b>Rows.</b> Inline rows are checked against the target's columns: values must fit the column type; a field the
/// table lacks is an error unless <c>schemaEvolution</c> is set; a column the row omits is NULL. Rows go to Databricks
/// as one bound JSON parameter (or a staged file), never pasted into the SQL.
/// </para>
/// <para>
/// <b>Failures.</b> Validation problems and permanent Databricks refusals are <see cref="HandlerOutcome{TResult}.Invalid"/>
/// (dead-letter); throttling, unavailability, timeouts and Delta concurrency conflicts that outlast the client's
/// re-runs are <see cref="HandlerOutcome{TResult}.Transient"/> (abandon / 503).
/// </para>
/// </remarks>
public class MergeRequestHandler
{
    private readonly DatabricksClient _databricks = null!;
    private readonly RequestHandlerOptions _options = null!;
    private readonly ILogger _logger = NullLogger.Instance;

    /// <summary>Creates the handler.</summary>
    /// <param name="databricks">The client whose schema manager reads the target and whose Delta client runs the MERGE.</param>
    /// <param name="options">Settings; defaults when null.</param>
    /// <param name="logger">The logger; none when null.</param>
    public MergeRequestHandler(DatabricksClient databricks, RequestHandlerOptions? options = null, ILogger<MergeRequestHandler>? logger = null)
    {
        _databricks = databricks ?? throw new ArgumentNullException(nameof(databricks));
        _options = options ?? new RequestHandlerOptions();
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>For mocking only.</summary>
    protected MergeRequestHandler()
    {
    }

    /// <summary>Parses, validates and applies a merge request.</summary>
    /// <param name="body">The UTF-8 JSON message or request body.</param>
    /// <param name="requestId">The Service Bus message id or HTTP request id; an append without <c>batchId</c> uses it as its batch id.</param>
    /// <param name="cancellationToken">Cancels the work; the cancellation propagates.</param>
    /// <returns>Done with the MERGE metrics, Invalid, or Transient.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public virtual async Task<HandlerOutcome<MergeRequestResult>> HandleAsync(
        ReadOnlyMemory<byte> body, string requestId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        var parsed = PipelineRequestParser.ParseMergeRequest(body);
        if (!parsed.IsValid)
        {
            Log.MergeRejected(_logger, requestId, parsed.Validation.Problems.Count);
            return InvalidRequest(requestId, HandlerReasons.InvalidRequest, parsed.Validation.Problems);
        }

        HandlerOutcome<MergeRequestResult> outcome;
        try
        {
            outcome = await ApplyAsync(parsed.Value, requestId, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Every failure becomes a typed outcome; only the caller's cancellation propagates.
        catch (Exception e)
#pragma warning restore CA1031
        {
            outcome = FailureClassifier.Classify<MergeRequestResult>(requestId, e, _options);
        }

        LogOutcome(outcome);
        return outcome;
    }

    internal static HandlerOutcome<MergeRequestResult> InvalidRequest(string requestId, string reason, IReadOnlyList<ValidationProblem> problems) =>
        new HandlerOutcome<MergeRequestResult>.Invalid(requestId, reason, HandlerReasons.Describe(problems), problems);

    private async Task<HandlerOutcome<MergeRequestResult>> ApplyAsync(MergeRequest request, string requestId, CancellationToken cancellationToken)
    {
        // The parser validated the name already.
        var name = TableName.TryParse(request.TargetTable, out var parsed, out _) ? parsed : throw new InvalidOperationException("The target table was not validated.");
        var problems = new ProblemCollector();
        string? batchId = null;
        if (request.Mode == MergeMode.Append)
        {
            batchId = request.BatchId ?? requestId;
            ValidationRules.Token(problems, request.BatchId is null ? "$messageId" : "batchId", batchId, 128, "-_.:");
        }

        if (problems.Count > 0)
        {
            return InvalidRequest(requestId, HandlerReasons.InvalidRequest, problems.ToResult().Problems);
        }

        var schema = await _databricks.GetSchemaClient().GetSchemaAsync(name, cancellationToken).ConfigureAwait(false);
        var targetColumns = schema.Columns;
        var merge = _databricks.GetDeltaClient(name.Catalog, name.Schema, DeltaOptions())
            .Merge(name.Table)
            .WithSchemaEvolution(request.SchemaEvolution);

        var batchColumn = _options.AppendBatchIdColumn;
        if (batchId is not null && schema.Find(batchColumn) is null)
        {
            // Schema evolution cannot add it: the MERGE's join reads the column before any column is added.
            problems.Add("targetTable", ValidationCodes.InvalidValue,
                $"an append records its batch id in a STRING column '{batchColumn}', which {request.TargetTable} lacks; add it to the table");
        }

        if (request.Rows is { } rows)
        {
            var (columns, values) = BuildRows(rows, targetColumns, request.SchemaEvolution, batchId is null ? null : batchColumn, problems);
            if (problems.Count == 0)
            {
                merge.UsingRows<IReadOnlyDictionary<string, object?>>(values, columns);
            }
        }
        else
        {
            // Databricks reads staged files with read_files(path, format => …); both are bound by the builder.
            merge.UsingFiles(request.SourcePath!, (request.SourceFormat ?? SourceFileFormat.Parquet).ToString().ToLowerInvariant());
        }

        if (request.Mode == MergeMode.Upsert)
        {
            AddUpsertClauses(merge, request, targetColumns, problems);
        }
        else
        {
            merge.AsIdempotentAppend(batchColumn, batchId!);
        }

        if (problems.Count > 0)
        {
            return InvalidRequest(requestId, HandlerReasons.IncompatibleRows, problems.ToResult().Problems);
        }

        if (request.DryRun)
        {
            merge.WithDryRun();
        }

        var result = await merge.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        return new HandlerOutcome<MergeRequestResult>.Done(requestId, new MergeRequestResult
        {
            TargetTable = request.TargetTable,
            Mode = request.Mode,
            BatchId = batchId,
            SourceRows = request.Rows?.Count,
            RowsInserted = result.NumInsertedRows,
            RowsUpdated = result.NumUpdatedRows,
            RowsDeleted = result.NumDeletedRows,
            RowsAffected = result.NumAffectedRows,
            AlreadyApplied = !result.IsDryRun && request.Mode == MergeMode.Append && result.NumInsertedRows == 0 && request.Rows is not { Count: 0 },
            DryRun = result.IsDryRun,
            DryRunStatements = DryRunStatement.From(result),
        });
    }

    private DeltaClientOptions DeltaOptions() => new()
    {
        WarehouseId = _options.WarehouseId,
        RowEncoding = _options.RowEncoding,
        StagingVolumePath = string.IsNullOrWhiteSpace(_options.StagingVolumePath) ? null : _options.StagingVolumePath,
        StatementTimeout = _options.StatementTimeout,
        MaxConflictRetries = _options.MaxConflictRetries,
    };

    private static void AddUpsertClauses(MergeBuilder merge, MergeRequest request, IReadOnlyList<SchemaColumn> target, ProblemCollector problems)
    {
        var keys = request.Keys!;
        var resolved = new string[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            var column = target.FirstOrDefault(c => string.Equals(c.Name, keys[i], StringComparison.OrdinalIgnoreCase));
            if (column is null)
            {
                problems.Add(ProblemCollector.Index("keys", i), ValidationCodes.InvalidValue, $"the target table has no column '{keys[i]}'");
            }

            resolved[i] = column?.Name ?? keys[i];
        }

        if (problems.Count > 0)
        {
            return;
        }

        merge.On(resolved);
        var clauses = request.Clauses ?? new MergeClauses();
        if (clauses.DeleteWhen is { } delete)
        {
            merge.WhenMatchedDelete(SqlFilter.Equal(ColumnRef.Source(delete.Column), ToPlainValue(delete.Value)));
        }

        switch (clauses.Update)
        {
            case MergeUpdateMode.All:
                merge.WhenMatchedUpdateAll();
                break;
            case MergeUpdateMode.Columns:
                merge.WhenMatchedUpdate([.. clauses.UpdateColumns!]);
                break;
            case MergeUpdateMode.None:
                break;
        }

        if (clauses.EffectiveInsert)
        {
            merge.WhenNotMatchedInsertAll();
        }
    }

    private static (IReadOnlyList<SchemaColumn> Columns, List<IReadOnlyDictionary<string, object?>> Rows) BuildRows(
        IReadOnlyList<JsonElement> rows,
        IReadOnlyList<SchemaColumn> target,
        bool schemaEvolution,
        string? batchColumn,
        ProblemCollector problems)
    {
        // An append's batch column is left out: the builder's idempotent append adds it with the batch id.
        var columns = target.Where(c => batchColumn is null || !string.Equals(c.Name, batchColumn, StringComparison.OrdinalIgnoreCase)).ToList();
        var byName = columns.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        var values = new List<IReadOnlyDictionary<string, object?>>(rows.Count);

        for (var r = 0; r < rows.Count; r++)
        {
            var rowPath = ProblemCollector.Index("rows", r);
            var row = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            foreach (var field in rows[r].EnumerateObject())
            {
                var path = ProblemCollector.Property(rowPath, field.Name);
                if (batchColumn is not null && string.Equals(field.Name, batchColumn, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add(path, ValidationCodes.Conflict, $"'{batchColumn}' is set by the handler to the batch id");
                    continue;
                }

                if (!byName.TryGetValue(field.Name, out var column))
                {
                    if (!schemaEvolution)
                    {
                        problems.Add(path, ValidationCodes.UnknownField, "the target table has no such column; set schemaEvolution to add it");
                        continue;
                    }

                    column = new SchemaColumn(field.Name, InferType(field.Value));
                    columns.Add(column);
                    byName[field.Name] = column;
                }

                if (TryConvert(field.Value, column.Type, out var value, out var error))
                {
                    row[column.Name] = value;
                }
                else
                {
                    problems.Add(path, ValidationCodes.WrongType, $"{error} for column '{column.Name}' {column.Type}");
                }
            }

            values.Add(row);
        }

        return (columns, values);
    }

    private static SqlType InferType(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt64(out _) => SqlType.Long,
        JsonValueKind.Number => SqlType.Double,
        JsonValueKind.True or JsonValueKind.False => SqlType.Boolean,
        _ => SqlType.String,
    };

    private static bool TryConvert(JsonElement value, SqlType type, out object? result, out string? error)
    {
        result = null;
        error = null;
        if (value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (type.IsInteger)
        {
            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var integer))
            {
                result = integer;
                return true;
            }

            error = "expected a whole number";
            return false;
        }

        if (type.Name == SqlTypeName.Decimal || type.Name == SqlTypeName.Double || type.Name == SqlTypeName.Float)
        {
            if (value.ValueKind == JsonValueKind.Number)
            {
                result = type.Name == SqlTypeName.Decimal && value.TryGetDecimal(out var dec) ? dec : value.GetDouble();
                return true;
            }

            error = "expected a number";
            return false;
        }

        if (type.Name == SqlTypeName.Boolean)
        {
            if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                result = value.GetBoolean();
                return true;
            }

            error = "expected true or false";
            return false;
        }

        if (type.IsComplex)
        {
            result = ToPlainValue(value);
            return true;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            result = value.GetString();
            return true;
        }

        error = "expected a string";
        return false;
    }

    private static object? ToPlainValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number when value.TryGetInt64(out var integer) => integer,
        JsonValueKind.Number when value.TryGetDecimal(out var dec) => dec,
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Object => value.EnumerateObject().ToDictionary(p => p.Name, p => ToPlainValue(p.Value), StringComparer.Ordinal),
        JsonValueKind.Array => value.EnumerateArray().Select(ToPlainValue).ToList(),
        _ => null,
    };

    private void LogOutcome(HandlerOutcome<MergeRequestResult> outcome)
    {
        switch (outcome)
        {
            case HandlerOutcome<MergeRequestResult>.Done done:
                Log.MergeDone(_logger, done.RequestId, done.Result.TargetTable, done.Result.RowsInserted, done.Result.RowsUpdated, done.Result.RowsDeleted, done.Result.AlreadyApplied);
                break;
            case HandlerOutcome<MergeRequestResult>.Invalid invalid:
                Log.RequestInvalid(_logger, invalid.RequestId, invalid.Reason, invalid.Problems.Count);
                break;
            case HandlerOutcome<MergeRequestResult>.Transient transient:
                Log.RequestTransient(_logger, transient.RequestId, transient.Reason, transient.RetryAfter.TotalSeconds);
                break;
        }
    }
}
