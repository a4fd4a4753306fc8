using System.Text.Json.Nodes;
using DuckDB.NET.Data;

namespace DeltaFunctions.Lakehouse.Log;

/// <summary>
/// Reads checkpoints of every kind: classic and multi-part Parquet, and v2 (UUID-named JSON or Parquet
/// manifests whose <c>sidecar</c> actions point at Parquet files in <c>_delta_log/_sidecars/</c>). Parquet is
/// decoded by DuckDB, each row turned back into the action JSON so one codec parses commits and checkpoints.
/// </summary>
internal static class CheckpointReader
{
    /// <summary>Reads every action of a checkpoint, sidecars included.</summary>
    /// <param name="logPath">The <c>_delta_log</c> folder.</param>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <returns>The actions (order irrelevant: a checkpoint is already reconciled).</returns>
    public static List<object> Read(string logPath, CheckpointInfo checkpoint)
    {
        var actions = new List<object>();
        var parquet = checkpoint.Files.Where(f => f.EndsWith(".parquet", StringComparison.Ordinal)).ToList();
        foreach (var json in checkpoint.Files.Where(f => f.EndsWith(".json", StringComparison.Ordinal)))
        {
            actions.AddRange(ActionCodec.ParseLines(File.ReadLines(json)));
        }

        if (parquet.Count > 0)
        {
            actions.AddRange(ReadParquet(parquet));
        }

        var sidecars = actions.OfType<SidecarAction>().ToList();
        if (sidecars.Count > 0)
        {
            var files = sidecars.Select(s => ResolveSidecar(logPath, s.Path)).ToList();
            var missing = files.FirstOrDefault(f => !File.Exists(f));
            if (missing is not null)
            {
                throw DeltaErrors.StateRecoverError($"checkpoint sidecar {Path.GetFileName(missing)}", checkpoint.Version);
            }

            actions.AddRange(ReadParquet(files));
        }

        return actions;
    }

    private static string ResolveSidecar(string logPath, string path)
    {
        var decoded = Uri.UnescapeDataString(path);
        if (decoded.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return new Uri(decoded).LocalPath;
        }

        return Path.IsPathRooted(decoded) ? decoded : Path.Combine(logPath, "_sidecars", decoded);
    }

    private static IEnumerable<object> ReadParquet(IReadOnlyList<string> files)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        var list = "[" + string.Join(", ", files.Select(SqlNames.Literal)) + "]";
        command.CommandText = $"SELECT to_json(t) FROM read_parquet({list}, union_by_name = true) t";
        using var reader = command.ExecuteReader();
        var actions = new List<object>();
        while (reader.Read())
        {
            if (reader.IsDBNull(0))
            {
                continue;
            }

            if (JsonNode.Parse(reader.GetString(0)) is JsonObject row)
            {
                foreach (var (name, value) in row)
                {
                    if (value is JsonObject && ActionCodec.Parse(new JsonObject { [name] = value.DeepClone() }) is { } action)
                    {
                        actions.Add(action);
                    }
                }
            }
        }

        return actions;
    }
}
