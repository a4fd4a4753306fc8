using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using DeltaFunctions.Databricks.Files;
using DeltaFunctions.Databricks.Simulation;
using DeltaFunctions.Databricks.Sql;
using Microsoft.Extensions.Logging;

namespace DeltaFunctions.Databricks.Delta;

/// <summary>
/// Delta Lake operations on the tables of one catalog and schema, as Databricks SQL run through the Statement
/// Execution API (reference §6): read with time travel, write (append, overwrite, replace-where), MERGE, DELETE,
/// UPDATE, OPTIMIZE (compaction, Z-order, liquid clustering), VACUUM, DESCRIBE HISTORY and RESTORE, and tables created
/// or re-clustered with liquid clustering (<see cref="CreateTableAsync"/>, <see cref="SetClusteringAsync"/>). Every value is a bound parameter. Statements that fail with
/// a Delta concurrency conflict (SQLSTATE 2D521; they commit nothing) are run again up to
/// <see cref="DeltaClientOptions.MaxConflictRetries"/> times with backoff; VACUUM, which is not transactional, is not.
/// OPTIMIZE and VACUUM also start without waiting (<see cref="StartOptimizeAsync(string, OptimizeOptions, CancellationToken)"/>, <see cref="StartVacuumAsync"/>)
/// for callers that poll by statement id from elsewhere (<see cref="GetOptimizeResultAsync"/>,
/// <see cref="GetVacuumResultAsync"/>), such as a durable orchestration. Get one from
/// <see cref="DatabricksClient.GetDeltaClient(string, string, DeltaClientOptions)"/> or, for the default catalog and
/// schema, <see cref="DatabricksClient.GetDeltaClient(DeltaClientOptions)"/>. Unsealed with virtual members for mocking.
/// </summary>
public class DeltaClient
{
    /// <summary>The default of <see cref="DeltaClientOptions.MaxConflictRetries"/>: how many times a statement that lost a Delta concurrency conflict is run again.</summary>
    public const int MaxConflictRetries = 3;

    /// <summary>The most conflict re-runs <see cref="DeltaClientOptions.MaxConflictRetries"/> accepts.</summary>
    public const int MaxConflictRetriesLimit = 10;

    private const double SevenDaysInHours = 168;

    private const string RetentionCheckAdvice =
        "VacuumOptions.AllowRetentionUnderSevenDays only lifts this client's own check: Databricks also refuses a retention shorter than the table's "
        + "delta.deletedFileRetentionDuration unless spark.databricks.delta.retentionDurationCheck.enabled is false in the Spark configuration of the "
        + "compute (a cluster's Spark config; a SQL warehouse does not accept it per statement). Lower the table's delta.deletedFileRetentionDuration, "
        + "or run the VACUUM on a job cluster with the check disabled.";

    private readonly SqlClient _sql = null!;
    private readonly FilesClient _files = null!;
    private readonly SqlTelemetry _telemetry = null!;
    private readonly TimeProvider _time = null!;
    private readonly ILogger _logger = null!;

