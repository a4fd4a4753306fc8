using System.Globalization;
using System.Text.Json.Nodes;
using DuckDB.NET.Data;

namespace DeltaFunctions.Lakehouse.Log;

/// <summary>
/// Writes the rows of a query as Parquet data files into a table folder and describes them as <see cref="AddFile"/>
/// actions (not yet committed): partitioned into <c>col=value/</c> folders with Hive escaping, split every
/// <see cref="LakehouseOptions.TargetRowsPerFile"/> rows, physical column names under column mapping, and
/// statistics (<c>numRecords</c>, <c>minValues</c>, <c>maxValues</c>, <c>nullCount</c>) per file.
/// </summary>
internal sealed class DataFileWriter
{
    private const int StatsStringPrefix = 32;

    private readonly string _tablePath;
    private readonly MetadataAction _metadata;
    private readonly long _targetRowsPerFile;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="DataFileWriter"/> class.</summary>
    /// <param name="tablePath">The table folder.</param>
    /// <param name="metadata">The metadata the files are written for (schema, partitioning, column mapping).</param>
    /// <param name="options">The engine options (<see cref="LakehouseOptions.TargetRowsPerFile"/>).</param>
    /// <param name="timeProvider">The clock for modification times.</param>
    public DataFileWriter(string tablePath, MetadataAction metadata, LakehouseOptions options, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrEmpty(tablePath);
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _tablePath = Path.GetFullPath(tablePath);
        _metadata = metadata;
        _targetRowsPerFile = Math.Max(1, options.TargetRowsPerFile);
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// Runs <paramref name="selectSql"/> once, writes its rows and returns the add actions. The query must yield
    /// columns named as the table's logical columns (any order, matched case-insensitively); table columns it
    /// lacks are written as NULL, extra columns are ignored, values are cast to the column types.
    /// </summary>
    /// <param name="connection">An open DuckDB connection that can evaluate the query.</param>
    /// <param name="selectSql">A SELECT (or any relation query) producing the rows.</param>
    /// <param name="dataChange">The <c>dataChange</c> flag of the new files (false for OPTIMIZE rewrites).</param>
    /// <param name="cancellationToken">Stops between files; files already written stay as orphans (never committed).</param>
    /// <returns>The add actions; empty when the query yields no rows.</returns>
    /// <exception cref="LakehouseException"><c>DELTA_NOT_NULL_CONSTRAINT_VIOLATED</c> for a NULL in a NOT NULL column.</exception>
    public IReadOnlyList<AddFile> Write(DuckDBConnection connection, string selectSql, bool dataChange, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrEmpty(selectSql);
        DuckDbConnections.UseUtc(connection);
        var schema = _metadata.Schema;
        var partitionColumns = _metadata.PartitionColumns
            .Select(p => schema.Find(p) ?? throw new LakehouseException("DELTA_PARTITION_COLUMN_NOT_FOUND", "42703", $"Partition column `{p}` not found in schema."))
            .ToList();
        var partitionNames = new HashSet<string>(partitionColumns.Select(p => p.Name), StringComparer.OrdinalIgnoreCase);
        var dataFields = schema.Fields.Where(f => !partitionNames.Contains(f.Name)).ToList();
        var mapped = _metadata.ColumnMappingMode != "none";

        var available = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using (var describe = connection.CreateCommand())
        {
            describe.CommandText = $"DESCRIBE SELECT * FROM ({selectSql}) AS __s";
            using var reader = describe.ExecuteReader();
            while (reader.Read())
            {
                available.Add(reader.GetString(0));
            }
        }

        var table = "__delta_write_" + Guid.NewGuid().ToString("N")[..16];
        var quotedTable = SqlNames.Quote(table);
        var casts = schema.Fields.Select(f =>
            (available.Contains(f.Name) ? $"CAST(__s.{SqlNames.Quote(f.Name)} AS {f.Type.ToDuckDbType()})" : $"CAST(NULL AS {f.Type.ToDuckDbType()})")
            + " AS " + SqlNames.Quote(f.Name)).ToList();
        var partitionList = string.Join(", ", partitionColumns.Select(p => SqlNames.Quote(p.Name)));
        if (partitionColumns.Count > 0)
        {
            Execute(connection, $"CREATE TEMP TABLE {quotedTable} AS SELECT *, dense_rank() OVER (ORDER BY {partitionList}) AS __pid, row_number() OVER (PARTITION BY {partitionList}) AS __rn FROM (SELECT {string.Join(", ", casts)} FROM ({selectSql}) AS __s) AS __c");
        }
        else
        {
            Execute(connection, $"CREATE TEMP TABLE {quotedTable} AS SELECT {string.Join(", ", casts)} FROM ({selectSql}) AS __s");
        }

        try
        {
            foreach (var field in schema.Fields.Where(f => !f.Nullable))
            {
                if (Scalar<long>(connection, $"SELECT count(*) FROM {quotedTable} WHERE {SqlNames.Quote(field.Name)} IS NULL") > 0)
                {
                    throw DeltaErrors.NotNullViolation(field.Name);
                }
            }

            var groups = new List<(string Where, long Rows, Dictionary<string, string?> Values)>();
            if (partitionColumns.Count == 0)
            {
                var rows = Scalar<long>(connection, $"SELECT count(*) FROM {quotedTable}");
                if (rows > 0)
                {
                    groups.Add(("TRUE", rows, []));
                }
            }
            else
            {
                var serialized = string.Join(", ", partitionColumns.Select(p => PartitionValues.SerializeExpression(SqlNames.Quote(p.Name), p.Type)));
                using var command = connection.CreateCommand();
                command.CommandText = $"SELECT __pid, count(*), {serialized} FROM {quotedTable} GROUP BY ALL ORDER BY __pid";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    var values = new Dictionary<string, string?>(StringComparer.Ordinal);
                    for (var i = 0; i < partitionColumns.Count; i++)
                    {
                        var text = reader.IsDBNull(i + 2) ? null : System.Convert.ToString(reader.GetValue(i + 2), CultureInfo.InvariantCulture);
                        values[PartitionValues.KeyFor(_metadata, partitionColumns[i].Name)] = string.IsNullOrEmpty(text) ? null : text;
                    }

                    groups.Add(($"__pid = {System.Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture)}", System.Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture), values));
                }
            }

            var physicalProjection = string.Join(", ", dataFields.Select(f =>
                $"{(mapped ? ToPhysical(SqlNames.Quote(f.Name), f.Type) : SqlNames.Quote(f.Name))} AS {SqlNames.Quote(PhysicalName(f, mapped))}"));
            var fieldIds = mapped && _metadata.ColumnMappingMode == "id" && dataFields.All(f => f.FieldId is not null)
                ? ", FIELD_IDS {" + string.Join(", ", dataFields.Select(f => $"{SqlNames.Quote(PhysicalName(f, mapped))}: {f.FieldId}")) + "}"
                : string.Empty;

            var adds = new List<AddFile>();
            foreach (var (where, rows, values) in groups)
            {
                var rowColumn = partitionColumns.Count > 0 ? "__rn" : "rowid";
                var offset = partitionColumns.Count > 0 ? 1L : 0L;
                for (long start = 0; start < rows; start += _targetRowsPerFile)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var end = Math.Min(rows, start + _targetRowsPerFile);
                    var filter = $"{where} AND {rowColumn} >= {start + offset} AND {rowColumn} < {end + offset}";
                    var folder = PartitionValues.Folder(_metadata.PartitionColumns.Select(c => PartitionValues.KeyFor(_metadata, c)).ToList(), values);
                    var name = $"part-{adds.Count:D5}-{Guid.NewGuid()}-c000.snappy.parquet";
                    var relative = folder + name;
                    var local = Path.Combine(_tablePath, relative.Replace('/', Path.DirectorySeparatorChar));
                    Directory.CreateDirectory(Path.GetDirectoryName(local)!);
                    var projection = physicalProjection.Length == 0 ? "NULL AS __empty" : physicalProjection;
                    Execute(connection, $"COPY (SELECT {projection} FROM {quotedTable} WHERE {filter}) TO {SqlNames.Literal(local)} (FORMAT parquet, COMPRESSION snappy{fieldIds})");
                    var stats = ComputeStats(connection, quotedTable, filter, dataFields, mapped);
                    adds.Add(new AddFile
                    {
                        Path = PartitionValues.EncodeUriPath(relative),
                        PartitionValues = values,
                        Size = new FileInfo(local).Length,
                        ModificationTime = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
                        DataChange = dataChange,
                        Stats = stats,
                    });
                }
            }

