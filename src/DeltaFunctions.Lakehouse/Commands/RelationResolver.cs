using DeltaFunctions.Lakehouse.Sql;

namespace DeltaFunctions.Lakehouse.Commands;

/// <summary>
/// Resolves the tables and files a query names to DuckDB relations: catalog tables and <c>delta.`path`</c> through
/// their Delta snapshot (time travel included), <c>parquet.`path`</c> / <c>json.`path`</c> / <c>csv.`path`</c> and
/// <c>read_files(…)</c> over files under a volume.
/// </summary>
internal sealed class RelationResolver(StatementContext context) : ISqlRelationResolver
{
    private static readonly string[] FileFormats = ["parquet", "json", "csv"];

    /// <inheritdoc />
    public string ResolveTable(TableReference reference)
    {
        var parts = reference.Name.Parts;
        if (parts.Count == 2 && parts[1].StartsWith('/') && FileFormats.Contains(parts[0].ToLowerInvariant()))
        {
            if (reference.TimeTravel is not null)
            {
                throw new LakehouseException("DELTA_UNSUPPORTED_TIME_TRAVEL_VIEWS", "0AKDC", "Cannot time travel a file path that is not a Delta table.");
            }

            return ResolveFiles(parts[1], new Dictionary<string, string> { ["format"] = parts[0].ToLowerInvariant() });
        }

        var table = TableResolver.Resolve(context, reference.Name);
        var snapshot = TableResolver.LoadSnapshot(context, table, reference.TimeTravel);
        var scan = snapshot.CreateScan(context.Connection, out var typeKey);
        context.NoteRelation(typeKey);
        return scan;
    }

    /// <inheritdoc />
    public string ResolveFiles(string path, IReadOnlyDictionary<string, string> options)
    {
        // Files in a volume change under the same path: a query over them describes its result every time.
        context.NoteRelation(null);
        var local = context.Catalog.ResolveStoragePath(path);
        options.TryGetValue("format", out var format);
        format = format?.ToLowerInvariant() ?? InferFormat(local);
        var isDirectory = Directory.Exists(local);
        if (!isDirectory && !File.Exists(local) && local.IndexOfAny(['*', '?', '[']) < 0)
        {
            throw new LakehouseException("PATH_NOT_FOUND", "42K03", $"Path does not exist: {path}.");
        }

        var pattern = isDirectory ? Path.Combine(local, "**", "*." + format) : local;
        var literal = SqlRewriter.Literal(pattern);
        return format switch
        {
            "parquet" => $"read_parquet({literal}, union_by_name = true)",
            "json" => $"read_json_auto({literal})",
            "csv" => $"read_csv({literal}, auto_detect = true, header = {Flag(options, "header", false)}"
                + (options.TryGetValue("sep", out var sep) || options.TryGetValue("delimiter", out sep) ? ", delim = " + SqlRewriter.Literal(sep) : string.Empty)
                + ")",
            _ => throw new LakehouseException("UNSUPPORTED_FILE_FORMAT", "0A000", $"read_files does not support format '{format}' (parquet, json, csv)."),
        };
    }

    private static string Flag(IReadOnlyDictionary<string, string> options, string key, bool fallback) =>
        (options.TryGetValue(key, out var v) ? bool.Parse(v) : fallback) ? "true" : "false";

    private static string InferFormat(string local)
    {
        var probe = Directory.Exists(local)
            ? Directory.EnumerateFiles(local, "*", SearchOption.AllDirectories).FirstOrDefault(f => !Path.GetFileName(f).StartsWith('_') && !Path.GetFileName(f).StartsWith('.'))
            : local;
        var ext = Path.GetExtension(probe ?? string.Empty).TrimStart('.').ToLowerInvariant();
        return ext switch
        {
            "parquet" => "parquet",
            "json" or "jsonl" or "ndjson" => "json",
            "csv" or "tsv" or "txt" => "csv",
            _ => throw new LakehouseException("READ_FILES_AMBIGUOUS_FORMAT", "42000", "Cannot infer the file format; pass format => 'parquet' | 'json' | 'csv'."),
        };
    }
}
