using System.Globalization;
using System.Text;
using DuckDB.NET.Data;

namespace DeltaFunctions.Lakehouse.Log;

/// <summary>Builds the DuckDB relation that reads a snapshot (see <see cref="Snapshot.CreateScan(DuckDBConnection, bool, IReadOnlyCollection{AddFile})"/>).</summary>
internal sealed class DeltaScanBuilder(Snapshot snapshot, DuckDBConnection connection)
{
    private const string SourceColumn = "__delta_source";

    /// <summary>
    /// Gets, after <see cref="Build"/>, what the relation's column types depend on besides its text: its data files'
    /// lengths and write times (see <see cref="ParquetSchemaCache.Key"/>); null when the relation reads temporary
    /// tables of its own (deletion vectors, partition values, the file column), whose names change with every scan.
    /// </summary>
    public string? TypeKey { get; private set; }

    public string Build(IReadOnlyCollection<AddFile> files, bool includeFileColumn)
    {
        DuckDbConnections.UseUtc(connection);
        var schema = snapshot.Schema;
        var partitionColumns = snapshot.Metadata.PartitionColumns;
        if (files.Count == 0)
        {
            // No files: the text alone (typed NULL columns) gives the types.
            TypeKey = string.Empty;
            return Empty(schema, includeFileColumn);
        }

        var entries = files.Select(f => (File: f, Local: snapshot.Log.ResolveDataPath(f.Path))).ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var distinct = new List<(string Local, FileInfo Info)>();
        foreach (var (file, local) in entries)
        {
            var info = new FileInfo(local);
            if (!info.Exists)
            {
                throw DeltaErrors.FileNotFound(file.Path, snapshot.Version);
            }

            if (seen.Add(local))
            {
                distinct.Add((local, info));
            }
        }

        var id = Guid.NewGuid().ToString("N")[..16];
        var hasDv = entries.Any(e => e.File.DeletionVector is not null);
        var needFiles = partitionColumns.Count > 0 || includeFileColumn;
        var list = "[" + string.Join(", ", distinct.Select(f => SqlNames.Literal(f.Local))) + "]";
        var extra = (needFiles || hasDv ? $", filename = '{SourceColumn}'" : string.Empty) + (hasDv ? ", file_row_number = true" : string.Empty);
        var read = $"read_parquet({list}, union_by_name = true{extra})";

        // The physical columns the files hold (a DESCRIBE opens every file's footer): remembered per engine, as the
        // same files always hold the same columns.
        IReadOnlyDictionary<string, string> DescribeFiles() => Describe($"SELECT * FROM {read} LIMIT 0");
        var filesKey = ParquetSchemaCache.Key(read, distinct.Select(f => f.Info));
        var available = snapshot.Log.ParquetSchemas is { } cache ? cache.GetOrDescribe(filesKey, DescribeFiles) : DescribeFiles();
        TypeKey = hasDv || needFiles ? null : filesKey;

        var from = new StringBuilder();
        if (hasDv)
        {
            var dvTable = $"__delta_scan_{id}_dv";
            Execute($"CREATE TEMP TABLE {SqlNames.Quote(dvTable)} (src VARCHAR, pos BIGINT)");
            using (var appender = connection.CreateAppender("temp", "main", dvTable))
            {
                foreach (var (file, local) in entries.Where(e => e.File.DeletionVector is not null))
                {
                    foreach (var pos in DeletionVectors.Load(snapshot.Log.TablePath, file.DeletionVector!))
                    {
                        appender.CreateRow().AppendValue(local).AppendValue((long?)pos).EndRow();
                    }
                }
            }

            from.Append(CultureInfo.InvariantCulture, $"(SELECT r.* FROM {read} AS r ANTI JOIN {SqlNames.Quote(dvTable)} AS x ON r.{SourceColumn} = x.src AND r.file_row_number = x.pos) AS d");
        }
        else
        {
            from.Append(CultureInfo.InvariantCulture, $"{read} AS d");
        }

        var partitionIndex = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < partitionColumns.Count; i++)
        {
            partitionIndex[partitionColumns[i]] = i;
        }

