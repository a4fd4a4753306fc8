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
/// <remarks>
/// The rows pass through DuckDB once: one <c>COPY … TO … (RETURN_STATS)</c> casts them, checks NOT NULL columns,
/// partitions them (<c>PARTITION_BY</c> on the serialized partition values) and writes the files, and the statistics
/// come from the Parquet column chunks it reports. Only a file over the row target is split by a second copy of that
/// file, and only a column whose Parquet statistics lack a bound (a string too long for DuckDB to keep one) is
/// aggregated over its file.
/// </remarks>
internal sealed class DataFileWriter
{
    private const int StatsStringPrefix = 32;
    private const string NotNullMarker = "__delta_not_null_violation__:";
    private const string SplitColumn = "__delta_file_split";

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
    /// <param name="columns">
    /// The names of the columns the query yields when the caller already knows them, so the query is not described
    /// (bound, which for a table scan opens every data file's footer) before it runs; null to describe it for them.
    /// </param>
    /// <param name="dataChange">The <c>dataChange</c> flag of the new files (false for OPTIMIZE rewrites).</param>
    /// <param name="cancellationToken">Stops between files; nothing written is left behind when it fires.</param>
    /// <returns>The add actions; empty when the query yields no rows.</returns>
    /// <exception cref="LakehouseException"><c>DELTA_NOT_NULL_CONSTRAINT_VIOLATED</c> for a NULL in a NOT NULL column.</exception>
    public IReadOnlyList<AddFile> Write(DuckDBConnection connection, string selectSql, IReadOnlyCollection<string>? columns, bool dataChange, CancellationToken cancellationToken)
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

        var available = new HashSet<string>(columns ?? [], StringComparer.OrdinalIgnoreCase);
        if (columns is null)
        {
            using var describe = connection.CreateCommand();
            describe.CommandText = $"DESCRIBE SELECT * FROM ({selectSql}) AS __s";
            using var reader = describe.ExecuteReader();
            while (reader.Read())
            {
                available.Add(reader.GetString(0));
            }
        }