    internal DeltaClient(
        SqlClient sql, FilesClient files, SqlTelemetry telemetry, TimeProvider time, ILogger logger, string catalog, string schema, DeltaClientOptions? options = null)
    {
        Options = options ?? new DeltaClientOptions();
        if (Options.MaxConflictRetries is < 0 or > MaxConflictRetriesLimit)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), Options.MaxConflictRetries, $"DeltaClientOptions.MaxConflictRetries must be between 0 and {MaxConflictRetriesLimit}.");
        }

        if (Options.StatementTimeout is { } limit && limit <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), limit, "DeltaClientOptions.StatementTimeout must be positive when set.");
        }

        SqlIdentifier.Validate(catalog, nameof(catalog));
        SqlIdentifier.Validate(schema, nameof(schema));
        _sql = sql;
        _files = files;
        _telemetry = telemetry;
        _time = time;
        _logger = logger;
        Catalog = catalog;
        Schema = schema;
    }

    /// <summary>For mocking only.</summary>
    protected DeltaClient()
    {
        Catalog = string.Empty;
        Schema = string.Empty;
    }

    /// <summary>Gets the catalog.</summary>
    public virtual string Catalog { get; }

    /// <summary>Gets the options.</summary>
    public virtual DeltaClientOptions Options { get; } = new();

    /// <summary>Gets the schema.</summary>
    public virtual string Schema { get; }

    /// <summary>Names a table of this catalog and schema.</summary>
    /// <param name="table">The table name.</param>
    /// <returns>The three-part name.</returns>
    public virtual TableName Table(string table) => new(Catalog, Schema, table);

    /// <summary>
    /// Reads a table (optionally some columns, filtered, as of a version or timestamp) mapped to
    /// <typeparamref name="T"/>, streaming chunk by chunk. SQL: <c>SELECT … FROM t [VERSION|TIMESTAMP AS OF …] [WHERE …]</c>.
    /// </summary>
    /// <typeparam name="T">The row type.</typeparam>
    /// <param name="table">The table name.</param>
    /// <param name="options">Columns, filter, time travel and limit.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The rows.</returns>
    public virtual async IAsyncEnumerable<T> ReadTableAsync<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.PublicProperties)] T>(
        string table, ReadTableOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= new ReadTableOptions();
        var query = new QueryBuilder(Table(table)).Select(options.Columns);
        if (options.Filter is { } filter)
        {
            query.Where(filter);
        }

        if (options.Version is { } version)
        {
            query.AsOfVersion(version);
        }
        else if (options.Timestamp is { } timestamp)
        {
            query.AsOfTimestamp(timestamp);
        }

        if (options.Limit is { } limit)
        {
            query.Limit(limit);
        }

        // Counted once, when the read ends, with the same outcomes as every other operation (plus "abandoned" when the
        // caller stops early or cancels).
        var outcome = "abandoned";
        try
        {
            var rows = _sql.ReadAsync<T>(query.Build(), Execute(options.Format ?? ResultFormat.ArrowStream), cancellationToken).GetAsyncEnumerator(cancellationToken);
            await using (rows.ConfigureAwait(false))
            {
                while (true)
                {
                    bool more;
                    try
                    {
                        more = await rows.MoveNextAsync().ConfigureAwait(false);
                    }
                    catch (DatabricksException)
                    {
                        outcome = "failed";
                        throw;
                    }

                    if (!more)
                    {
                        break;
                    }

                    yield return rows.Current;
                }
            }

            outcome = "succeeded";
        }
        finally
        {
            _telemetry.DeltaOperation("read", outcome);
        }
    }

    /// <summary>
    /// Writes rows: small batches as ONE bound JSON parameter expanded in SQL; batches over the staging threshold
    /// (when a staging volume is set, see <see cref="DeltaClientOptions.StagingVolumePath"/>) written as one typed
    /// Parquet file, uploaded through the Files API and loaded with <c>read_files(:path, format =&gt; 'parquet')</c>.
    /// The staged file is deleted when the statement ends, also when it fails or is cancelled; when the upload fails
    /// the statement does not run. SQL: <c>INSERT INTO</c>, <c>INSERT OVERWRITE</c> or <c>INSERT INTO … REPLACE WHERE</c>.
    /// </summary>
    /// <typeparam name="T">The row type (or <c>IReadOnlyDictionary&lt;string, object?&gt;</c> with columns listed).</typeparam>
    /// <param name="table">The table name.</param>
    /// <param name="rows">The rows.</param>
    /// <param name="mode">Append, overwrite or replace-where.</param>
    /// <param name="options">Columns, replace predicate and staging.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The rows written; under dry run (<see cref="WriteTableOptions.DryRun"/>, <see cref="DeltaClientOptions.DryRun"/>, <see cref="DatabricksClientOptions.DryRun"/>) zero counts and <see cref="DeltaOperationResult.DryRunRequests"/>: the staged upload (if any), the statement and the staged delete that would have been sent.</returns>
    public virtual async Task<DeltaWriteResult> WriteTableAsync<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>(
        string table, IEnumerable<T> rows, WriteMode mode = WriteMode.Append, WriteTableOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new WriteTableOptions();
        if (mode == WriteMode.ReplaceWhere && options.ReplaceWhere is null)
        {
            throw new ArgumentException("WriteMode.ReplaceWhere needs WriteTableOptions.ReplaceWhere.", nameof(options));
        }

        var source = RowSource.FromObjects(rows, options.Columns);
        var target = Table(table);
        var volume = options.StagingVolumePath ?? Options.StagingVolumePath;
        var stagedPath = StagedRows.ShouldStage(source, volume, options.StagingThresholdBytes ?? Options.StagingThresholdBytes) ? StagedRows.NewPath(volume!) : null;
        var binder = new ParameterBinder();
        var select = stagedPath is not null ? StagedRows.Select(source, binder.Bind(stagedPath)) : source.ToSelect(binder, Options.RowEncoding);
        var columns = string.Join(", ", source.Columns.Select(c => SqlIdentifier.Quote(c.Name)));
        var sql = mode switch
        {
            WriteMode.Append => $"INSERT INTO {target.ToSql()} ({columns}) {select}",
            WriteMode.Overwrite => $"INSERT OVERWRITE {target.ToSql()} ({columns}) {select}",
            _ => $"INSERT INTO {target.ToSql()} REPLACE WHERE {options.ReplaceWhere!.Render(binder)} {select}",
        };
        var operation = mode switch { WriteMode.Append => "append", WriteMode.Overwrite => "overwrite", _ => "replace_where" };
        var statement = new SqlStatement(sql, binder.Parameters);
        if (await DryRunOfAsync(statement, options.DryRun, stagedPath, source, cancellationToken).ConfigureAwait(false) is { } dryRun)
        {
            return new DeltaWriteResult { StatementId = StatementResponse.NotExecutedStatementId, Table = target, Staged = stagedPath is not null, DryRunRequests = dryRun };
        }

        var (statementId, row) = await RunStagedAsync(operation, statement, stagedPath, source, cancellationToken).ConfigureAwait(false);
        return new DeltaWriteResult
        {
            StatementId = statementId,
            Table = target,
            NumAffectedRows = Long(row, "num_affected_rows") ?? source.RowCount,
            NumInsertedRows = Long(row, "num_inserted_rows") ?? source.RowCount,
            Staged = stagedPath is not null,
        };
    }

    /// <summary>Starts a MERGE into a table of this schema; finish it with <see cref="MergeBuilder.ExecuteAsync"/>.</summary>
    /// <param name="table">The target table name.</param>
    /// <returns>The builder.</returns>
    public virtual MergeBuilder Merge(string table) =>
        new MergeBuilder(Table(table), ExecuteMergeAsync).WithRowEncoding(Options.RowEncoding).WithStaging(Options.StagingVolumePath, Options.StagingThresholdBytes);

    /// <summary>Deletes rows. SQL: <c>DELETE FROM t [WHERE …]</c>.</summary>
    /// <param name="table">The table name.</param>
    /// <param name="where">The rows to delete; null deletes every row.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns>The rows deleted.</returns>
    /// <exception cref="DryRunException">Dry run is on (<see cref="DeltaClientOptions.DryRun"/> or <see cref="DatabricksClientOptions.DryRun"/>): a row count cannot exist without sending the statement; nothing was sent and the exception holds it.</exception>
    public virtual async Task<long> DeleteAsync(string table, SqlFilter? where, CancellationToken cancellationToken = default)
    {
        var binder = new ParameterBinder();
        var sql = $"DELETE FROM {Table(table).ToSql()}" + (where is null ? string.Empty : " WHERE " + where.Render(binder));
        await ThrowIfDryRunAsync(nameof(DeleteAsync), new SqlStatement(sql, binder.Parameters), cancellationToken).ConfigureAwait(false);
        var (_, row) = await RunAsync("delete", new SqlStatement(sql, binder.Parameters), retryConflicts: true, cancellationToken).ConfigureAwait(false);
        return Long(row, "num_affected_rows") ?? 0;
    }

    /// <summary>Updates rows with bound values. SQL: <c>UPDATE t SET c = :p … [WHERE …]</c>.</summary>
    /// <param name="table">The table name.</param>
    /// <param name="set">The assignments (values or DEFAULT; no source columns).</param>
    /// <param name="where">The rows to update; null updates every row.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>The rows updated.</returns>
    /// <exception cref="DryRunException">Dry run is on (<see cref="DeltaClientOptions.DryRun"/> or <see cref="DatabricksClientOptions.DryRun"/>): a row count cannot exist without sending the statement; nothing was sent and the exception holds it.</exception>
    public virtual async Task<long> UpdateAsync(string table, IReadOnlyList<MergeAssignment> set, SqlFilter? where, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (set.Count == 0 || set.Any(a => a.UsesSource))
        {
            throw new ArgumentException("An update needs at least one assignment, each a value or DEFAULT.", nameof(set));
        }

        var binder = new ParameterBinder();
        var assignments = string.Join(", ", set.Select(a => SqlIdentifier.Quote(a.Column) + " = " + a.RenderValue(binder)));
        var sql = $"UPDATE {Table(table).ToSql()} SET {assignments}" + (where is null ? string.Empty : " WHERE " + where.Render(binder));
        await ThrowIfDryRunAsync(nameof(UpdateAsync), new SqlStatement(sql, binder.Parameters), cancellationToken).ConfigureAwait(false);
        var (_, row) = await RunAsync("update", new SqlStatement(sql, binder.Parameters), retryConflicts: true, cancellationToken).ConfigureAwait(false);
        return Long(row, "num_affected_rows") ?? 0;
    }

    /// <summary>Compacts files, optionally Z-ordering. SQL: <c>OPTIMIZE t [WHERE …] [ZORDER BY (…)]</c> (WHERE on partition columns only).</summary>
    /// <param name="table">The table name.</param>
    /// <param name="where">A partition predicate, or null.</param>
    /// <param name="zOrderBy">Columns to Z-order by, or null.</param>
    /// <param name="cancellationToken">Cancels the optimize.</param>
    /// <returns>The path and metrics; under dry run no metrics and the statement in <see cref="DeltaOperationResult.DryRunRequests"/>.</returns>
    public virtual Task<OptimizeResult> OptimizeAsync(
        string table, SqlFilter? where = null, IReadOnlyList<string>? zOrderBy = null, CancellationToken cancellationToken = default) =>
        OptimizeAsync(table, new OptimizeOptions { Where = where, ZOrderBy = zOrderBy }, cancellationToken);

    /// <summary>
    /// Compacts files, Z-orders them or, on a liquid-clustered table, clusters the files not clustered yet (every file
    /// with <see cref="OptimizeOptions.Full"/>). SQL: <c>OPTIMIZE t [FULL] [WHERE …] [ZORDER BY (…)]</c>.
    /// </summary>
    /// <param name="table">The table name.</param>
    /// <param name="options">Predicate, Z-order columns or FULL.</param>
    /// <param name="cancellationToken">Cancels the optimize.</param>
    /// <returns>The path and metrics; under dry run no metrics and the statement in <see cref="DeltaOperationResult.DryRunRequests"/>.</returns>
    /// <exception cref="ArgumentException"><see cref="OptimizeOptions.Full"/> with a predicate or Z-order columns.</exception>
    /// <exception cref="SqlStatementException">Databricks refused it, e.g. <c>DELTA_CLUSTERING_WITH_ZORDER_BY</c> on a clustered table.</exception>
    public virtual async Task<OptimizeResult> OptimizeAsync(string table, OptimizeOptions options, CancellationToken cancellationToken = default)
    {
        var statement = OptimizeStatement(table, options);
        if (await DryRunOfAsync(statement, null, null, null, cancellationToken).ConfigureAwait(false) is { } dryRun)
        {
            return new OptimizeResult { StatementId = StatementResponse.NotExecutedStatementId, Table = Table(table), DryRunRequests = dryRun };
        }

        var (statementId, row) = await RunAsync("optimize", statement, retryConflicts: true, cancellationToken).ConfigureAwait(false);
        return ToOptimizeResult(statementId, row) with { Table = Table(table) };
    }

    /// <summary>
    /// Creates a Delta table with the given columns, optionally liquid-clustered or partitioned. SQL:
    /// <c>CREATE TABLE [IF NOT EXISTS] t (`c` TYPE [NOT NULL], …) [CLUSTER BY (…) | CLUSTER BY AUTO | PARTITIONED BY (…)]</c>.
    /// </summary>
    /// <param name="table">The table name.</param>
    /// <param name="columns">The columns, at least one, names unique.</param>
    /// <param name="options">IF NOT EXISTS, clustering or partitioning.</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    /// <returns><see cref="MutationResult.Sent"/> once the table exists; under dry run, the statement that would have been sent.</returns>
    /// <exception cref="ArgumentException">No column, a repeated name, clustering with partitioning, or <see cref="TableClustering.None"/>.</exception>
    public virtual async Task<MutationResult> CreateTableAsync(
        string table, IReadOnlyList<Schema.SchemaColumn> columns, CreateTableOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(columns);
        options ??= new CreateTableOptions();
        if (columns.Count == 0)
        {
            throw new ArgumentException("A table needs at least one column.", nameof(columns));
        }

        _ = new Schema.TableSchema(columns);
        foreach (var column in columns)
        {
            SqlIdentifier.Validate(column.Name, nameof(columns));
        }

        if (options.Clustering is not null && options.PartitionBy is { Count: > 0 })
        {
            throw new ArgumentException("A table is either liquid-clustered or partitioned, not both (Databricks: DELTA_CLUSTER_BY_WITH_PARTITIONED_BY).", nameof(options));
        }

        if (options.Clustering is { IsAuto: false, Columns.Count: 0 })
        {
            throw new ArgumentException("CLUSTER BY NONE is only for SetClusteringAsync; leave Clustering null for an unclustered table.", nameof(options));
        }

        var sql = new StringBuilder("CREATE TABLE ");
        if (options.IfNotExists)
        {
            sql.Append("IF NOT EXISTS ");
        }

        sql.Append(Table(table).ToSql()).Append(" (")
            .Append(string.Join(", ", columns.Select(c => SqlIdentifier.Quote(c.Name) + " " + c.Type + (c.Nullable ? string.Empty : " NOT NULL"))))
            .Append(')');
        if (options.Clustering is { } cluster)
        {
            sql.Append(' ').Append(cluster.ToSql());
        }
        else if (options.PartitionBy is { Count: > 0 } partitions)
        {
            SqlIdentifier.ValidateDistinct(partitions, nameof(options));
            sql.Append(" PARTITIONED BY (").Append(string.Join(", ", partitions.Select(SqlIdentifier.Quote))).Append(')');
        }

        return await RunMutationAsync("create_table", SqlStatement.FromText(sql.ToString()), retryConflicts: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Changes a table's liquid clustering keys, turns on automatic keys or turns clustering off. Existing files keep
    /// their layout until OPTIMIZE (new keys) or OPTIMIZE FULL (everything). Not allowed on partitioned tables
    /// (Databricks: <c>DELTA_ALTER_TABLE_CLUSTER_BY_ON_PARTITIONED_TABLE_NOT_ALLOWED</c>). SQL:
    /// <c>ALTER TABLE t CLUSTER BY (…) | CLUSTER BY AUTO | CLUSTER BY NONE</c>.
    /// </summary>
    /// <param name="table">The table name.</param>
    /// <param name="clustering">The new clustering.</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    /// <returns><see cref="MutationResult.Sent"/> once the change is committed; under dry run, the statement that would have been sent.</returns>
    public virtual async Task<MutationResult> SetClusteringAsync(string table, TableClustering clustering, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clustering);
        var sql = $"ALTER TABLE {Table(table).ToSql()} {clustering.ToSql()}";
        return await RunMutationAsync("cluster_by", SqlStatement.FromText(sql), retryConflicts: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts the OPTIMIZE of <see cref="OptimizeAsync(string, OptimizeOptions, CancellationToken)"/> without waiting (<c>wait_timeout=0s</c>) and returns the
    /// statement, whose <see cref="SqlStatementOperation.StatementId"/> a later call (another process, a durable activity)
    /// passes to <see cref="GetOptimizeResultAsync"/>. Not retried on a concurrency conflict: whoever polls decides.
    /// REST: <c>POST /api/2.0/sql/statements</c>.
    /// </summary>
    /// <param name="table">The table name.</param>
    /// <param name="where">A partition predicate, or null.</param>
    /// <param name="zOrderBy">Columns to Z-order by, or null.</param>
    /// <param name="cancellationToken">Cancels the submission (not the statement once accepted).</param>
    /// <returns>The started statement.</returns>
    /// <exception cref="DryRunException">Dry run is on (<see cref="DeltaClientOptions.DryRun"/> or <see cref="DatabricksClientOptions.DryRun"/>): a statement handle cannot exist without sending the statement; nothing was sent and the exception holds it.</exception>
    public virtual Task<SqlStatementOperation> StartOptimizeAsync(
        string table, SqlFilter? where = null, IReadOnlyList<string>? zOrderBy = null, CancellationToken cancellationToken = default) =>
        StartOptimizeAsync(table, new OptimizeOptions { Where = where, ZOrderBy = zOrderBy }, cancellationToken);

    /// <summary>
    /// Starts the OPTIMIZE of <see cref="OptimizeAsync(string, OptimizeOptions, CancellationToken)"/> without waiting
    /// (<c>wait_timeout=0s</c>); read it with <see cref="GetOptimizeResultAsync"/>. REST: <c>POST /api/2.0/sql/statements</c>.
    /// </summary>
    /// <param name="table">The table name.</param>
    /// <param name="options">Predicate, Z-order columns or FULL.</param>
    /// <param name="cancellationToken">Cancels the submission (not the statement once accepted).</param>
    /// <returns>The started statement.</returns>
    /// <exception cref="ArgumentException"><see cref="OptimizeOptions.Full"/> with a predicate or Z-order columns.</exception>
    public virtual Task<SqlStatementOperation> StartOptimizeAsync(string table, OptimizeOptions options, CancellationToken cancellationToken = default) =>
        StartAsync("optimize", OptimizeStatement(table, options), cancellationToken, mutates: true);

    /// <summary>
    /// Reads an OPTIMIZE started with <see cref="StartOptimizeAsync(string, OptimizeOptions, CancellationToken)"/> by its statement id: null while it is pending or
    /// running, its metrics once it succeeded. REST: <c>GET /api/2.0/sql/statements/{id}</c> (and its result chunks).
    /// </summary>
    /// <param name="statementId">The id from <see cref="SqlStatementOperation.StatementId"/>.</param>
    /// <param name="cancellationToken">Cancels the call (not the statement).</param>
    /// <returns>The path and metrics, or null while the statement runs.</returns>
    /// <exception cref="SqlStatementException">The statement failed, was cancelled or closed (state, error code and message on it).</exception>
    public virtual async Task<OptimizeResult?> GetOptimizeResultAsync(string statementId, CancellationToken cancellationToken = default)
    {
        var rows = await FinishedRowsAsync("optimize", statementId, cancellationToken).ConfigureAwait(false);
        return rows is null ? null : ToOptimizeResult(statementId, rows.Count > 0 ? rows[0] : null);
    }

    /// <summary>
    /// Removes files no longer referenced and older than the retention. A dry run by default; retention under 7 days
    /// is refused unless <see cref="VacuumOptions.AllowRetentionUnderSevenDays"/> is set. Not retried.
    /// SQL: <c>VACUUM t [RETAIN n HOURS] [DRY RUN]</c>.
    /// </summary>
    /// <param name="table">The table name.</param>
    /// <param name="options">Dry run and retention.</param>
    /// <param name="cancellationToken">Cancels the vacuum.</param>
    /// <returns>The files listed (<see cref="VacuumOptions.DryRun"/>, a read that runs under the client's dry run too) or the service's answer; under the client's dry run a real VACUUM is not sent and <see cref="DeltaOperationResult.DryRunRequests"/> holds it.</returns>
    /// <exception cref="ArgumentException">The retention is under 7 days without the override, or negative.</exception>
    public virtual async Task<VacuumResult> VacuumAsync(string table, VacuumOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new VacuumOptions();
        var statement = VacuumStatement(table, options);

        // VACUUM … DRY RUN only lists files, so it runs under dry run like every other read.
        if (!options.DryRun && await DryRunOfAsync(statement, null, null, null, cancellationToken).ConfigureAwait(false) is { } dryRun)
        {
            return new VacuumResult { StatementId = StatementResponse.NotExecutedStatementId, Table = Table(table), DryRunRequests = dryRun };
        }

        (string StatementId, IReadOnlyList<SqlRow> Rows) result;
        try
        {
            result = await RunRowsAsync(options.DryRun ? "vacuum_dry_run" : "vacuum", statement, retryConflicts: false, cancellationToken).ConfigureAwait(false);
        }
        catch (SqlStatementException e)
        {
            throw WithRetentionAdvice(e);
        }

        return ToVacuumResult(result.StatementId, options.DryRun, result.Rows) with { Table = Table(table) };
    }

    /// <summary>
    /// Starts the VACUUM of <see cref="VacuumAsync"/> without waiting (<c>wait_timeout=0s</c>) and returns the
    /// statement, whose <see cref="SqlStatementOperation.StatementId"/> a later call passes to <see cref="GetVacuumResultAsync"/>.
    /// A dry run by default, like <see cref="VacuumAsync"/>; the same retention rules apply before anything is sent.
    /// REST: <c>POST /api/2.0/sql/statements</c>.
    /// </summary>
    /// <param name="table">The table name.</param>
    /// <param name="options">Dry run and retention.</param>
    /// <param name="cancellationToken">Cancels the submission (not the statement once accepted).</param>
    /// <returns>The started statement.</returns>
    /// <exception cref="ArgumentException">The retention is under 7 days without the override, or negative.</exception>
    /// <exception cref="DryRunException">Dry run is on (<see cref="DeltaClientOptions.DryRun"/> or <see cref="DatabricksClientOptions.DryRun"/>): a statement handle (unless VacuumOptions.DryRun, a read) cannot exist without sending the statement; nothing was sent and the exception holds it.</exception>
    public virtual Task<SqlStatementOperation> StartVacuumAsync(string table, VacuumOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new VacuumOptions();
        return StartAsync(options.DryRun ? "vacuum_dry_run" : "vacuum", VacuumStatement(table, options), cancellationToken, mutates: !options.DryRun);
    }

    /// <summary>
    /// Reads a VACUUM started with <see cref="StartVacuumAsync"/> by its statement id: null while it is pending or
    /// running, its result once it succeeded. REST: <c>GET /api/2.0/sql/statements/{id}</c> (and its result chunks).
    /// </summary>
    /// <param name="statementId">The id from <see cref="SqlStatementOperation.StatementId"/>.</param>
    /// <param name="dryRun">Whether the VACUUM was started as a dry run (<see cref="VacuumOptions.DryRun"/>).</param>
    /// <param name="cancellationToken">Cancels the call (not the statement).</param>
    /// <returns>The files listed (dry run) or the service's answer, or null while the statement runs.</returns>
    /// <exception cref="SqlStatementException">The statement failed, was cancelled or closed (state, error code and message on it).</exception>
    public virtual async Task<VacuumResult?> GetVacuumResultAsync(string statementId, bool dryRun, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<SqlRow>? rows;
        try
        {
            rows = await FinishedRowsAsync(dryRun ? "vacuum_dry_run" : "vacuum", statementId, cancellationToken).ConfigureAwait(false);
        }
        catch (SqlStatementException e)
        {
            throw WithRetentionAdvice(e);
        }

        return rows is null ? null : ToVacuumResult(statementId, dryRun, rows);
    }

    private SqlStatement OptimizeStatement(string table, OptimizeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (where, zOrderBy) = (options.Where, options.ZOrderBy);
        if (options.Full && (where is not null || zOrderBy is { Count: > 0 }))
        {
            throw new ArgumentException(
                "OPTIMIZE FULL reclusters a liquid-clustered table, which takes neither a WHERE predicate nor ZORDER BY; drop them or Full.", nameof(options));
        }

        var binder = new ParameterBinder();
        var sql = new StringBuilder("OPTIMIZE ").Append(Table(table).ToSql());
        if (options.Full)
        {
            sql.Append(" FULL");
        }

        if (where is not null)
        {
            sql.Append(" WHERE ").Append(where.Render(binder));
        }

        if (zOrderBy is { Count: > 0 })
        {
            sql.Append(" ZORDER BY (").Append(string.Join(", ", zOrderBy.Select(SqlIdentifier.Quote))).Append(')');
        }

        return new SqlStatement(sql.ToString(), binder.Parameters);
    }

    private static OptimizeResult ToOptimizeResult(string statementId, SqlRow? row)
    {
        var metrics = row is not null && Get(row, "metrics") is IReadOnlyDictionary<string, object?> m ? m : new Dictionary<string, object?>();
        long? Metric(string name) => metrics.TryGetValue(name, out var v) && v is not null ? Convert.ToInt64(v, CultureInfo.InvariantCulture) : null;
        return new OptimizeResult
        {
            StatementId = statementId,
            Path = row is not null ? Get(row, "path") as string : null,
            NumFilesAdded = Metric("numFilesAdded"),
            NumFilesRemoved = Metric("numFilesRemoved"),
            PartitionsOptimized = Metric("partitionsOptimized"),
            NumBatches = Metric("numBatches"),
            TotalConsideredFiles = Metric("totalConsideredFiles"),
            TotalFilesSkipped = Metric("totalFilesSkipped"),
            Metrics = metrics,
        };
    }

    private static VacuumResult ToVacuumResult(string statementId, bool dryRun, IReadOnlyList<SqlRow> rows) => new()
    {
        StatementId = statementId,
        DryRun = dryRun,
        Paths = [.. rows.Where(r => r.FieldCount > 0).Select(r => r[0] as string ?? string.Empty)],
    };

    private SqlStatement VacuumStatement(string table, VacuumOptions options)
    {
        var sql = new StringBuilder("VACUUM ").Append(Table(table).ToSql());
        if (options.RetentionHours is { } hours)
        {
            if (hours < 0 || double.IsNaN(hours) || double.IsInfinity(hours))
            {
                throw new ArgumentException("The retention must be a finite number of hours, zero or more.", nameof(options));
            }

            if (hours < SevenDaysInHours && !options.AllowRetentionUnderSevenDays)
            {
                throw new ArgumentException(
                    $"A retention of {hours} hours is under 7 days (168 hours) and would break time travel and concurrent readers; set AllowRetentionUnderSevenDays to insist.",
                    nameof(options));
            }

            // RETAIN takes a numeric literal, not an expression; the value is a double, so it cannot carry SQL.
            sql.Append(" RETAIN ").Append(hours.ToString("0.###", CultureInfo.InvariantCulture)).Append(" HOURS");
        }

        if (options.DryRun)
        {
            sql.Append(" DRY RUN");
        }

        return SqlStatement.FromText(sql.ToString());
    }

    // Databricks refuses a retention under the table's delta.deletedFileRetentionDuration whatever this client allows:
    // say what it requires, keeping the statement id, SQLSTATE and error class callers branch on.
    private static SqlStatementException WithRetentionAdvice(SqlStatementException e) =>
        e.ErrorClass == "DELTA_VACUUM_RETENTION_PERIOD_TOO_SHORT" && e.Status is { } status
            ? new SqlStatementException(
                e.StatementId!,
                status with
                {
                    Error = new StatementError
                    {
                        ErrorCode = status.Error?.ErrorCode,
                        Message = status.Error?.Message + " " + RetentionCheckAdvice,
                    },
                })
            : e;

    /// <summary>Reads a table's commit history, newest first. SQL: <c>DESCRIBE HISTORY t [LIMIT n]</c>.</summary>
    /// <param name="table">The table name.</param>
    /// <param name="limit">The most commits to read, or null for all.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The commits.</returns>
    public virtual async Task<IReadOnlyList<HistoryEntry>> DescribeHistoryAsync(string table, int? limit = null, CancellationToken cancellationToken = default)
    {
        var sql = "DESCRIBE HISTORY " + Table(table).ToSql();
        if (limit is { } n)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n, nameof(limit));
            sql += " LIMIT " + n.ToString(CultureInfo.InvariantCulture);
        }

        var (_, rows) = await RunRowsAsync("history", SqlStatement.FromText(sql), retryConflicts: false, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => new HistoryEntry
        {
            Version = Long(r, "version") ?? 0,
            Timestamp = Get(r, "timestamp") switch
            {
                DateTimeOffset t => t,
                DateTime t => new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)),
                string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                _ => null,
            },
            Operation = Get(r, "operation") as string,
            OperationParameters = DeltaOperationMetrics.StringMap(Get(r, "operationParameters")),
            OperationMetrics = DeltaOperationMetrics.From(Get(r, "operationMetrics")),
            UserName = Get(r, "userName") as string,
            ReadVersion = Long(r, "readVersion"),
            IsBlindAppend = Get(r, "isBlindAppend") as bool?,
        })];
    }

    /// <summary>Restores a table to a version. SQL: <c>RESTORE TABLE t TO VERSION AS OF n</c>.</summary>
    /// <param name="table">The table name.</param>
    /// <param name="version">The version.</param>
    /// <param name="cancellationToken">Cancels the restore.</param>
    /// <returns>The restore metrics; under dry run none, and the statement in <see cref="DeltaOperationResult.DryRunRequests"/>.</returns>
    public virtual Task<RestoreResult> RestoreAsync(string table, long version, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(version);

        // Like VERSION AS OF in queries, the version is a long written as a literal (DBR 17.3 and earlier accept no marker there).
        var target = Table(table);
        return RestoreCoreAsync(target, SqlStatement.FromText($"RESTORE TABLE {target.ToSql()} TO VERSION AS OF {version.ToString(CultureInfo.InvariantCulture)}"), cancellationToken);
    }

    /// <summary>Restores a table to a point in time. SQL: <c>RESTORE TABLE t TO TIMESTAMP AS OF :ts</c>.</summary>
    /// <param name="table">The table name.</param>
    /// <param name="timestamp">The instant.</param>
    /// <param name="cancellationToken">Cancels the restore.</param>
    /// <returns>The restore metrics; under dry run none, and the statement in <see cref="DeltaOperationResult.DryRunRequests"/>.</returns>
    public virtual Task<RestoreResult> RestoreAsync(string table, DateTimeOffset timestamp, CancellationToken cancellationToken = default)
    {
        var binder = new ParameterBinder();
        var target = Table(table);
        var sql = $"RESTORE TABLE {target.ToSql()} TO TIMESTAMP AS OF {binder.Bind(timestamp)}";
        return RestoreCoreAsync(target, new SqlStatement(sql, binder.Parameters), cancellationToken);
    }

    /// <summary>Runs a merge built by <see cref="Merge"/>: duplicate-key preflight, staging of large in-memory sources, then the MERGE.</summary>
    internal async Task<MergeResult> ExecuteMergeAsync(MergeBuilder merge, CancellationToken cancellationToken)
    {
        if (merge.HasMatchedClause && merge.KeyColumns is { } keys)
        {
            IReadOnlyList<DuplicateKey> duplicates;
            if (merge.Rows is not null)
            {
                duplicates = merge.FindDuplicateSourceKeys();
            }
            else
            {
                var query = merge.DuplicateKeyQuery(100)!;
                var (_, rows) = await RunRowsAsync("merge_preflight", query, retryConflicts: false, cancellationToken).ConfigureAwait(false);
                duplicates = [.. rows.Select(r => new DuplicateKey(
                    keys.Select((k, i) => (k, r[i])).ToDictionary(p => p.k, p => p.Item2, StringComparer.OrdinalIgnoreCase),
                    Convert.ToInt64(r[keys.Count], CultureInfo.InvariantCulture)))];
            }

            if (duplicates.Count > 0)
            {
                _telemetry.DeltaOperation("merge", "duplicate_source_keys");
                throw new DuplicateSourceKeysException(duplicates);
            }
        }

        var stagedPath = merge.StagesSourceRows ? StagedRows.NewPath(merge.StagingVolumePath!) : null;
        var statement = merge.Render(stagedPath);
        if (await DryRunOfAsync(statement, merge.DryRun, stagedPath, merge.Rows, cancellationToken).ConfigureAwait(false) is { } dryRun)
        {
            return new MergeResult { StatementId = StatementResponse.NotExecutedStatementId, Table = merge.Target, DryRunRequests = dryRun };
        }

        var (statementId, row) = await RunStagedAsync("merge", statement, stagedPath, merge.Rows, cancellationToken).ConfigureAwait(false);
        return new MergeResult
        {
            StatementId = statementId,
            Table = merge.Target,
            NumAffectedRows = Long(row, "num_affected_rows") ?? 0,
            NumUpdatedRows = Long(row, "num_updated_rows") ?? 0,
            NumDeletedRows = Long(row, "num_deleted_rows") ?? 0,
            NumInsertedRows = Long(row, "num_inserted_rows") ?? 0,
        };
    }

    private async Task<RestoreResult> RestoreCoreAsync(TableName table, SqlStatement statement, CancellationToken cancellationToken)
    {
        if (await DryRunOfAsync(statement, null, null, null, cancellationToken).ConfigureAwait(false) is { } dryRun)
        {
            return new RestoreResult { StatementId = StatementResponse.NotExecutedStatementId, Table = table, DryRunRequests = dryRun };
        }

        var (statementId, row) = await RunAsync("restore", statement, retryConflicts: true, cancellationToken).ConfigureAwait(false);
        var metrics = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; row is not null && i < row.FieldCount; i++)
        {
            metrics[row.Schema.Columns[i].Name] = row[i];
        }

        return new RestoreResult
        {
            StatementId = statementId,
            Table = table,
            TableSizeAfterRestore = Long(row, "table_size_after_restore"),
            NumOfFilesAfterRestore = Long(row, "num_of_files_after_restore"),
            NumRemovedFiles = Long(row, "num_removed_files"),
            NumRestoredFiles = Long(row, "num_restored_files"),
            RemovedFilesSize = Long(row, "removed_files_size"),
            RestoredFilesSize = Long(row, "restored_files_size"),
            Metrics = metrics,
        };
    }

    private async Task<(string StatementId, SqlRow? Row)> RunAsync(string operation, SqlStatement statement, bool retryConflicts, CancellationToken cancellationToken)
    {
        var (statementId, rows) = await RunRowsAsync(operation, statement, retryConflicts, cancellationToken).ConfigureAwait(false);
        return (statementId, rows.Count > 0 ? rows[0] : null);
    }

    /// <summary>Runs a statement (conflicts re-run when asked) and reads its rows, returning the id of the run that succeeded.</summary>
    private async Task<(string StatementId, IReadOnlyList<SqlRow> Rows)> RunRowsAsync(string operation, SqlStatement statement, bool retryConflicts, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var response = await _sql.ExecuteAsync(statement, Execute(ResultFormat.JsonArray), cancellationToken).ConfigureAwait(false);
                var rows = new List<SqlRow>();
                await foreach (var row in _sql.ReadRowsAsync(response, cancellationToken).ConfigureAwait(false))
                {
                    rows.Add(row);
                }

                _telemetry.DeltaOperation(operation, "succeeded");
                return (response.StatementId, rows);
            }
            catch (SqlStatementException e) when (retryConflicts && e.IsConcurrencyConflict && attempt < Options.MaxConflictRetries)
            {
                // A statement that lost a conflict committed nothing, so running it again cannot apply it twice.
                _telemetry.DeltaOperation(operation, "conflict_retried");
                var delay = TimeSpan.FromMilliseconds(100 * (1 << attempt) * (1 + Random.Shared.NextDouble()));
                Log.DeltaConflictRetry(_logger, operation, e.ErrorClass ?? e.SqlState ?? "conflict", attempt + 1, delay.TotalMilliseconds);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is DatabricksException)
            {
                _telemetry.DeltaOperation(operation, e is SqlStatementException { IsConcurrencyConflict: true } ? "conflict" : "failed");
                throw;
            }
        }
    }

    // DryRun = false: this client decides itself (reads always run; mutations pass DryRunOfAsync first), so the SQL
    // client must not treat its statements as unclassified text.
    private SqlExecuteOptions Execute(ResultFormat format) => new()
    {
        Format = format,
        Catalog = Catalog,
        Schema = Schema,
        WarehouseId = Options.WarehouseId,
        Timeout = Options.StatementTimeout,
        DryRun = false,
    };

    /// <summary>
    /// The dry-run gate of every mutating statement this client generates: under dry run (<paramref name="perCall"/>,
    /// else <see cref="DeltaClientOptions.DryRun"/>, else the client's <see cref="DatabricksClientOptions.DryRun"/>) the
    /// requests that would have been sent, in order (a staged upload, the statement, the staged file's delete); null
    /// when the statement must run.
    /// </summary>
    private async Task<IReadOnlyList<DryRunRequest>?> DryRunOfAsync(
        SqlStatement statement, bool? perCall, string? stagedPath, RowSource? source, CancellationToken cancellationToken)
    {
        var options = Execute(ResultFormat.JsonArray) with { DryRun = perCall ?? Options.DryRun };
        if (_sql.InterceptDryRun(statement, options, knownMutation: true) is not { } request)
        {
            return null;
        }

        if (stagedPath is null || source is null)
        {
            return [request];
        }

        // The file that would be uploaded is built as it would be, so its length is exact.
        using var buffer = new MemoryStream();
        await StagedRows.WriteParquetAsync(source, buffer, cancellationToken).ConfigureAwait(false);
        return [_files.DescribeUpload(stagedPath, new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, checked((int)buffer.Length))), request, _files.DescribeDelete(stagedPath)];
    }

    /// <summary>Runs DDL that returns nothing, or under dry run returns what would have been sent.</summary>
    private async Task<MutationResult> RunMutationAsync(string operation, SqlStatement statement, bool retryConflicts, CancellationToken cancellationToken)
    {
        if (await DryRunOfAsync(statement, null, null, null, cancellationToken).ConfigureAwait(false) is { } dryRun)
        {
            _telemetry.DeltaOperation(operation, "dry_run");
            return MutationResult.NotSent(dryRun[0]);
        }

        await RunAsync(operation, statement, retryConflicts, cancellationToken).ConfigureAwait(false);
        return MutationResult.Sent;
    }

    /// <summary>Under dry run, a call whose result is a row count cannot return one: it throws what it would have sent.</summary>
    private async Task ThrowIfDryRunAsync(string operation, SqlStatement statement, CancellationToken cancellationToken)
    {
        if (await DryRunOfAsync(statement, null, null, null, cancellationToken).ConfigureAwait(false) is { } dryRun)
        {
            _telemetry.DeltaOperation(operation, "dry_run");
            throw new DryRunException("DeltaClient." + operation, dryRun);
        }
    }

    private async Task<SqlStatementOperation> StartAsync(string operation, SqlStatement statement, CancellationToken cancellationToken, bool mutates)
    {
        if (mutates && await DryRunOfAsync(statement, null, null, null, cancellationToken).ConfigureAwait(false) is { } dryRun)
        {
            throw new DryRunException("DeltaClient.Start" + char.ToUpperInvariant(operation[0]) + operation[1..] + "Async", dryRun);
        }

        try
        {
            var started = await _sql.StartAsync(statement, Execute(ResultFormat.JsonArray) with { Timeout = null }, cancellationToken).ConfigureAwait(false);
            _telemetry.DeltaOperation(operation, "started");
            return started;
        }
        catch (DatabricksException)
        {
            _telemetry.DeltaOperation(operation, "failed");
            throw;
        }
    }

    /// <summary>The rows of a started statement once it succeeded; null while it runs; throws when it ended otherwise.</summary>
    private async Task<IReadOnlyList<SqlRow>?> FinishedRowsAsync(string operation, string statementId, CancellationToken cancellationToken)
    {
        // The statement's own operation decides completion and failure, as for every other long-running statement.
        var statement = await _sql.GetStatementOperationAsync(statementId, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!statement.HasCompleted)
        {
            return null;
        }

        StatementResponse response;
        try
        {
            response = statement.Value;
        }
        catch (SqlStatementException failure)
        {
            _telemetry.DeltaOperation(operation, failure.IsConcurrencyConflict ? "conflict" : "failed");
            throw;
        }

        var rows = new List<SqlRow>();
        await foreach (var row in _sql.ReadRowsAsync(response, cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        _telemetry.DeltaOperation(operation, "succeeded");
        return rows;
    }

    /// <summary>Uploads the staged rows (when there are any), runs the statement, and always deletes the staged file.</summary>
    private async Task<(string StatementId, SqlRow? Row)> RunStagedAsync(string operation, SqlStatement statement, string? stagedPath, RowSource? source, CancellationToken cancellationToken)
    {
        if (stagedPath is null)
        {
            if (source is { RowCount: > 0 } && StagedRows.EstimateJsonBytes(source) is var estimate && estimate > StagedRows.StatementLimitBytes)
            {
                // Sent anyway: the documented 16 MiB limit is on the statement text, and no limit on parameters is
                // documented, so the workspace decides; the warning says how to avoid the risk.
                Log.DeltaLargeBatchNotStaged(_logger, operation, source.RowCount, estimate);
            }

            return await RunAsync(operation, statement, retryConflicts: true, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            // An upload that fails throws here, so the statement never runs over a missing or partial file.
            await StageAsync(stagedPath, source!, cancellationToken).ConfigureAwait(false);
            return await RunAsync(operation, statement, retryConflicts: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await DeleteStagedAsync(stagedPath).ConfigureAwait(false);
        }
    }

    private async Task StageAsync(string path, RowSource source, CancellationToken cancellationToken)
    {
        // The Parquet file (typed, compressed) is built in one buffer that the PUT sends as is: no JSON text and no
        // second copy; the body stays replayable for the resilience pipeline's retries.
        using var buffer = new MemoryStream();
        await StagedRows.WriteParquetAsync(source, buffer, cancellationToken).ConfigureAwait(false);
        try
        {
            await _files.UploadAsync(path, new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, checked((int)buffer.Length)), overwrite: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DatabricksException or HttpRequestException)
        {
            _telemetry.DeltaOperation("stage", "failed");
            throw;
        }

        _telemetry.DeltaOperation("stage", "succeeded");
        Log.DeltaStaged(_logger, source.RowCount, (int)buffer.Length);
    }

    private async Task DeleteStagedAsync(string path)
    {
        // Not the caller's token: a cancelled write still removes its file.
        try
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30), _time);
            await _files.DeleteAsync(path, cancel.Token).ConfigureAwait(false);
        }
        catch (DatabricksException e) when (e.IsNotFound)
        {
            // The upload never stored it.
        }
        catch (Exception e) when (e is DatabricksException or OperationCanceledException or HttpRequestException)
        {
            Log.DeltaStagingCleanupFailed(_logger, e.GetType().Name);
        }
    }

    private static object? Get(SqlRow row, string column) => row.Schema.IndexOf(column) is var i and >= 0 ? row[i] : null;

    private static long? Long(SqlRow? row, string column) =>
        row is not null && Get(row, column) is { } v ? Convert.ToInt64(v, CultureInfo.InvariantCulture) : null;
}
