using System.Globalization;
using System.Text.Json.Nodes;
using DeltaFunctions.Lakehouse.Catalog;
using DeltaFunctions.Lakehouse.Log;
using DeltaFunctions.Lakehouse.Sql;

namespace DeltaFunctions.Lakehouse.Commands;

/// <summary>Table DDL and introspection: CREATE / DROP TABLE, ALTER TABLE, DESCRIBE, SHOW TBLPROPERTIES.</summary>
internal sealed partial class StatementExecutor
{
    private const string TypeWideningProperty = "delta.enableTypeWidening";

    private LakehouseResult ExecuteTableStatement(SqlStatement statement) => statement switch
    {
        CreateTableStatement s => CreateTable(s),
        DescribeTableStatement s => DescribeTable(s),
        DescribeDetailStatement s => DescribeDetail(s),
        DescribeHistoryStatement s => DescribeHistory(s),
        ShowTablePropertiesStatement s => ShowTableProperties(s),
        InsertStatement s => Insert(s),
        UpdateStatement s => Update(s),
        DeleteStatement s => Delete(s),
        MergeStatement s => Merge(s),
        AlterTableAddColumnsStatement s => AddColumns(s),
        AlterColumnTypeStatement s => AlterColumnType(s),
        AlterTableSetPropertiesStatement s => SetProperties(s),
        AlterTableClusterByStatement s => AlterClusterBy(s),
        AlterTablePredictiveOptimizationStatement s => SetPredictiveOptimization(s),
        OptimizeStatement s => Optimize(s),
        VacuumStatement s => Vacuum(s),
        RestoreStatement s => Restore(s),
        _ => throw SqlErrors.Unsupported(statement.GetType().Name),
    };

    private DateTimeOffset Now => _context.TimeProvider.GetUtcNow();

    private CancellationToken Token => _context.CancellationToken;

    private (ResolvedTable Table, DeltaLog Log, Snapshot Snapshot) OpenTable(SqlName name)
    {
        var table = TableResolver.Resolve(_context, name);
        var log = TableResolver.OpenLog(_context, table);
        return (table, log, log.GetSnapshot());
    }

    private DeltaTransaction BeginTransaction(DeltaLog log, Snapshot? snapshot) => new(log, snapshot, _context.Options);

    /// <summary>Commits a transaction, first giving the test seam a chance to run a concurrent writer.</summary>
    private long Commit(
        DeltaTransaction transaction,
        string operation,
        IReadOnlyDictionary<string, string>? parameters,
        IReadOnlyDictionary<string, string>? metrics,
        CancellationToken cancellationToken)
    {
        _context.BeforeCommit?.Invoke(operation);
        cancellationToken.ThrowIfCancellationRequested();
        var version = transaction.Commit(operation, parameters, metrics, cancellationToken);
        _context.MarkCommitted();
        return version;
    }

    private IReadOnlyList<AddFile> WriteFiles(ResolvedTable table, MetadataAction metadata, string selectSql, bool dataChange = true, IReadOnlyCollection<string>? columns = null) =>
        new DataFileWriter(table.Location, metadata, _context.Options, _context.TimeProvider).Write(_context.Connection, selectSql, columns, dataChange, Token);

    private void DropTable(DropStatement s)
    {
        var table = TableResolver.TryResolve(_context, s.Name);
        if (table is null)
        {
            if (s.IfExists)
            {
                return;
            }

            throw SqlErrors.TableNotFound(s.Name.ToString());
        }

        if (table.Catalog is null)
        {
            throw SqlErrors.Unsupported("DROP TABLE on a path");
        }

        _context.Catalog.DropTable(_context.Catalog.RequireSchema(table.Catalog, table.Schema!), table.Name);
    }

