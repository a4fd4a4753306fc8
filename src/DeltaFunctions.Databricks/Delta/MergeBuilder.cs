using System.Diagnostics.CodeAnalysis;
using System.Text;
using DeltaFunctions.Databricks.Schema;
using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks.Delta;

/// <summary>
/// Builds a Delta <c>MERGE INTO</c> (reference §6.5): a source (in-memory rows sent as one bound JSON parameter or,
/// above the staging threshold, staged as a Parquet file, see <see cref="WithStaging"/>; files already in a volume,
/// see <see cref="UsingFiles"/>; a query; or a table), the join condition, and WHEN clauses in order, or the
/// idempotent batch append of <see cref="AsIdempotentAppend"/>. <see cref="ToSql"/> is the dry run: it returns the statement and
/// parameters without running anything. <see cref="ExecuteAsync"/> (builders from
/// <see cref="DeltaClient.Merge(string)"/>) first checks the source for duplicate keys, then runs the merge and returns
/// its metrics. Target and source are aliased <c>t</c> and <c>s</c>; use <see cref="ColumnRef.Target"/> and
/// <see cref="ColumnRef.Source"/> in clause conditions.
/// </summary>
public sealed class MergeBuilder
{
    private readonly Func<MergeBuilder, CancellationToken, Task<MergeResult>>? _executor;
    private readonly List<Clause> _clauses = [];
    private RowSource? _rows;
    private SqlStatement? _sourceQuery;
    private QueryBuilder? _sourceBuilder;
    private TableName? _sourceTable;
    private (string Path, string Format)? _sourceFiles;
    private (string Column, string Id)? _batch;
    private SqlFilter? _on;
    private List<string>? _keys;

    /// <summary>Creates a builder for a dry run (<see cref="ToSql"/>); it cannot execute.</summary>
    /// <param name="target">The target table.</param>
    public MergeBuilder(TableName target)
        : this(target, null)
    {
    }

    internal MergeBuilder(TableName target, Func<MergeBuilder, CancellationToken, Task<MergeResult>>? executor)
    {
        Target = target ?? throw new ArgumentNullException(nameof(target));
        _executor = executor;
    }

    private enum ClauseKind
    {
        Matched,
        NotMatched,
        NotMatchedBySource,
    }

    /// <summary>Gets the target table.</summary>
    public TableName Target { get; }

    /// <summary>Gets the key columns given to <see cref="On(string[])"/>, if any.</summary>
    public IReadOnlyList<string>? KeyColumns => _keys;

    /// <summary>Gets how in-memory source rows are sent.</summary>
    public SourceRowEncoding RowEncoding { get; private set; }

    /// <summary>Gets the volume directory where large in-memory sources are staged, or null to always bind them.</summary>
    public string? StagingVolumePath { get; private set; }

    /// <summary>Gets the size of the in-memory rows, as the one-parameter JSON encoding, above which they are staged.</summary>
    public long StagingThresholdBytes { get; private set; } = DeltaClientOptions.DefaultStagingThresholdBytes;

    /// <summary>
    /// Gets a value indicating whether <see cref="ExecuteAsync"/> stages the in-memory source rows as a Parquet file
    /// (a staging volume is set and the rows exceed <see cref="StagingThresholdBytes"/>) instead of binding them.
    /// </summary>
    public bool StagesSourceRows => _rows is not null && StagedRows.ShouldStage(_rows, StagingVolumePath, StagingThresholdBytes);

    /// <summary>Gets a value indicating whether the merge adds source-only columns to the target.</summary>
    public bool SchemaEvolution { get; private set; }

    /// <summary>Gets the batch column and batch id of an idempotent append (<see cref="AsIdempotentAppend"/>), if it is one.</summary>
    public (string Column, string BatchId)? IdempotentAppend => _batch;

    internal RowSource? Rows => _rows;

    internal bool HasMatchedClause => _clauses.Exists(c => c.Kind == ClauseKind.Matched);