            return adds;
        }
        finally
        {
            Execute(connection, $"DROP TABLE IF EXISTS {quotedTable}");
        }
    }

    private static string PhysicalName(StructField field, bool mapped) => mapped ? field.PhysicalName ?? field.Name : field.Name;

    private static string ToPhysical(string expression, DeltaType type) => type switch
    {
        StructType s => $"CASE WHEN ({expression}) IS NULL THEN NULL ELSE struct_pack({string.Join(", ", s.Fields.Select(f => $"{SqlNames.Quote(f.PhysicalName ?? f.Name)} := {ToPhysical($"({expression}).{SqlNames.Quote(f.Name)}", f.Type)}"))}) END",
        ArrayType a => $"list_transform({expression}, __x -> {ToPhysical("__x", a.ElementType)})",
        MapType m => $"map_from_entries(list_transform(map_entries({expression}), __y -> struct_pack(key := {ToPhysical("__y.key", m.KeyType)}, value := {ToPhysical("__y.value", m.ValueType)})))",
        _ => expression,
    };

    private static string ComputeStats(DuckDBConnection connection, string table, string filter, IReadOnlyList<StructField> fields, bool mapped)
    {
        var statFields = fields.Where(f => f.Type is PrimitiveType or DecimalType && !f.Type.Equals(PrimitiveType.Binary) && !f.Type.Equals(PrimitiveType.Boolean)).ToList();
        var nullFields = fields.Where(f => f.Type is PrimitiveType or DecimalType).ToList();
        var selects = new List<string> { "count(*)" };
        foreach (var f in statFields)
        {
            var q = SqlNames.Quote(f.Name);
            selects.Add(StatText($"min({q})", f.Type));
            selects.Add(StatText($"max({q})", f.Type));
        }

        foreach (var f in nullFields)
        {
            selects.Add($"count(*) - count({SqlNames.Quote(f.Name)})");
        }

        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", selects)} FROM {table} WHERE {filter}";
        using var reader = command.ExecuteReader();
        reader.Read();
        var mins = new JsonObject();
        var maxs = new JsonObject();
        var nulls = new JsonObject();
        var i = 1;
        foreach (var f in statFields)
        {
            var name = PhysicalName(f, mapped);
            AddStat(mins, name, f.Type, reader.IsDBNull(i) ? null : reader.GetString(i), truncateUp: false);
            AddStat(maxs, name, f.Type, reader.IsDBNull(i + 1) ? null : reader.GetString(i + 1), truncateUp: true);
            i += 2;
        }

        foreach (var f in nullFields)
        {
            nulls[PhysicalName(f, mapped)] = System.Convert.ToInt64(reader.GetValue(i++), CultureInfo.InvariantCulture);
        }

        var stats = new JsonObject
        {
            ["numRecords"] = System.Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture),
            ["minValues"] = mins,
            ["maxValues"] = maxs,
            ["nullCount"] = nulls,
        };
        return stats.ToJsonString();
    }

    private static string StatText(string aggregate, DeltaType type)
    {
        if (type.Equals(PrimitiveType.Timestamp))
        {
            return $"strftime(timezone('UTC', {aggregate}), '%Y-%m-%dT%H:%M:%S.%gZ')";
        }

        if (type.Equals(PrimitiveType.TimestampNtz))
        {
            return $"strftime({aggregate}, '%Y-%m-%dT%H:%M:%S.%g')";
        }

        return $"CAST({aggregate} AS VARCHAR)";
    }

    private static void AddStat(JsonObject target, string name, DeltaType type, string? text, bool truncateUp)
    {
        if (text is null)
        {
            return;
        }

        var numeric = type is DecimalType || (type is PrimitiveType p && p.Name is "long" or "integer" or "short" or "byte" or "float" or "double");
        if (numeric)
        {
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
            {
                target[name] = JsonNode.Parse(text);
            }

            return;
        }

        if (type.Equals(PrimitiveType.String) && text.Length > StatsStringPrefix)
        {
            if (truncateUp)
            {
                // A truncated max must stay an upper bound: Delta appends the highest code point to the prefix.
                text = text[..StatsStringPrefix] + "\uFFFF";
            }
            else
            {
                text = text[..StatsStringPrefix];
            }
        }

        target[name] = text;
    }

    private static T Scalar<T>(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)System.Convert.ChangeType(command.ExecuteScalar()!, typeof(T), CultureInfo.InvariantCulture);
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
