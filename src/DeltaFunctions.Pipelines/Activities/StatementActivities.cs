using System.Globalization;
using System.Text.Json;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Pipelines.Sql;

namespace DeltaFunctions.Pipelines.Activities;

/// <summary>
/// <see cref="IStatementActivities"/> over the Databricks <see cref="SqlClient"/>: start with <c>wait_timeout=0s</c>
/// (the client's <see cref="SqlClient.StartAsync"/>), read status and metrics, cancel. Plain class, no Functions types.
/// </summary>
/// <remarks>
/// Metrics are read from the succeeded statement's first result chunk (JSON_ARRAY, INLINE): a numeric column whose
/// name starts with <c>num</c> counts as a metric, and a <c>metrics</c> STRUCT column (OPTIMIZE's output, which
/// JSON_ARRAY renders as a JSON object) contributes each numeric field, e.g. <c>numFilesAdded</c> and
/// <c>numFilesRemoved</c>. Values of several rows are summed. VACUUM on Databricks returns only <c>path</c>, so its
/// <c>numDeletedFiles</c> appears only where the engine reports it in the rows.
/// </remarks>
public sealed class StatementActivities : IStatementActivities
{
    private readonly SqlClient _sql;

    /// <summary>Creates the activities over a SQL client.</summary>
    /// <param name="sql">The SQL client, from <c>DatabricksClient.GetSqlClient()</c>.</param>
    public StatementActivities(SqlClient sql) => _sql = sql ?? throw new ArgumentNullException(nameof(sql));

    /// <inheritdoc />
    public async Task<StatementHandle> StartStatementAsync(StartStatementInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var statement = new SqlStatement(input.Statement, [.. (input.Parameters ?? []).Select(ToParameter)]);
        var options = new SqlExecuteOptions
        {
            WarehouseId = input.WarehouseId,
            Format = ResultFormat.JsonArray,
            Disposition = ResultDisposition.Inline,
            WaitTimeout = TimeSpan.Zero,
        };
        var operation = await _sql.StartAsync(statement, options, cancellationToken).ConfigureAwait(false);
        return new StatementHandle { StatementId = operation.StatementId };
    }

    /// <inheritdoc />
    public async Task<StatementStatusSnapshot> GetStatementStatusAsync(StatementHandle input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var response = await _sql.GetStatementAsync(input.StatementId, cancellationToken).ConfigureAwait(false);
        return ToSnapshot(response);
    }

    /// <inheritdoc />
    public async Task<bool> CancelStatementAsync(StatementHandle input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await _sql.CancelAsync(input.StatementId, cancellationToken).ConfigureAwait(false);
        return true;
    }

    internal static StatementParameter ToParameter(SqlParameter parameter) =>
        new() { Name = parameter.Name, Value = parameter.Value, Type = parameter.Type };

    internal static StatementStatusSnapshot ToSnapshot(StatementResponse response)
    {
        var status = response.Status;
        var state = status.State.Value ?? "UNKNOWN";
        return new StatementStatusSnapshot
        {
            StatementId = response.StatementId,
            State = state,
            ErrorCode = status.Error?.ErrorCode,
            ErrorMessage = status.Error?.Message,
            SqlState = status.SqlState,
            Metrics = state == StatementState.Succeeded.Value ? ReadMetrics(response) : null,
        };
    }

    private static Dictionary<string, long>? ReadMetrics(StatementResponse response)
    {
        var columns = response.Manifest?.Schema?.Columns;
        var rows = response.Result?.DataArray;
        if (columns is null || rows is null)
        {
            return null;
        }

        var metrics = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            foreach (var column in columns)
            {
                var index = column.Position;
                if (index < 0 || index >= row.Count || row[index] is not { } text)
                {
                    continue;
                }

                if (column.Name.StartsWith("num", StringComparison.Ordinal)
                    && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
                {
                    Add(metrics, column.Name, number);
                }
                else if (string.Equals(column.Name, "metrics", StringComparison.OrdinalIgnoreCase))
                {
                    AddStructFields(metrics, text);
                }
            }
        }

        return metrics.Count == 0 ? null : metrics;
    }

    private static void AddStructFields(Dictionary<string, long> metrics, string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            foreach (var field in document.RootElement.EnumerateObject())
            {
                if (field.Value.ValueKind == JsonValueKind.Number && field.Value.TryGetInt64(out var number))
                {
                    Add(metrics, field.Name, number);
                }
                else if (field.Value.ValueKind == JsonValueKind.String
                    && long.TryParse(field.Value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
                {
                    Add(metrics, field.Name, parsed);
                }
            }
        }
        catch (JsonException)
        {
            // Not a JSON struct: the statement reported no readable metrics, which is not an error.
        }
    }

    private static void Add(Dictionary<string, long> metrics, string name, long value) =>
        metrics[name] = metrics.TryGetValue(name, out var existing) ? existing + value : value;
}