    /// <summary>Uses in-memory rows as the source; their columns come from <typeparamref name="T"/>'s properties unless listed.</summary>
    /// <typeparam name="T">The row type (or <c>IReadOnlyDictionary&lt;string, object?&gt;</c> with columns listed).</typeparam>
    /// <param name="rows">The rows.</param>
    /// <param name="columns">The columns and their SQL types; inferred from the properties when null.</param>
    /// <returns>This builder.</returns>
    public MergeBuilder UsingRows<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>(IEnumerable<T> rows, IReadOnlyList<SchemaColumn>? columns = null)
    {
        ClearSource();
        _rows = RowSource.FromObjects(rows, columns);
        return this;
    }

    /// <summary>Uses a query as the source. Its parameter names must not start with <c>p</c> followed by digits.</summary>
    /// <param name="query">The query.</param>
    /// <returns>This builder.</returns>
    public MergeBuilder UsingQuery(SqlStatement query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ClearSource();
        _sourceQuery = query;
        return this;
    }

    /// <summary>Uses a built query as the source.</summary>
    /// <param name="query">The query.</param>
    /// <returns>This builder.</returns>
    public MergeBuilder UsingQuery(QueryBuilder query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ClearSource();
        _sourceBuilder = query;
        return this;
    }

    /// <summary>
    /// Uses files already stored in a volume as the source: <c>(SELECT * FROM read_files(:path, format =&gt; :format))</c>,
    /// path and format bound as parameters. The duplicate-key preflight of <see cref="ExecuteAsync"/> queries them.
    /// </summary>
    /// <param name="path">A file or folder, <c>/Volumes/&lt;catalog&gt;/&lt;schema&gt;/&lt;volume&gt;/…</c>.</param>
    /// <param name="format">The <c>read_files</c> format: <c>parquet</c>, <c>json</c>, <c>csv</c>, <c>avro</c>, <c>orc</c>, <c>text</c>, <c>xml</c> or <c>binaryFile</c>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The path is not under <c>/Volumes/</c> or the format is empty.</exception>
    public MergeBuilder UsingFiles(string path, string format)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(format);
        if (path is null || !path.StartsWith("/Volumes/", StringComparison.Ordinal) || path.Length == "/Volumes/".Length)
        {
            throw new ArgumentException("The source must be a file or folder in a volume: /Volumes/<catalog>/<schema>/<volume>/….", nameof(path));
        }