        if (needFiles)
        {
            var filesTable = $"__delta_scan_{id}_files";
            var columns = string.Concat(partitionColumns.Select((_, i) => $", p{i} VARCHAR"));
            Execute($"CREATE TEMP TABLE {SqlNames.Quote(filesTable)} (src VARCHAR, path VARCHAR{columns})");
            using (var appender = connection.CreateAppender("temp", "main", filesTable))
            {
                foreach (var (file, local) in entries)
                {
                    var row = appender.CreateRow().AppendValue(local).AppendValue(file.Path);
                    foreach (var column in partitionColumns)
                    {
                        row = row.AppendValue(PartitionValues.Get(snapshot.Metadata, file, column));
                    }

                    row.EndRow();
                }
            }

            from.Append(CultureInfo.InvariantCulture, $" JOIN {SqlNames.Quote(filesTable)} AS f ON d.{SourceColumn} = f.src");
        }

        var mapped = snapshot.Metadata.ColumnMappingMode != "none";
        var projections = new List<string>();
        foreach (var field in schema.Fields)
        {
            string expression;
            if (partitionIndex.TryGetValue(field.Name, out var index))
            {
                expression = PartitionValues.CastExpression($"f.p{index}", field.Type);
            }
            else
            {
                var physical = mapped ? field.PhysicalName ?? field.Name : field.Name;
                expression = available.TryGetValue(physical, out var actualType)
                    ? Convert("d." + SqlNames.Quote(physical), field.Type, actualType, mapped)
                    : $"CAST(NULL AS {field.Type.ToDuckDbType()})";
            }

            projections.Add($"{expression} AS {SqlNames.Quote(field.Name)}");
        }

        if (includeFileColumn)
        {
            projections.Add($"f.path AS {Snapshot.FileColumn}");
        }

        return $"(SELECT {string.Join(", ", projections)} FROM {from})";
    }

    private static string Empty(StructType schema, bool includeFileColumn)
    {
        var projections = schema.Fields.Select(f => $"CAST(NULL AS {f.Type.ToDuckDbType()}) AS {SqlNames.Quote(f.Name)}").ToList();
        if (includeFileColumn)
        {
            projections.Add($"CAST(NULL AS VARCHAR) AS {Snapshot.FileColumn}");
        }

        return $"(SELECT {string.Join(", ", projections)} LIMIT 0)";
    }

    /// <summary>Converts a physical column to the logical type, renaming nested fields under column mapping.</summary>
    private static string Convert(string expression, DeltaType type, string actualType, bool mapped)
    {
        if (mapped && type.IsNested)
        {
            return MapNested(expression, type, 0);
        }

        return Normalize(actualType) == Normalize(type.ToDuckDbType())
            ? expression
            : $"CAST({expression} AS {type.ToDuckDbType()})";
    }

    private static string MapNested(string expression, DeltaType type, int depth)
    {
        switch (type)
        {
            case StructType s:
                {
                    var fields = s.Fields.Select(f =>
                        $"{SqlNames.Quote(f.Name)} := {MapNested($"({expression}).{SqlNames.Quote(f.PhysicalName ?? f.Name)}", f.Type, depth + 1)}");
                    return $"CASE WHEN ({expression}) IS NULL THEN NULL ELSE struct_pack({string.Join(", ", fields)}) END";
                }

            case ArrayType a:
                {
                    var v = "__e" + depth.ToString(CultureInfo.InvariantCulture);
                    return $"list_transform({expression}, {v} -> {MapNested(v, a.ElementType, depth + 1)})";
                }

            case MapType m:
                {
                    var v = "__m" + depth.ToString(CultureInfo.InvariantCulture);
                    return $"map_from_entries(list_transform(map_entries({expression}), {v} -> struct_pack(key := {MapNested(v + ".key", m.KeyType, depth + 1)}, value := {MapNested(v + ".value", m.ValueType, depth + 1)})))";
                }

            default:
                return $"CAST({expression} AS {type.ToDuckDbType()})";
        }
    }

    private static string Normalize(string type) =>
        type.Replace("\"", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();

    private Dictionary<string, string> Describe(string query)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "DESCRIBE " + query;
        using var reader = command.ExecuteReader();
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (reader.Read())
        {
            result[reader.GetString(0)] = reader.GetString(1);
        }

        return result;
    }

    private void Execute(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
