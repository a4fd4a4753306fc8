using DeltaFunctions.Databricks.Catalog;
using DeltaFunctions.Databricks.Sql;
using Microsoft.Extensions.Logging;

namespace DeltaFunctions.Databricks.Schema;

/// <summary>
/// Reads table schemas from Unity Catalog, compares them with incoming schemas under Delta's rules, and evolves
/// tables with ALTER TABLE (adding columns, widening types, turning on type widening when needed). Get one from
/// <see cref="DatabricksClient.GetSchemaClient"/>. Unsealed with virtual members for mocking.
/// </summary>
public class SchemaClient
{
    private readonly CatalogClient _catalog = null!;
    private readonly SqlClient _sql = null!;
    private readonly SqlTelemetry _telemetry = null!;
    private readonly ILogger _logger = null!;

    internal SchemaClient(CatalogClient catalog, SqlClient sql, SqlTelemetry telemetry, ILogger logger)
    {
        _catalog = catalog;
        _sql = sql;
        _telemetry = telemetry;
        _logger = logger;
    }

    /// <summary>For mocking only.</summary>
    protected SchemaClient()
    {
    }

    /// <summary>
    /// Reads a table's columns (types parsed from <c>type_text</c>, nullability) and properties. REST:
    /// <c>GET /api/2.1/unity-catalog/tables/{full_name}</c>.
    /// </summary>
    /// <param name="table">The table.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The schema.</returns>
    /// <exception cref="DatabricksException">The table does not exist or the call failed.</exception>
    public virtual async Task<TableSchema> GetSchemaAsync(TableName table, CancellationToken cancellationToken = default)
    {
        var info = await _catalog.GetTableAsync(table, cancellationToken).ConfigureAwait(false);
        var columns = (info.Columns ?? [])
            .OrderBy(c => c.Position ?? int.MaxValue)
            .Select(c => new SchemaColumn(
                c.Name,
                SqlType.FromColumn(c.TypeName ?? new SqlTypeName(c.TypeText?.ToUpperInvariant() ?? "STRING"), c.TypeText, c.TypePrecision, c.TypeScale),
                c.Nullable ?? true))
            .ToList();
        return new TableSchema(columns, info.Properties);
    }

    /// <summary>Compares a source schema with a target (pure; see <see cref="SchemaCompatibility.Check"/>).</summary>
    /// <param name="source">The schema to write or wanted.</param>
    /// <param name="target">The table's schema.</param>
    /// <returns>The report and plan.</returns>
    public virtual SchemaCompatibilityReport CheckCompatibility(TableSchema source, TableSchema target) =>
        SchemaCompatibility.Check(source, target);

    /// <summary>
    /// Brings a table up to a source schema: reads it, checks compatibility, and runs the plan's ALTER TABLE
    /// statements in order (SET TBLPROPERTIES for type widening, ALTER COLUMN … TYPE, ADD COLUMNS). Running it again
    /// finds nothing to do.
    /// </summary>
    /// <param name="table">The table.</param>
    /// <param name="source">The schema wanted.</param>
    /// <param name="cancellationToken">Cancels the evolution between statements.</param>
    /// <returns>
    /// The report that was applied; under dry run (<see cref="DatabricksClientOptions.DryRun"/>) nothing is altered and
    /// <see cref="SchemaCompatibilityReport.DryRunRequests"/> holds the ALTER statements that would have been sent.
    /// </returns>
    /// <exception cref="SchemaIncompatibleException">The schemas cannot be reconciled; nothing was changed.</exception>
    public virtual async Task<SchemaCompatibilityReport> EvolveSchemaAsync(TableName table, TableSchema source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(source);
        var target = await GetSchemaAsync(table, cancellationToken).ConfigureAwait(false);
        var report = CheckCompatibility(source, target);
        if (!report.IsCompatible)
        {
            throw new SchemaIncompatibleException(report);
        }

        if (report.RequiresNoChange)
        {
            return report;
        }

        var statements = report.ToAlterStatements(table).Select(SqlStatement.FromText).ToList();

        // The dry-run gate: the ALTER statements are known mutations, so under dry run none is sent and the report
        // says what would have been (reading the table's schema above is a read and ran).
        if (_sql.InterceptDryRun(statements[0], new SqlExecuteOptions(), knownMutation: true) is { } first)
        {
            return report with { DryRunRequests = [first, .. statements.Skip(1).Select(s => _sql.InterceptDryRun(s, new SqlExecuteOptions { DryRun = true }, knownMutation: true)!)] };
        }

        Log.SchemaEvolving(_logger, table.FullName, report.ColumnsToAdd.Count, report.TypesToWiden.Count);
        foreach (var statement in statements)
        {
            // DryRun = false: decided above; the SQL client must not treat the ALTER as unclassified text.
            await _sql.ExecuteAsync(statement, new SqlExecuteOptions { DryRun = false }, cancellationToken).ConfigureAwait(false);
        }

        _telemetry.DeltaOperation("evolve_schema", "succeeded");
        return report;
    }
}