        ClearSource();
        _sourceFiles = (path, format);
        return this;
    }

    /// <summary>
    /// Makes the merge an append of one batch that a repeat cannot apply twice: every source row is given
    /// <paramref name="batchId"/> in <paramref name="batchColumn"/> (replacing that column of in-memory rows; other
    /// sources must not carry it), and the statement is <c>MERGE INTO t USING (SELECT *, :batch AS c FROM source) s
    /// ON t.c = s.c WHEN NOT MATCHED THEN INSERT *</c>. One MERGE is one Delta commit matched against one snapshot, so
    /// either no row of the batch is in the table yet (all are inserted) or all are (none is, and
    /// <see cref="MergeResult.NumInsertedRows"/> is 0). The target must already have the column (a STRING): the join
    /// reads it, so <see cref="WithSchemaEvolution"/> cannot add it. Replaces any join and clauses; none may be added after.
    /// </summary>
    /// <param name="batchColumn">The column holding the batch id.</param>
    /// <param name="batchId">The batch id, bound as a parameter.</param>
    /// <returns>This builder.</returns>
    public MergeBuilder AsIdempotentAppend(string batchColumn, string batchId)
    {
        SqlIdentifier.Validate(batchColumn, nameof(batchColumn));
        ArgumentException.ThrowIfNullOrEmpty(batchId);
        _clauses.Clear();
        _keys = null;
        _on = SqlFilter.ColumnsEqual(ColumnRef.Target(batchColumn), ColumnRef.Source(batchColumn));
        _clauses.Add(new Clause(ClauseKind.NotMatched, null, "INSERT *", null));
        _batch = (batchColumn, batchId);
        return this;
    }

    /// <summary>Uses a table as the source.</summary>
    /// <param name="table">The table.</param>
    /// <returns>This builder.</returns>
    public MergeBuilder UsingTable(TableName table)
    {
        ArgumentNullException.ThrowIfNull(table);
        ClearSource();
        _sourceTable = table;
        return this;
    }

    /// <summary>Joins on equal key columns: <c>t.k1 = s.k1 AND …</c>. Keys also drive the duplicate-key preflight.</summary>
    /// <param name="keyColumns">The key columns, present in both target and source.</param>
    /// <returns>This builder.</returns>
    public MergeBuilder On(params string[] keyColumns)
    {
        ArgumentNullException.ThrowIfNull(keyColumns);
        ThrowIfIdempotentAppend();
        if (keyColumns.Length == 0)
        {
            throw new ArgumentException("Give at least one key column.", nameof(keyColumns));
        }

        _keys = [.. keyColumns];
        _on = SqlFilter.And([.. keyColumns.Select(k => SqlFilter.ColumnsEqual(ColumnRef.Target(k), ColumnRef.Source(k)))]);
        return this;
    }

    /// <summary>Joins on a condition (no duplicate-key preflight for in-memory rows, since keys are unknown).</summary>
    /// <param name="condition">The condition over <c>t</c> and <c>s</c> columns.</param>
    /// <returns>This builder.</returns>
    public MergeBuilder On(SqlFilter condition)
    {
        ThrowIfIdempotentAppend();
        _on = condition ?? throw new ArgumentNullException(nameof(condition));
        _keys = null;
        return this;
    }

    /// <summary>Adds <c>WHEN MATCHED [AND condition] THEN UPDATE SET …</c>.</summary>
    /// <param name="set">The assignments.</param>
    /// <param name="condition">The optional condition.</param>
    /// <returns>This builder.</returns>
    public MergeBuilder WhenMatchedUpdate(IEnumerable<MergeAssignment> set, SqlFilter? condition = null) =>
        Add(ClauseKind.Matched, condition, "UPDATE SET", Assignments(set, allowSource: true));

    /// <summary>Adds <c>WHEN MATCHED [AND condition] THEN UPDATE SET</c> each listed column from the source.</summary>
    /// <param name="columns">The columns copied from the source.</param>
    /// <returns>This builder.</returns>
    public MergeBuilder WhenMatchedUpdate(params string[] columns) =>
        WhenMatchedUpdate(columns.Select(MergeAssignment.FromSource));

    /// <summary>Adds <c>WHEN MATCHED [AND condition] THEN UPDATE SET *</c>.</summary>
    /// <param name="condition">The optional condition.</param>
    /// <returns>This builder.</returns>
    public MergeBuilder WhenMatchedUpdateAll(SqlFilter? condition = null) => Add(ClauseKind.Matched, condition, "UPDATE SET *", null);

    /// <summary>
    /// Adds <c>WHEN MATCHED [AND condition] THEN UPDATE SET * EXCEPT (`c1`, …)</c>: every target column from the
    /// source column of the same name, except the listed ones, which keep their values (for example a
    /// <c>created_at</c> the source must not overwrite). The source need not have the listed columns.
    /// </summary>
    /// <param name="exceptColumns">The target columns left untouched, at least one, each once (raw names).</param>
    /// <param name="condition">The optional condition.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">No column, a repeated or invalid name.</exception>
    public MergeBuilder WhenMatchedUpdateAllExcept(IEnumerable<string> exceptColumns, SqlFilter? condition = null) =>
        Add(ClauseKind.Matched, condition, "UPDATE SET * EXCEPT " + ColumnList(exceptColumns), null);

    /// <summary>Adds <c>WHEN MATCHED [AND condition] THEN DELETE</c>.</summary>
    /// <param name="condition">The optional condition.</param>
    /// <returns>This builder.</returns>
    public MergeBuilder WhenMatchedDelete(SqlFilter? condition = null) => Add(ClauseKind.Matched, condition, "DELETE", null);

    /// <summary>Adds <c>WHEN NOT MATCHED [AND condition] THEN INSERT (columns) VALUES (…)</c>.</summary>
    /// <param name="values">The inserted columns and their values.</param>
    /// <param name="condition">The optional condition over source columns.</param>
    /// <returns>This builder.</returns>
    public MergeBuilder WhenNotMatchedInsert(IEnumerable<MergeAssignment> values, SqlFilter? condition = null)
    {
        var list = Assignments(values, allowSource: true);
        return Add(ClauseKind.NotMatched, condition, "INSERT", list);
    }

    /// <summary>Adds <c>WHEN NOT MATCHED [AND condition] THEN INSERT *</c>.</summary>
    /// <param name="condition">The optional condition over source columns.</param>
    /// <returns>This builder.</returns>
    public MergeBuilder WhenNotMatchedInsertAll(SqlFilter? condition = null) => Add(ClauseKind.NotMatched, condition, "INSERT *", null);

    /// <summary>
    /// Adds <c>WHEN NOT MATCHED [AND condition] THEN INSERT * EXCEPT (`c1`, …)</c>: every target column from the
    /// source, except the listed ones, which get their DEFAULT or NULL (for example a surrogate key the table fills).
    /// </summary>
    /// <param name="exceptColumns">The target columns not taken from the source, at least one, each once (raw names).</param>
    /// <param name="condition">The optional condition over source columns.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">No column, a repeated or invalid name.</exception>
    public MergeBuilder WhenNotMatchedInsertAllExcept(IEnumerable<string> exceptColumns, SqlFilter? condition = null) =>
        Add(ClauseKind.NotMatched, condition, "INSERT * EXCEPT " + ColumnList(exceptColumns), null);

    /// <summary>Adds <c>WHEN NOT MATCHED BY SOURCE [AND condition] THEN UPDATE SET …</c> (values only, no source columns).</summary>
    /// <param name="set">The assignments.</param>
    /// <param name="condition">The optional condition over target columns.</param>
    /// <returns>This builder.</returns>
    public MergeBuilder WhenNotMatchedBySourceUpdate(IEnumerable<MergeAssignment> set, SqlFilter? condition = null) =>
        Add(ClauseKind.NotMatchedBySource, condition, "UPDATE SET", Assignments(set, allowSource: false));

    /// <summary>Adds <c>WHEN NOT MATCHED BY SOURCE [AND condition] THEN DELETE</c>.</summary>
    /// <param name="condition">The optional condition over target columns.</param>
    /// <returns>This builder.</returns>
    public MergeBuilder WhenNotMatchedBySourceDelete(SqlFilter? condition = null) =>
        Add(ClauseKind.NotMatchedBySource, condition, "DELETE", null);

    /// <summary>Chooses how in-memory source rows are sent (default one JSON parameter).</summary>
    /// <param name="encoding">The encoding.</param>
    /// <returns>This builder.</returns>
    public MergeBuilder WithRowEncoding(SourceRowEncoding encoding)
    {
        RowEncoding = encoding;
        return this;
    }

    /// <summary>
    /// Stages in-memory source rows larger than <paramref name="thresholdBytes"/> as a Parquet file under
    /// <paramref name="volumePath"/> (loaded with <c>read_files</c> and deleted when the merge ends) instead of binding
    /// them. Builders from <see cref="DeltaClient.Merge(string)"/> start with the client's staging options.
    /// </summary>
    /// <param name="volumePath">A volume directory (<c>/Volumes/&lt;catalog&gt;/&lt;schema&gt;/&lt;volume&gt;[/dir]</c>), or null to never stage.</param>
    /// <param name="thresholdBytes">The threshold; null keeps the current one.</param>
    /// <returns>This builder.</returns>
    public MergeBuilder WithStaging(string? volumePath, long? thresholdBytes = null)
    {
        if (volumePath is not null && !volumePath.StartsWith("/Volumes/", StringComparison.Ordinal))
        {
            throw new ArgumentException("The staging path must be a volume directory: /Volumes/<catalog>/<schema>/<volume>[/dir].", nameof(volumePath));
        }

        if (thresholdBytes is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(thresholdBytes), "The staging threshold cannot be negative.");
        }

        StagingVolumePath = volumePath;
        StagingThresholdBytes = thresholdBytes ?? StagingThresholdBytes;
        return this;
    }

    /// <summary>
    /// Gets whether <see cref="ExecuteAsync"/> is a dry run: true sends nothing and returns a <see cref="MergeResult"/>
    /// whose <see cref="DeltaOperationResult.DryRunRequests"/> hold the MERGE (and a staged upload and delete) that would have been
    /// sent; false runs it even when the client is in dry-run mode; null follows <see cref="DeltaClientOptions.DryRun"/>
    /// and then <see cref="DatabricksClientOptions.DryRun"/>. The duplicate-key preflight, a read, runs either way.
    /// </summary>
    public bool? DryRun { get; private set; }

    /// <summary>Makes <see cref="ExecuteAsync"/> a dry run (or, with false, a real run whatever the client's setting).</summary>
    /// <param name="dryRun">Whether to send nothing.</param>
    /// <returns>This builder.</returns>
    public MergeBuilder WithDryRun(bool dryRun = true)
    {
        DryRun = dryRun;
        return this;
    }

    /// <summary>
    /// Adds source-only columns to the target (and, on tables with type widening, widens column types) by rendering
    /// <c>MERGE WITH SCHEMA EVOLUTION INTO</c>: the statement itself asks for evolution, so no session setting
    /// (<c>spark.databricks.delta.schema.autoMerge.enabled</c>, which SQL warehouses do not take per statement) is needed.
    /// </summary>
    /// <param name="enabled">Whether to evolve.</param>
    /// <returns>This builder.</returns>
    public MergeBuilder WithSchemaEvolution(bool enabled = true)
    {
        SchemaEvolution = enabled;
        return this;
    }

    /// <summary>
    /// Renders the MERGE without running it (the dry run). When <see cref="StagesSourceRows"/> is true the source is
    /// <c>(SELECT CAST(`c0` AS …) AS `col`, … FROM read_files(:p0, format =&gt; 'parquet'))</c> and <c>:p0</c> holds
    /// a staged-file path under <see cref="StagingVolumePath"/> (<c>…/_deltafunctions_staging/&lt;guid&gt;.parquet</c>);
    /// <see cref="ExecuteAsync"/> uploads the rows there first, under a fresh name each run, and deletes the file after.
    /// </summary>
    /// <returns>The statement and its parameters.</returns>
    /// <exception cref="InvalidOperationException">The merge is incomplete or its clauses are invalid.</exception>
    public SqlStatement ToSql() => Render(StagesSourceRows ? StagedRows.NewPath(StagingVolumePath!) : null);

    /// <summary>Renders the MERGE, reading the in-memory rows from <paramref name="stagedPath"/> when it is set.</summary>
    internal SqlStatement Render(string? stagedPath)
    {
        Validate();
        var binder = new ParameterBinder();
        var sql = new StringBuilder("MERGE ");
        if (SchemaEvolution)
        {
            sql.Append("WITH SCHEMA EVOLUTION ");
        }

        sql.Append("INTO ").Append(Target.ToSql()).Append(" AS `t` USING ");
        AppendSource(sql, binder, stagedPath);
        sql.Append(" AS `s` ON ").Append(_on!.Render(binder));
        foreach (var clause in _clauses)
        {
            sql.Append(clause.Kind switch
            {
                ClauseKind.Matched => " WHEN MATCHED",
                ClauseKind.NotMatched => " WHEN NOT MATCHED",
                _ => " WHEN NOT MATCHED BY SOURCE",
            });
            if (clause.Condition is { } condition)
            {
                sql.Append(" AND ").Append(condition.Render(binder));
            }

            sql.Append(" THEN ").Append(clause.Action);
            if (clause.Assignments is { } assignments)
            {
                if (clause.Kind == ClauseKind.NotMatched)
                {
                    sql.Append(" (").Append(string.Join(", ", assignments.Select(a => SqlIdentifier.Quote(a.Column))))
                        .Append(") VALUES (").Append(string.Join(", ", assignments.Select(a => a.RenderValue(binder)))).Append(')');
                }
                else
                {
                    sql.Append(' ').Append(string.Join(", ", assignments.Select(a => SqlIdentifier.Quote(a.Column) + " = " + a.RenderValue(binder))));
                }
            }
        }

        return new SqlStatement(sql.ToString(), binder.Parameters);
    }

    /// <summary>Checks the source for duplicate keys, runs the merge and returns its metrics.</summary>
    /// <param name="cancellationToken">Cancels the merge.</param>
    /// <returns>The rows inserted, updated and deleted; under dry run (<see cref="WithDryRun"/>) zero counts and the requests in <see cref="DeltaOperationResult.DryRunRequests"/>.</returns>
    /// <exception cref="DuplicateSourceKeysException">Several source rows share a key and a MATCHED clause would act on them.</exception>
    /// <exception cref="InvalidOperationException">The builder was created for a dry run only.</exception>
    public Task<MergeResult> ExecuteAsync(CancellationToken cancellationToken = default)
    {
        if (_executor is null)
        {
            throw new InvalidOperationException("This builder was created for a dry run; use DeltaClient.Merge(table) to execute.");
        }

        Validate();
        return _executor(this, cancellationToken);
    }

    /// <summary>Finds duplicate keys among in-memory source rows (empty for query sources or condition joins).</summary>
    /// <param name="maxReported">The most keys to report.</param>
    /// <returns>The duplicated keys.</returns>
    public IReadOnlyList<DuplicateKey> FindDuplicateSourceKeys(int maxReported = 100) =>
        _rows is not null && _keys is not null ? _rows.FindDuplicateKeys(_keys, maxReported) : [];

    /// <summary>The query that finds duplicate keys in a query or table source, or null when not applicable.</summary>
    internal SqlStatement? DuplicateKeyQuery(int maxReported)
    {
        if (_keys is null || _rows is not null)
        {
            return null;
        }

        var binder = new ParameterBinder();
        var sql = new StringBuilder("SELECT ");
        var keys = string.Join(", ", _keys.Select(SqlIdentifier.Quote));
        sql.Append(keys).Append(", count(*) AS `__count` FROM ");
        AppendSource(sql, binder, stagedPath: null);
        sql.Append(" AS `s` GROUP BY ").Append(keys).Append(" HAVING count(*) > 1 LIMIT ").Append(binder.Bind(maxReported));
        return new SqlStatement(sql.ToString(), binder.Parameters);
    }

    private void AppendSource(StringBuilder sql, ParameterBinder binder, string? stagedPath)
    {
        if (_batch is { } batch)
        {
            // The batch id column is added (or, for in-memory rows that carry it, replaced) around whatever the source is.
            var column = SqlIdentifier.Quote(batch.Column);
            var replaces = _rows?.Columns.Any(c => string.Equals(c.Name, batch.Column, StringComparison.OrdinalIgnoreCase)) == true;
            sql.Append("(SELECT *").Append(replaces ? $" EXCEPT ({column})" : string.Empty).Append(", ").Append(binder.Bind(batch.Id)).Append(" AS ").Append(column).Append(" FROM ");
            AppendInnerSource(sql, binder, stagedPath);
            sql.Append(" AS `b`)");
            return;
        }

        AppendInnerSource(sql, binder, stagedPath);
    }

    private void AppendInnerSource(StringBuilder sql, ParameterBinder binder, string? stagedPath)
    {
        if (_rows is not null && stagedPath is not null)
        {
            sql.Append('(').Append(StagedRows.Select(_rows, binder.Bind(stagedPath))).Append(')');
        }
        else if (_rows is not null)
        {
            sql.Append('(').Append(_rows.ToSelect(binder, RowEncoding)).Append(')');
        }
        else if (_sourceBuilder is not null)
        {
            sql.Append('(').Append(_sourceBuilder.Render(binder)).Append(')');
        }
        else if (_sourceQuery is not null)
        {
            binder.AddExternal(_sourceQuery.Parameters);
            sql.Append('(').Append(_sourceQuery.Text).Append(')');
        }
        else if (_sourceFiles is { } files)
        {
            sql.Append("(SELECT * FROM read_files(").Append(binder.Bind(files.Path)).Append(", format => ").Append(binder.Bind(files.Format)).Append("))");
        }
        else
        {
            sql.Append(_sourceTable!.ToSql());
        }
    }

    private void Validate()
    {
        if (_rows is null && _sourceQuery is null && _sourceBuilder is null && _sourceTable is null && _sourceFiles is null)
        {
            throw new InvalidOperationException("The merge has no source; call UsingRows, UsingFiles, UsingQuery or UsingTable.");
        }

        if (_on is null)
        {
            throw new InvalidOperationException("The merge has no join condition; call On.");
        }

        if (_clauses.Count == 0)
        {
            throw new InvalidOperationException("The merge has no WHEN clause.");
        }

        foreach (var kind in new[] { ClauseKind.Matched, ClauseKind.NotMatched, ClauseKind.NotMatchedBySource })
        {
            var ofKind = _clauses.Where(c => c.Kind == kind).ToList();
            for (var i = 0; i < ofKind.Count - 1; i++)
            {
                if (ofKind[i].Condition is null)
                {
                    throw new InvalidOperationException(
                        $"Every {Describe(kind)} clause except the last needs a condition; clause {i + 1} of {ofKind.Count} has none.");
                }
            }
        }
    }

    private MergeBuilder Add(ClauseKind kind, SqlFilter? condition, string action, IReadOnlyList<MergeAssignment>? assignments)
    {
        ThrowIfIdempotentAppend();
        if (condition is not null && kind == ClauseKind.NotMatchedBySource && condition.ReferencesSource)
        {
            throw new ArgumentException("A NOT MATCHED BY SOURCE condition cannot reference source columns.", nameof(condition));
        }

        if (condition is not null && kind == ClauseKind.NotMatched && condition.ReferencesTarget)
        {
            throw new ArgumentException("A NOT MATCHED condition cannot reference target columns.", nameof(condition));
        }

        _clauses.Add(new Clause(kind, condition, action, assignments));
        return this;
    }

    private void ThrowIfIdempotentAppend()
    {
        if (_batch is not null)
        {
            throw new InvalidOperationException("An idempotent append has its own join and clause (AsIdempotentAppend); none can be added.");
        }
    }

    private static List<MergeAssignment> Assignments(IEnumerable<MergeAssignment> set, bool allowSource)
    {
        ArgumentNullException.ThrowIfNull(set);
        var list = set.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("Give at least one assignment.", nameof(set));
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var assignment in list)
        {
            ArgumentNullException.ThrowIfNull(assignment, nameof(set));
            if (!allowSource && assignment.UsesSource)
            {
                throw new ArgumentException($"Column '{assignment.Column}': a NOT MATCHED BY SOURCE clause cannot read source columns.", nameof(set));
            }

            if (!seen.Add(assignment.Column))
            {
                throw new ArgumentException($"Column '{assignment.Column}' is assigned twice.", nameof(set));
            }
        }

        return list;
    }

    /// <summary>Renders <c>(`c1`, `c2`)</c> for a * EXCEPT list, each name validated and quoted, none repeated.</summary>
    private static string ColumnList(IEnumerable<string> columns)
    {
        var list = SqlIdentifier.ValidateDistinct(columns, nameof(columns));
        return list.Count == 0
            ? throw new ArgumentException("Give at least one column to leave out; use the * form without EXCEPT otherwise.", nameof(columns))
            : "(" + string.Join(", ", list.Select(SqlIdentifier.Quote)) + ")";
    }

    private static string Describe(ClauseKind kind) => kind switch
    {
        ClauseKind.Matched => "WHEN MATCHED",
        ClauseKind.NotMatched => "WHEN NOT MATCHED",
        _ => "WHEN NOT MATCHED BY SOURCE",
    };

    private void ClearSource()
    {
        _rows = null;
        _sourceQuery = null;
        _sourceBuilder = null;
        _sourceTable = null;
        _sourceFiles = null;
    }

    private sealed record Clause(ClauseKind Kind, SqlFilter? Condition, string Action, IReadOnlyList<MergeAssignment>? Assignments);
}