        // The casts run in an inner query so each NOT NULL check and partition value reads the cast value once.
        var casts = schema.Fields.Select(f =>
            (available.Contains(f.Name) ? $"CAST(__s.{SqlNames.Quote(f.Name)} AS {f.Type.ToDuckDbType()})" : $"CAST(NULL AS {f.Type.ToDuckDbType()})")
            + " AS " + SqlNames.Quote(f.Name));
        var fieldIndex = schema.Fields.Select((f, i) => (f.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.OrdinalIgnoreCase);
        string Checked(StructField f) => f.Nullable
            ? SqlNames.Quote(f.Name)
            : $"CASE WHEN {SqlNames.Quote(f.Name)} IS NULL THEN error({SqlNames.Literal(NotNullMarker + fieldIndex[f.Name].ToString(CultureInfo.InvariantCulture))}) ELSE {SqlNames.Quote(f.Name)} END";
        var projection = dataFields.Select(f => $"{(mapped ? ToPhysical(Checked(f), f.Type) : Checked(f))} AS {SqlNames.Quote(PhysicalName(f, mapped))}").ToList();
        if (projection.Count == 0)
        {
            projection.Add("NULL AS __empty");
        }

        // Partition values travel as folder keys: their Delta serialization, prefixed so that NULL stays distinct from
        // any text; the empty string is NULL to Delta, so it shares NULL's file.
        projection.AddRange(partitionColumns.Select((p, i) =>
            $"coalesce('v' || NULLIF({PartitionValues.SerializeExpression(Checked(p), p.Type)}, ''), 'n') AS {SqlNames.Quote(PartitionKey(i))}"));
        var fieldIds = mapped && _metadata.ColumnMappingMode == "id" && dataFields.All(f => f.FieldId is not null)
            ? ", FIELD_IDS {" + string.Join(", ", dataFields.Select(f => $"{SqlNames.Quote(PhysicalName(f, mapped))}: {f.FieldId}")) + "}"
            : string.Empty;

        var staging = Path.Combine(_tablePath, "_delta_write_" + Guid.NewGuid().ToString("N"));
        var moved = new List<string>();
        try
        {
            var query = $"SELECT {string.Join(", ", projection)} FROM (SELECT {string.Join(", ", casts)} FROM ({selectSql}) AS __s) AS __c";
            List<WrittenFile> written;
            if (partitionColumns.Count == 0)
            {
                Directory.CreateDirectory(staging);
                written = Copy(connection, query, SqlNames.Literal(Path.Combine(staging, "data.parquet")), fieldIds, schema);
            }
            else
            {
                var keys = string.Join(", ", partitionColumns.Select((_, i) => SqlNames.Quote(PartitionKey(i))));
                written = Copy(connection, query, SqlNames.Literal(staging), $", PARTITION_BY ({keys}){fieldIds}", schema);
            }

            var adds = new List<AddFile>();
            foreach (var file in written.Where(w => w.Rows > 0).OrderBy(w => w.Path, StringComparer.Ordinal))
            {
                var pieces = file.Rows > _targetRowsPerFile ? Split(connection, file, staging, fieldIds, schema, cancellationToken) : [file];
                var values = new Dictionary<string, string?>(StringComparer.Ordinal);
                for (var i = 0; i < partitionColumns.Count; i++)
                {
                    var key = file.PartitionKeys.GetValueOrDefault(PartitionKey(i)) ?? "n";
                    values[PartitionValues.KeyFor(_metadata, partitionColumns[i].Name)] = key.StartsWith('v') ? key[1..] : null;
                }

                var folder = PartitionValues.Folder(_metadata.PartitionColumns.Select(c => PartitionValues.KeyFor(_metadata, c)).ToList(), values);
                foreach (var piece in pieces.Where(p => p.Rows > 0))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var stats = Stats(connection, piece, dataFields, mapped);
                    var relative = folder + $"part-{adds.Count:D5}-{Guid.NewGuid()}-c000.snappy.parquet";
                    var local = Path.Combine(_tablePath, relative.Replace('/', Path.DirectorySeparatorChar));
                    Directory.CreateDirectory(Path.GetDirectoryName(local)!);
                    File.Move(piece.Path, local);
                    moved.Add(local);
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

            moved.Clear();
            return adds;
        }
        finally
        {
            // On success only the emptied staging folder is left; on a failure the files it moved go too, as no
            // commit will name them.
            foreach (var file in moved)
            {
                File.Delete(file);
            }

            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    private static string PartitionKey(int index) => "__delta_partition_" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>Runs one COPY with RETURN_STATS and reads the file it wrote (one row per file).</summary>
    private static List<WrittenFile> Copy(DuckDBConnection connection, string query, string target, string options, StructType schema)
    {
        var written = new List<WrittenFile>();
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"COPY ({query}) TO {target} (FORMAT parquet, COMPRESSION snappy, RETURN_STATS{options})";
            using var reader = command.ExecuteReader();
            var columns = Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => i, StringComparer.Ordinal);
            while (reader.Read())
            {
                written.Add(new WrittenFile(
                    reader.GetString(columns["filename"]),
                    System.Convert.ToInt64(reader.GetValue(columns["count"]), CultureInfo.InvariantCulture),
                    ReadMap(reader, columns["column_statistics"], v => ReadMap(v, x => x?.ToString())),
                    ReadMap(reader, columns["partition_keys"], v => v?.ToString())));
            }
        }
        catch (DuckDBException e) when (e.Message.Contains(NotNullMarker, StringComparison.Ordinal))
        {
            var index = e.Message[(e.Message.IndexOf(NotNullMarker, StringComparison.Ordinal) + NotNullMarker.Length)..].TakeWhile(char.IsAsciiDigit);
            throw DeltaErrors.NotNullViolation(schema.Fields[int.Parse(string.Concat(index), CultureInfo.InvariantCulture)].Name);
        }

        return written;
    }

    /// <summary>Splits a file over the row target into files of at most that many rows, in the file's row order.</summary>
    private List<WrittenFile> Split(DuckDBConnection connection, WrittenFile file, string staging, string fieldIds, StructType schema, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var folder = Path.Combine(staging, "split_" + Guid.NewGuid().ToString("N"));
        var pieces = Copy(
            connection,
            $"SELECT *, (row_number() OVER () - 1) // {_targetRowsPerFile.ToString(CultureInfo.InvariantCulture)} AS {SplitColumn} FROM read_parquet({SqlNames.Literal(file.Path)})",
            SqlNames.Literal(folder),
            $", PARTITION_BY ({SplitColumn}){fieldIds}",
            schema);
        File.Delete(file.Path);
        return [.. pieces
            .OrderBy(p => long.Parse(p.PartitionKeys.GetValueOrDefault(SplitColumn) ?? "0", CultureInfo.InvariantCulture))
            .Select(p => p with { PartitionKeys = file.PartitionKeys })];
    }

    private static Dictionary<string, T> ReadMap<T>(DuckDBDataReader reader, int ordinal, Func<object?, T> convert) =>
        reader.IsDBNull(ordinal) ? new(StringComparer.Ordinal) : ReadMap(reader.GetValue(ordinal), convert);

    private static Dictionary<string, T> ReadMap<T>(object? value, Func<object?, T> convert)
    {
        var map = new Dictionary<string, T>(StringComparer.Ordinal);
        if (value is System.Collections.IDictionary dictionary)
        {
            foreach (System.Collections.DictionaryEntry entry in dictionary)
            {
                map[entry.Key.ToString()!] = convert(entry.Value);
            }
        }

        return map;
    }

    /// <summary>
    /// The Delta statistics of a written file, from the Parquet statistics COPY reported: exactly what aggregating
    /// the rows gives (<c>min</c>/<c>max</c> as DuckDB prints them, a NaN maximum left out as non-finite, timestamps to
    /// the millisecond, strings cut to a 32-character prefix), aggregating the file only for a bound Parquet lacks.
    /// </summary>
    private static string Stats(DuckDBConnection connection, WrittenFile file, IReadOnlyList<StructField> fields, bool mapped)
    {
        var statFields = fields.Where(f => f.Type is PrimitiveType or DecimalType && !f.Type.Equals(PrimitiveType.Binary) && !f.Type.Equals(PrimitiveType.Boolean)).ToList();
        var nullFields = fields.Where(f => f.Type is PrimitiveType or DecimalType).ToList();
        IReadOnlyDictionary<string, string?> ChunkStats(StructField f) =>
            file.ColumnStatistics.GetValueOrDefault(SqlNames.Quote(PhysicalName(f, mapped))) ?? new Dictionary<string, string?>();
        long NullCount(StructField f) => ChunkStats(f).GetValueOrDefault("null_count") is { } text
            ? long.Parse(text, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"DuckDB reported no null count for column `{f.Name}`.");

        // Per stat field: the min and max text, and the SQL that makes it Delta's form (null when it already is).
        var bounds = new List<(StructField Field, string? Min, string? Max)>();
        var conversions = new List<string>();
        var missing = new List<StructField>();
        foreach (var f in statFields)
        {
            var chunk = ChunkStats(f);
            if (NullCount(f) >= file.Rows)
            {
                bounds.Add((f, null, null));
                continue;
            }

            var min = chunk.GetValueOrDefault("min");
            var max = chunk.GetValueOrDefault("max");
            if (chunk.GetValueOrDefault("has_nan") == "true")
            {
                // DuckDB orders NaN above every number, so the rows' maximum is NaN (not finite: left out); Parquet's
                // bounds skip NaN, so its minimum is the rows' minimum (absent when every value is NaN).
                bounds.Add((f, min, null));
            }
            else if (min is null || max is null)
            {
                missing.Add(f);
                bounds.Add((f, null, null));
            }
            else
            {
                bounds.Add((f, min, max));
            }
        }

        // Timestamps print as `2024-01-01 00:00:09.123456+00`: cast back and format as the Delta statistics do.
        var converted = new Dictionary<(string, bool), string?>();
        foreach (var (f, min, max) in bounds.Where(b => b.Field.Type.Equals(PrimitiveType.Timestamp) || b.Field.Type.Equals(PrimitiveType.TimestampNtz)))
        {
            conversions.Add(min is null ? "NULL" : StatText($"CAST({SqlNames.Literal(min)} AS {f.Type.ToDuckDbType()})", f.Type));
            conversions.Add(max is null ? "NULL" : StatText($"CAST({SqlNames.Literal(max)} AS {f.Type.ToDuckDbType()})", f.Type));
        }

        var aggregates = missing.SelectMany(f => new[] { StatText($"min({SqlNames.Quote(PhysicalName(f, mapped))})", f.Type), StatText($"max({SqlNames.Quote(PhysicalName(f, mapped))})", f.Type) }).ToList();
        var extra = new Dictionary<string, (string? Min, string? Max)>(StringComparer.Ordinal);
        if (conversions.Count > 0 || aggregates.Count > 0)
        {
            using var command = connection.CreateCommand();
            var selects = conversions.Concat(aggregates.Count > 0
                ? [$"(SELECT struct_pack({string.Join(", ", aggregates.Select((a, i) => $"a{i} := {a}"))}) FROM read_parquet({SqlNames.Literal(file.Path)}))"]
                : Array.Empty<string>());
            command.CommandText = "SELECT " + string.Join(", ", selects);
            using var reader = command.ExecuteReader();
            reader.Read();
            var i = 0;
            foreach (var (f, _, _) in bounds.Where(b => b.Field.Type.Equals(PrimitiveType.Timestamp) || b.Field.Type.Equals(PrimitiveType.TimestampNtz)))
            {
                converted[(f.Name, false)] = reader.IsDBNull(i) ? null : reader.GetString(i);
                converted[(f.Name, true)] = reader.IsDBNull(i + 1) ? null : reader.GetString(i + 1);
                i += 2;
            }

            if (aggregates.Count > 0)
            {
                var packed = (System.Collections.IDictionary)reader.GetValue(i);
                for (var j = 0; j < missing.Count; j++)
                {
                    extra[missing[j].Name] = (packed[$"a{2 * j}"] as string, packed[$"a{(2 * j) + 1}"] as string);
                }
            }
        }

        var mins = new JsonObject();
        var maxs = new JsonObject();
        foreach (var (f, min, max) in bounds)
        {
            var (lower, upper) = extra.TryGetValue(f.Name, out var aggregated) ? aggregated
                : converted.ContainsKey((f.Name, false)) ? (converted[(f.Name, false)], converted[(f.Name, true)])
                : (min, max);
            var name = PhysicalName(f, mapped);
            AddStat(mins, name, f.Type, lower, truncateUp: false);
            AddStat(maxs, name, f.Type, upper, truncateUp: true);
        }

        var nulls = new JsonObject();
        foreach (var f in nullFields)
        {
            nulls[PhysicalName(f, mapped)] = NullCount(f);
        }

        var stats = new JsonObject
        {
            ["numRecords"] = file.Rows,
            ["minValues"] = mins,
            ["maxValues"] = maxs,
            ["nullCount"] = nulls,
        };
        return stats.ToJsonString();
    }

    private static string PhysicalName(StructField field, bool mapped) => mapped ? field.PhysicalName ?? field.Name : field.Name;

    private static string ToPhysical(string expression, DeltaType type) => type switch
    {
        StructType s => $"CASE WHEN ({expression}) IS NULL THEN NULL ELSE struct_pack({string.Join(", ", s.Fields.Select(f => $"{SqlNames.Quote(f.PhysicalName ?? f.Name)} := {ToPhysical($"({expression}).{SqlNames.Quote(f.Name)}", f.Type)}"))}) END",
        ArrayType a => $"list_transform({expression}, __x -> {ToPhysical("__x", a.ElementType)})",
        MapType m => $"map_from_entries(list_transform(map_entries({expression}), __y -> struct_pack(key := {ToPhysical("__y.key", m.KeyType)}, value := {ToPhysical("__y.value", m.ValueType)})))",
        _ => expression,
    };

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

    /// <summary>A file one COPY wrote: its rows, its Parquet column statistics by quoted column path, its partition keys.</summary>
    private sealed record WrittenFile(string Path, long Rows, Dictionary<string, Dictionary<string, string?>> ColumnStatistics, Dictionary<string, string?> PartitionKeys);
}
