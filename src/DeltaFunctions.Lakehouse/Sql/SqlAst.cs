namespace DeltaFunctions.Lakehouse.Sql;

// The statement tree the parser produces. Query bodies and expressions stay token fragments: DuckDB runs them
// after SqlRewriter has rewritten names, parameters and the Spark functions that differ.

/// <summary>A run of tokens that form a query or an expression.</summary>
/// <param name="Tokens">The tokens, without the end token.</param>
internal sealed record SqlFragment(IReadOnlyList<SqlToken> Tokens)
{
    /// <inheritdoc />
    public override string ToString() => string.Join(' ', Tokens);
}

/// <summary>A possibly qualified object name as written: one to three parts.</summary>
/// <param name="Parts">The name parts (not yet lower-cased).</param>
internal sealed record SqlName(IReadOnlyList<string> Parts)
{
    /// <inheritdoc />
    public override string ToString() => string.Join('.', Parts);
}

/// <summary>A time-travel clause: a version or a timestamp text.</summary>
/// <param name="Version">The version, when given by version.</param>
/// <param name="Timestamp">The timestamp text, when given by timestamp.</param>
internal sealed record TimeTravelSpec(long? Version, string? Timestamp);

/// <summary>A column in CREATE TABLE or ALTER TABLE ADD COLUMNS.</summary>
/// <param name="Name">The column name.</param>
/// <param name="TypeText">The Databricks type text.</param>
/// <param name="Nullable">Whether NULL is allowed.</param>
/// <param name="Comment">The comment, if any.</param>
internal sealed record ColumnDefinition(string Name, string TypeText, bool Nullable, string? Comment);

/// <summary>A <c>column = expression</c> pair; a null value means DEFAULT.</summary>
/// <param name="Column">The column, possibly qualified by the target alias.</param>
/// <param name="Value">The expression, or null for DEFAULT.</param>
internal sealed record SqlAssignment(string Column, SqlFragment? Value);

/// <summary>A parsed statement.</summary>
internal abstract record SqlStatement;

/// <summary>A query: SELECT, WITH, VALUES, TABLE.</summary>
internal sealed record QueryStatement(SqlFragment Query) : SqlStatement;

/// <summary>CREATE CATALOG.</summary>
internal sealed record CreateCatalogStatement(string Name, bool IfNotExists, string? Comment) : SqlStatement;

/// <summary>CREATE SCHEMA / DATABASE.</summary>
internal sealed record CreateSchemaStatement(SqlName Name, bool IfNotExists, string? Comment) : SqlStatement;

/// <summary>CREATE VOLUME.</summary>
internal sealed record CreateVolumeStatement(SqlName Name, bool IfNotExists, string? Comment) : SqlStatement;

/// <summary>CREATE TABLE, CTAS or an external table by location.</summary>
internal sealed record CreateTableStatement(
    SqlName Name,
    bool OrReplace,
    bool IfNotExists,
    IReadOnlyList<ColumnDefinition>? Columns,
    IReadOnlyList<string> PartitionColumns,
    IReadOnlyDictionary<string, string> Properties,
    string? Location,
    string? Comment,
    SqlFragment? AsQuery,
    ClusterBySpec? ClusterBy = null) : SqlStatement;

/// <summary>A <c>CLUSTER BY</c> clause: columns, <c>AUTO</c> or <c>NONE</c>.</summary>
/// <param name="Columns">The clustering columns (empty for AUTO and NONE).</param>
/// <param name="Auto">Whether the clause is <c>CLUSTER BY AUTO</c>.</param>
internal sealed record ClusterBySpec(IReadOnlyList<string> Columns, bool Auto);

/// <summary>What a DROP statement drops.</summary>
internal enum DropKind
{
    /// <summary>A table.</summary>
    Table,

    /// <summary>A schema.</summary>
    Schema,

    /// <summary>A catalog.</summary>
    Catalog,

    /// <summary>A volume.</summary>
    Volume,
}

/// <summary>DROP TABLE / SCHEMA / CATALOG / VOLUME.</summary>
internal sealed record DropStatement(DropKind Kind, SqlName Name, bool IfExists, bool Cascade) : SqlStatement;

/// <summary>SHOW CATALOGS.</summary>
internal sealed record ShowCatalogsStatement(string? Like) : SqlStatement;

/// <summary>SHOW SCHEMAS.</summary>
internal sealed record ShowSchemasStatement(string? Catalog, string? Like) : SqlStatement;

/// <summary>SHOW TABLES.</summary>
internal sealed record ShowTablesStatement(SqlName? Schema, string? Like) : SqlStatement;

/// <summary>SHOW TBLPROPERTIES.</summary>
internal sealed record ShowTablePropertiesStatement(SqlName Table) : SqlStatement;

/// <summary>DESCRIBE [TABLE] [EXTENDED].</summary>
internal sealed record DescribeTableStatement(SqlName Table, bool Extended) : SqlStatement;