    private LakehouseResult CreateTable(CreateTableStatement s)
    {
        var (catalogName, schemaName, tableName) = ObjectName(s.Name);
        var schemaEntry = _context.Catalog.RequireSchema(catalogName, schemaName);
        CatalogStore.Normalize(tableName);
        var existing = TableResolver.TryResolve(_context, s.Name);
        if (existing is not null && !s.OrReplace)
        {
            if (s.IfNotExists)
            {
                return LakehouseResult.Empty;
            }

            throw new LakehouseException("TABLE_OR_VIEW_ALREADY_EXISTS", "42P07", $"Cannot create table or view `{catalogName}`.`{schemaName}`.`{tableName}` because it already exists.");
        }

        string location;
        var external = s.Location is not null;
        if (external)
        {
            location = _context.Catalog.ResolveStoragePath(s.Location!);
        }
        else
        {
            location = existing?.Location ?? CatalogStore.ManagedTablePath(schemaEntry, tableName);
        }

        var table = new ResolvedTable(schemaEntry.Catalog, schemaEntry.Name, tableName, location, external);
        var log = DeltaLog.ForTable(location, _context.TimeProvider, _context.Connection);
        if (external && log.Exists && s.Columns is null && s.AsQuery is null)
        {
            // Register an existing Delta table by location.
            _ = log.GetSnapshot();
            _context.Catalog.RegisterExternal(schemaEntry, tableName, location);
            return LakehouseResult.Empty;
        }

        string? sourceTable = null;
        StructType schema;
        if (s.AsQuery is not null)
        {
            if (s.Columns is not null)
            {
                throw SqlErrors.Unsupported("a column list together with AS SELECT");
            }

            // The query itself when it binds no parameters: the writer then runs it once, straight into the files.
            sourceTable = SourceRelation(s.AsQuery);
            schema = SchemaOf(sourceTable);
        }
        else if (s.Columns is not null)
        {
            schema = new StructType(s.Columns.Select(ToField));
        }
        else
        {
            throw new LakehouseException("DELTA_SCHEMA_NOT_PROVIDED", "42908", $"Table schema is not provided for `{tableName}`: give a column list, AS SELECT or the LOCATION of an existing Delta table.");
        }

        CheckDuplicateColumns(schema.Fields.Select(f => f.Name));
        foreach (var p in s.PartitionColumns)
        {
            if (schema.Find(p) is null)
            {
                throw new LakehouseException("DELTA_PARTITION_COLUMN_NOT_FOUND", "42703", $"Partition column `{p}` not found in schema.");
            }
        }

        var partitions = s.PartitionColumns.Select(p => schema.Find(p)!.Name).ToList();
        var properties = s.Properties;
        List<string>? clustering = null;
        if (s.ClusterBy is { } clusterBy)
        {
            if (partitions.Count > 0)
            {
                throw new LakehouseException(
                    "DELTA_CLUSTER_BY_WITH_PARTITIONED_BY",
                    "42613",
                    "Clustering and partitioning cannot both be specified. Please remove PARTITIONED BY if you want to create a Delta table with clustering.");
            }

            clustering = ResolveClusteringColumns(schema, clusterBy.Columns);
            if (clusterBy.Auto)
            {
                properties = new Dictionary<string, string>(s.Properties) { [ClusterByAutoProperty] = "true" };
            }
        }

        var metadata = MetadataAction.Create(schema, partitions, properties, Now, s.Comment);
        var snapshot = log.Exists ? log.GetSnapshot() : null;
        var transaction = BeginTransaction(log, snapshot);
        transaction.UpdateMetadata(snapshot is null ? metadata : metadata with { Id = snapshot.Metadata.Id });
        var protocol = snapshot is null ? TableFeatures.ForNewTable(schema, properties) : TableFeatures.Upgrade(snapshot.Protocol, schema, properties);
        if (clustering is not null)
        {
            protocol = TableFeatures.AddWriterFeatures(protocol, "domainMetadata", "clustering");
            RecordClustering(transaction, schema, clustering);
        }
        else if (snapshot is not null && snapshot.DomainMetadata.ContainsKey(ClusteringDomain))
        {
            // A replaced table without CLUSTER BY is no longer clustered by the old columns.
            transaction.SetDomainMetadata(ClusteringDomain, new JsonObject { ["clusteringColumns"] = new JsonArray() }.ToJsonString());
        }

        transaction.UpdateProtocol(protocol);
        if (snapshot is not null)
        {
            transaction.ReadWholeTable();
            transaction.RemoveFiles(snapshot.Files);
        }

        var metrics = new Dictionary<string, string>();
        if (sourceTable is not null)
        {
            // The schema was read from the query's own columns, so the writer need not describe (bind) it again.
            var adds = WriteFiles(table, metadata, $"SELECT * FROM {sourceTable}", columns: [.. schema.Fields.Select(f => f.Name)]);
            transaction.AddFiles(adds);
            metrics = WriteMetrics(adds);
        }

        var operation = (s.OrReplace && snapshot is not null ? "CREATE OR REPLACE TABLE" : "CREATE TABLE") + (sourceTable is null ? string.Empty : " AS SELECT");
        Commit(transaction,
            operation,
            new Dictionary<string, string>
            {
                ["isManaged"] = external ? "false" : "true",
                ["description"] = s.Comment ?? "null",
                ["partitionBy"] = JsonArray(partitions),
                ["clusterBy"] = JsonArray(clustering ?? []),
                ["properties"] = new JsonObject(properties.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))).ToJsonString(),
            },
            sourceTable is null ? null : metrics,
            Token);
        if (external)
        {
            _context.Catalog.RegisterExternal(schemaEntry, tableName, location);
        }

        return LakehouseResult.Empty;
    }

    private static StructField ToField(ColumnDefinition c)
    {
        var metadata = new Dictionary<string, JsonNode?>();
        if (c.Comment is not null)
        {
            metadata["comment"] = JsonValue.Create(c.Comment);
        }

        return new StructField(c.Name, ParseType(c.TypeText), c.Nullable, metadata);
    }

    private static DeltaType ParseType(string typeText)
    {
        _ = SqlTypes.ToDuckDb(typeText);
        return DeltaType.ParseSql(typeText);
    }

    private static void CheckDuplicateColumns(IEnumerable<string> names)
    {
        var duplicate = names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new LakehouseException("COLUMN_ALREADY_EXISTS", "42711", $"The column `{duplicate.Key.ToLowerInvariant()}` already exists. Choose another name or rename the existing column.");
        }
    }

    /// <summary>Runs a query into a temporary DuckDB table and returns the table's name.</summary>
    private string MaterializeSql(string sql, IReadOnlyDictionary<string, object?>? parameters, string prefix)
    {
        var name = _context.NewTempName(prefix);
        _context.Execute($"CREATE TEMP TABLE {name} AS {sql}", parameters);
        return name;
    }

    /// <summary>Derives a Delta schema from the columns of a DuckDB relation.</summary>
    private StructType SchemaOf(string relation)
    {
        var columns = _context.Describe($"SELECT * FROM {relation}");
        CheckDuplicateColumns(columns.Select(c => c.Name));
        return new StructType(columns.Select(c => new StructField(c.Name, DeltaType.ParseSql(SqlTypes.FromDuckDb(c.Type)), true)));
    }

    private static string JsonArray(IEnumerable<string> values) =>
        new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]).ToJsonString();

    private static Dictionary<string, string> WriteMetrics(IReadOnlyList<AddFile> adds) => new()
    {
        ["numFiles"] = adds.Count.ToString(CultureInfo.InvariantCulture),
        ["numOutputRows"] = adds.Sum(a => a.NumRecords ?? 0).ToString(CultureInfo.InvariantCulture),
        ["numOutputBytes"] = adds.Sum(a => a.Size).ToString(CultureInfo.InvariantCulture),
    };

    private LakehouseResult DescribeTable(DescribeTableStatement s)
    {
        var (table, _, snapshot) = OpenTable(s.Table);
        var rows = new List<object?[]>();
        foreach (var f in snapshot.Schema.Fields)
        {
            rows.Add([f.Name, DataType(f.Type), f.Comment]);
        }

        var partitions = snapshot.Metadata.PartitionColumns;
        if (partitions.Count > 0)
        {
            rows.Add(["# Partition Information", string.Empty, string.Empty]);
            rows.Add(["# col_name", "data_type", "comment"]);
            foreach (var p in partitions)
            {
                var f = snapshot.Schema.Find(p);
                rows.Add([p, f is null ? string.Empty : DataType(f.Type), f?.Comment]);
            }
        }

        if (ClusteringColumns(snapshot) is { Count: > 0 } clusteringColumns)
        {
            rows.Add(["# Clustering Information", string.Empty, string.Empty]);
            rows.Add(["# col_name", "data_type", "comment"]);
            foreach (var c in clusteringColumns)
            {
                var f = snapshot.Schema.Find(c);
                rows.Add([c, f is null ? string.Empty : DataType(f.Type), f?.Comment]);
            }
        }

        if (s.Extended)
        {
            rows.Add([string.Empty, string.Empty, string.Empty]);
            rows.Add(["# Detailed Table Information", string.Empty, string.Empty]);
            rows.Add(["Catalog", table.Catalog, string.Empty]);
            rows.Add(["Database", table.Schema, string.Empty]);
            rows.Add(["Table", table.Name, string.Empty]);
            rows.Add(["Created Time", CatalogStore.FormatTimestamp(CreatedAt(snapshot)), string.Empty]);
            rows.Add(["Type", table.External ? "EXTERNAL" : "MANAGED", string.Empty]);
            rows.Add(["Location", table.Location, string.Empty]);
            rows.Add(["Provider", "delta", string.Empty]);
            rows.Add(["Comment", snapshot.Metadata.Description, string.Empty]);
            if (table.Catalog is not null)
            {
                var setting = _context.Catalog.GetPredictiveOptimization(_context.Catalog.RequireSchema(table.Catalog, table.Schema!), table.Name);
                rows.Add(["Predictive Optimization", setting == "INHERIT" ? "DISABLE (inherited from METASTORE emulator)" : setting, string.Empty]);
            }

            rows.Add(["Table Properties", "[" + string.Join(",", snapshot.Metadata.Configuration.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}")) + "]", string.Empty]);
        }

        return CommandResults.Build([("col_name", "STRING"), ("data_type", "STRING"), ("comment", "STRING")], rows);
    }

    private static string DataType(DeltaType type) => SqlTypes.NormalizeDatabricks(type.ToSqlText()).ToLowerInvariant();

    private static DateTimeOffset CreatedAt(Snapshot snapshot) =>
        snapshot.Metadata.CreatedTime is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : snapshot.Timestamp;

    private LakehouseResult DescribeDetail(DescribeDetailStatement s)
    {
        var (table, _, snapshot) = OpenTable(s.Table);
        var metadata = snapshot.Metadata;
        var protocol = snapshot.Protocol;
        var features = (protocol.ReaderFeatures ?? []).Concat(protocol.WriterFeatures ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return CommandResults.Build(
            [
                ("format", "STRING"), ("id", "STRING"), ("name", "STRING"), ("description", "STRING"), ("location", "STRING"),
                ("createdAt", "TIMESTAMP"), ("lastModified", "TIMESTAMP"), ("partitionColumns", "ARRAY<STRING>"),
                ("clusteringColumns", "ARRAY<STRING>"), ("numFiles", "BIGINT"), ("sizeInBytes", "BIGINT"),
                ("properties", "MAP<STRING, STRING>"), ("minReaderVersion", "INT"), ("minWriterVersion", "INT"),
                ("tableFeatures", "ARRAY<STRING>"),
            ],
            [[
                "delta", metadata.Id, table.FullName, metadata.Description, table.Location,
                CreatedAt(snapshot).UtcDateTime, snapshot.Timestamp.UtcDateTime,
                metadata.PartitionColumns.Cast<object?>().ToList(), (ClusteringColumns(snapshot) ?? []).Cast<object?>().ToList(),
                (long)snapshot.Files.Count, snapshot.SizeInBytes,
                metadata.Configuration.ToDictionary(kv => (object)kv.Key, kv => (object?)kv.Value),
                protocol.MinReaderVersion, protocol.MinWriterVersion, features.Cast<object?>().ToList(),
            ]]);
    }

    private LakehouseResult DescribeHistory(DescribeHistoryStatement s)
    {
        var (_, log, _) = OpenTable(s.Table);
        var history = log.GetHistory(s.Limit);
        var rows = history.Select(h => new object?[]
        {
            h.Version, h.Timestamp.UtcDateTime, h.UserId, h.UserName, h.Operation,
            h.OperationParameters.ToDictionary(kv => (object)kv.Key, kv => (object?)kv.Value),
            null, null, null, h.ReadVersion, h.IsolationLevel, h.IsBlindAppend,
            h.OperationMetrics?.ToDictionary(kv => (object)kv.Key, kv => (object?)kv.Value),
            h.UserMetadata, h.EngineInfo,
        });
        return CommandResults.Build(
            [
                ("version", "BIGINT"), ("timestamp", "TIMESTAMP"), ("userId", "STRING"), ("userName", "STRING"), ("operation", "STRING"),
                ("operationParameters", "MAP<STRING, STRING>"),
                ("job", "STRUCT<jobId: STRING, jobName: STRING, jobRunId: STRING, runId: STRING, jobOwnerId: STRING, triggerType: STRING>"),
                ("notebook", "STRUCT<notebookId: STRING>"), ("clusterId", "STRING"), ("readVersion", "BIGINT"), ("isolationLevel", "STRING"),
                ("isBlindAppend", "BOOLEAN"), ("operationMetrics", "MAP<STRING, STRING>"), ("userMetadata", "STRING"), ("engineInfo", "STRING"),
            ],
            rows);
    }

    private LakehouseResult ShowTableProperties(ShowTablePropertiesStatement s)
    {
        var (_, _, snapshot) = OpenTable(s.Table);
        return CommandResults.Build(
            [("key", "STRING"), ("value", "STRING")],
            snapshot.Metadata.Configuration.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new object?[] { kv.Key, kv.Value }));
    }

    private LakehouseResult AddColumns(AlterTableAddColumnsStatement s)
    {
        var (_, log, snapshot) = OpenTable(s.Table);
        var fields = snapshot.Schema.Fields.Concat(s.Columns.Select(ToField)).ToList();
        CheckDuplicateColumns(fields.Select(f => f.Name));
        var schema = new StructType(fields);
        var transaction = BeginTransaction(log, snapshot);
        transaction.UpdateMetadata(snapshot.Metadata.WithSchema(schema));
        Commit(transaction,
            "ADD COLUMNS",
            new Dictionary<string, string>
            {
                ["columns"] = new JsonArray([.. s.Columns.Select(c => (JsonNode?)new JsonObject { ["column"] = c.Name, ["position"] = null })]).ToJsonString(),
            },
            null,
            Token);
        return LakehouseResult.Empty;
    }

    private LakehouseResult AlterColumnType(AlterColumnTypeStatement s)
    {
        var (_, log, snapshot) = OpenTable(s.Table);
        var field = snapshot.Schema.Find(s.Column)
            ?? throw new LakehouseException("UNRESOLVED_COLUMN.WITH_SUGGESTION", "42703", $"A column with name `{s.Column}` cannot be resolved.");
        var target = ParseType(s.TypeText);
        if (target == field.Type)
        {
            return LakehouseResult.Empty;
        }

        var enabled = string.Equals(snapshot.Metadata.GetConfiguration(TypeWideningProperty), "true", StringComparison.OrdinalIgnoreCase);
        if (!enabled || field.Type.IsNested || !TypeWidening.IsSupported(field.Type, target))
        {
            throw new LakehouseException(
                "DELTA_UNSUPPORTED_ALTER_TABLE_CHANGE_COL_OP",
                "0AKDC",
                $"ALTER TABLE ALTER COLUMN is not supported for changing column {field.Name} from {field.Type.ToSqlText()} to {target.ToSqlText()}"
                + (enabled ? "." : $": enable type widening with TBLPROPERTIES ('{TypeWideningProperty}' = 'true')."));
        }

        var widened = TypeWidening.Widen(field, target);
        var schema = new StructType(snapshot.Schema.Fields.Select(f => ReferenceEquals(f, field) ? widened : f));
        var transaction = BeginTransaction(log, snapshot);
        transaction.UpdateMetadata(snapshot.Metadata.WithSchema(schema));
        transaction.UpdateProtocol(TableFeatures.Upgrade(snapshot.Protocol, schema, snapshot.Metadata.Configuration));
        Commit(transaction,
            "CHANGE COLUMN",
            new Dictionary<string, string>
            {
                ["column"] = new JsonObject { ["name"] = field.Name, ["type"] = target.ToJson(), ["nullable"] = field.Nullable, ["metadata"] = new JsonObject() }.ToJsonString(),
            },
            null,
            Token);
        return LakehouseResult.Empty;
    }

    private LakehouseResult SetPredictiveOptimization(AlterTablePredictiveOptimizationStatement s)
    {
        var table = TableResolver.Resolve(_context, s.Table);
        if (table.Catalog is null)
        {
            throw SqlErrors.Unsupported("PREDICTIVE OPTIMIZATION on a path");
        }

        _context.Catalog.SetPredictiveOptimization(_context.Catalog.RequireSchema(table.Catalog, table.Schema!), table.Name, s.Setting);
        return LakehouseResult.Empty;
    }

    private LakehouseResult SetProperties(AlterTableSetPropertiesStatement s)
    {
        var (_, log, snapshot) = OpenTable(s.Table);
        var configuration = new Dictionary<string, string>(snapshot.Metadata.Configuration);
        foreach (var (k, v) in s.Properties)
        {
            configuration[k] = v;
        }

        var transaction = BeginTransaction(log, snapshot);
        transaction.UpdateMetadata(snapshot.Metadata with { Configuration = configuration });
        transaction.UpdateProtocol(TableFeatures.Upgrade(snapshot.Protocol, snapshot.Schema, configuration));
        Commit(transaction,
            "SET TBLPROPERTIES",
            new Dictionary<string, string>
            {
                ["properties"] = new JsonObject(s.Properties.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))).ToJsonString(),
            },
            null,
            Token);
        return LakehouseResult.Empty;
    }
}
