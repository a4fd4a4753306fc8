using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks.Schema;

/// <summary>
/// The result of comparing a source schema (what is to be written, or the schema wanted) with a target table: the
/// columns to add, the types to widen and the incompatibilities. When compatible, <see cref="Apply"/> gives the
/// target after evolution and <see cref="ToAlterStatements"/> the ALTER TABLE statements that make it so.
/// </summary>
public sealed partial record SchemaCompatibilityReport
{
    /// <summary>Gets the columns the source has and the target lacks (added as nullable columns).</summary>
    public required IReadOnlyList<SchemaColumn> ColumnsToAdd { get; init; }

    /// <summary>Gets the columns whose target type must widen to the source's.</summary>
    public required IReadOnlyList<TypeChange> TypesToWiden { get; init; }

    /// <summary>Gets the columns that cannot be reconciled.</summary>
    public required IReadOnlyList<SchemaIncompatibility> Incompatibilities { get; init; }

    /// <summary>Gets a value indicating whether the target already has <c>delta.enableTypeWidening</c>.</summary>
    public bool TypeWideningEnabled { get; init; }

    /// <summary>Gets a value indicating whether the source can be written after applying the plan.</summary>
    public bool IsCompatible => Incompatibilities.Count == 0;

    /// <summary>Gets a value indicating whether the target already matches (nothing to add or widen).</summary>
    public bool RequiresNoChange => IsCompatible && ColumnsToAdd.Count == 0 && TypesToWiden.Count == 0;

    /// <summary>
    /// Gets the type changes schema evolution will not make (integer ⇒ DECIMAL/DOUBLE): a write with
    /// <c>MERGE WITH SCHEMA EVOLUTION</c> alone fails on them, so they must be applied first, by
    /// <see cref="ToAlterStatements"/> (what <see cref="SchemaClient.EvolveSchemaAsync"/> runs).
    /// </summary>
    public IReadOnlyList<TypeChange> TypesRequiringExplicitAlter => [.. TypesToWiden.Where(t => t.RequiresExplicitAlter)];

    /// <summary>
    /// Gets a value indicating whether a write with schema evolution (<c>MERGE WITH SCHEMA EVOLUTION</c>) reconciles the
    /// schemas by itself: compatible, and every type change one schema evolution makes, on a table that already has
    /// type widening when any type changes.
    /// </summary>
    public bool SchemaEvolutionSuffices =>
        IsCompatible && TypesRequiringExplicitAlter.Count == 0 && (TypesToWiden.Count == 0 || TypeWideningEnabled);

    /// <summary>Gets a value indicating whether the plan must turn on type widening first.</summary>
    public bool EnablesTypeWidening => TypesToWiden.Count > 0 && !TypeWideningEnabled;

    /// <summary>Applies the plan to a target schema in memory (the model of what the ALTER statements do).</summary>
    /// <param name="target">The target schema.</param>
    /// <returns>The evolved schema; applying twice gives the same schema as once.</returns>
    /// <exception cref="InvalidOperationException">The report has incompatibilities.</exception>
    public TableSchema Apply(TableSchema target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!IsCompatible)
        {
            throw new InvalidOperationException("An incompatible plan cannot be applied: " + string.Join("; ", Incompatibilities.Select(i => i.Message)));
        }

        var columns = target.Columns.Select(c =>
        {
            var change = TypesToWiden.FirstOrDefault(t => string.Equals(t.Column, c.Name, StringComparison.OrdinalIgnoreCase));
            return change is not null && TypeWidening.CanWiden(c.Type, change.To) ? c with { Type = change.To } : c;
        }).ToList();
        foreach (var add in ColumnsToAdd)
        {
            if (!columns.Exists(c => string.Equals(c.Name, add.Name, StringComparison.OrdinalIgnoreCase)))
            {
                columns.Add(add with { Nullable = true });
            }
        }

        var properties = new Dictionary<string, string>(target.Properties.ToDictionary(k => k.Key, k => k.Value), StringComparer.OrdinalIgnoreCase);
        if (TypesToWiden.Count > 0)
        {
            properties[TableSchema.TypeWideningProperty] = "true";
        }

        return new TableSchema(columns, properties);
    }

    /// <summary>
    /// Renders the plan as ALTER TABLE statements, in the order they must run: turning on type widening, each
    /// <c>ALTER COLUMN … TYPE</c> (including the changes of <see cref="TypesRequiringExplicitAlter"/>), then ADD COLUMNS.
    /// </summary>
    /// <param name="table">The target table.</param>
    /// <returns>The statements; empty when nothing changes.</returns>
    /// <exception cref="InvalidOperationException">The report has incompatibilities.</exception>
    public IReadOnlyList<string> ToAlterStatements(TableName table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (!IsCompatible)
        {
            throw new InvalidOperationException("An incompatible plan has no ALTER statements: " + string.Join("; ", Incompatibilities.Select(i => i.Message)));
        }

        var statements = new List<string>();
        if (EnablesTypeWidening)
        {
            statements.Add($"ALTER TABLE {table.ToSql()} SET TBLPROPERTIES ('{TableSchema.TypeWideningProperty}' = 'true')");
        }

        foreach (var change in TypesToWiden)
        {
            statements.Add($"ALTER TABLE {table.ToSql()} ALTER COLUMN {SqlIdentifier.Quote(change.Column)} TYPE {change.To}");
        }

        if (ColumnsToAdd.Count > 0)
        {
            statements.Add($"ALTER TABLE {table.ToSql()} ADD COLUMNS ({string.Join(", ", ColumnsToAdd.Select(c => $"{SqlIdentifier.Quote(c.Name)} {c.Type}"))})");
        }

        return statements;
    }
}