/// <summary>DESCRIBE DETAIL.</summary>
internal sealed record DescribeDetailStatement(SqlName Table) : SqlStatement;

/// <summary>DESCRIBE HISTORY.</summary>
internal sealed record DescribeHistoryStatement(SqlName Table, int? Limit) : SqlStatement;

/// <summary>INSERT INTO / OVERWRITE, optionally REPLACE WHERE.</summary>
internal sealed record InsertStatement(
    SqlName Table,
    bool Overwrite,
    IReadOnlyList<string>? Columns,
    bool ByName,
    SqlFragment? ReplaceWhere,
    SqlFragment Query) : SqlStatement;

/// <summary>UPDATE.</summary>
internal sealed record UpdateStatement(SqlName Table, string? Alias, IReadOnlyList<SqlAssignment> Assignments, SqlFragment? Where) : SqlStatement;

/// <summary>DELETE.</summary>
internal sealed record DeleteStatement(SqlName Table, string? Alias, SqlFragment? Where) : SqlStatement;

/// <summary>Which rows a MERGE clause applies to.</summary>
internal enum MergeMatchKind
{
    /// <summary>WHEN MATCHED.</summary>
    Matched,

    /// <summary>WHEN NOT MATCHED [BY TARGET].</summary>
    NotMatchedByTarget,

    /// <summary>WHEN NOT MATCHED BY SOURCE.</summary>
    NotMatchedBySource,
}

/// <summary>What a MERGE clause does.</summary>
internal enum MergeActionKind
{
    /// <summary>UPDATE SET * [EXCEPT (cols)].</summary>
    UpdateAll,

    /// <summary>UPDATE SET col = expr.</summary>
    Update,

    /// <summary>DELETE.</summary>
    Delete,

    /// <summary>INSERT * [EXCEPT (cols)].</summary>
    InsertAll,

    /// <summary>INSERT (cols) VALUES (exprs).</summary>
    Insert,
}

/// <summary>One WHEN clause of a MERGE.</summary>
internal sealed record MergeClause(
    MergeMatchKind Match,
    SqlFragment? Condition,
    MergeActionKind Action,
    IReadOnlyList<SqlAssignment> Assignments,
    IReadOnlyList<string> InsertColumns,
    IReadOnlyList<SqlFragment> InsertValues,
    IReadOnlyList<string>? ExceptColumns = null);

/// <summary>MERGE INTO.</summary>
internal sealed record MergeStatement(
    SqlName Target,
    string? TargetAlias,
    SqlName? SourceTable,
    TimeTravelSpec? SourceTimeTravel,
    SqlFragment? SourceQuery,
    string? SourceAlias,
    SqlFragment On,
    IReadOnlyList<MergeClause> Clauses,
    bool SchemaEvolution) : SqlStatement;

/// <summary>ALTER TABLE … ADD COLUMNS.</summary>
internal sealed record AlterTableAddColumnsStatement(SqlName Table, IReadOnlyList<ColumnDefinition> Columns) : SqlStatement;

/// <summary>ALTER TABLE … ALTER COLUMN … TYPE.</summary>
internal sealed record AlterColumnTypeStatement(SqlName Table, string Column, string TypeText) : SqlStatement;

/// <summary>ALTER TABLE … SET TBLPROPERTIES.</summary>
internal sealed record AlterTableSetPropertiesStatement(SqlName Table, IReadOnlyDictionary<string, string> Properties) : SqlStatement;

/// <summary>ALTER TABLE … CLUSTER BY (cols) | AUTO | NONE.</summary>
internal sealed record AlterTableClusterByStatement(SqlName Table, ClusterBySpec ClusterBy) : SqlStatement;

/// <summary>ALTER TABLE … {ENABLE | DISABLE | INHERIT} PREDICTIVE OPTIMIZATION (a Unity Catalog setting, not Delta metadata).</summary>
internal sealed record AlterTablePredictiveOptimizationStatement(SqlName Table, string Setting) : SqlStatement;

/// <summary>OPTIMIZE [FULL].</summary>
internal sealed record OptimizeStatement(SqlName Table, SqlFragment? Where, IReadOnlyList<string> ZOrderBy, bool Full = false) : SqlStatement;

/// <summary>VACUUM.</summary>
internal sealed record VacuumStatement(SqlName Table, double? RetainHours, bool DryRun) : SqlStatement;

/// <summary>RESTORE TABLE.</summary>
internal sealed record RestoreStatement(SqlName Table, TimeTravelSpec Target) : SqlStatement;

/// <summary>SET key = value (or SET key to show it).</summary>
internal sealed record SetStatement(string Key, string? Value) : SqlStatement;

/// <summary>USE CATALOG / USE SCHEMA.</summary>
internal sealed record UseStatement(string? Catalog, string? Schema) : SqlStatement;
