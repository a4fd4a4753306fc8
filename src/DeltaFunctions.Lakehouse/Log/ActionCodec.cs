using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DeltaFunctions.Lakehouse.Log;

/// <summary>Reads and writes actions as the newline-delimited JSON of commit files (and checkpoint rows).</summary>
internal static class ActionCodec
{
    /// <summary>Parses one action object (<c>{"add":{…}}</c>); unknown actions yield null.</summary>
    public static object? Parse(JsonObject line)
    {
        foreach (var (name, body) in line)
        {
            if (body is not JsonObject o)
            {
                continue;
            }

            switch (name)
            {
                case "add":
                    return ParseAdd(o);
                case "remove":
                    return ParseRemove(o);
                case "metaData":
                    return ParseMetadata(o);
                case "protocol":
                    return ParseProtocol(o);
                case "txn":
                    return new SetTransaction(Str(o, "appId") ?? string.Empty, Long(o, "version") ?? 0, Long(o, "lastUpdated"));
                case "commitInfo":
                    return ParseCommitInfo(o);
                case "sidecar":
                    return new SidecarAction(Str(o, "path") ?? string.Empty, Long(o, "sizeInBytes") ?? 0);
                default:
                    break;
            }
        }

        return null;
    }

    /// <summary>Parses every action of a commit file.</summary>
    public static List<object> ParseLines(IEnumerable<string> lines)
    {
        var actions = new List<object>();
        foreach (var line in lines)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (JsonNode.Parse(line) is JsonObject obj && Parse(obj) is { } action)
            {
                actions.Add(action);
            }
        }

        return actions;
    }

    public static ProtocolAction ParseProtocol(JsonObject o) => new(
        (int)(Long(o, "minReaderVersion") ?? 1),
        (int)(Long(o, "minWriterVersion") ?? 2),
        StrList(o["readerFeatures"]),
        StrList(o["writerFeatures"]));

    public static MetadataAction ParseMetadata(JsonObject o) => new()
    {
        Id = Str(o, "id") ?? string.Empty,
        Name = Str(o, "name"),
        Description = Str(o, "description"),
        FormatProvider = Str(o["format"] as JsonObject, "provider") ?? "parquet",
        FormatOptions = StrMap((o["format"] as JsonObject)?["options"]),
        SchemaString = Str(o, "schemaString") ?? throw DeltaErrors.StateRecoverError("metadata (schemaString)", -1),
        PartitionColumns = StrList(o["partitionColumns"]) ?? [],
        Configuration = StrMap(o["configuration"]),
        CreatedTime = Long(o, "createdTime"),
    };

    public static AddFile ParseAdd(JsonObject o) => new()
    {
        Path = Str(o, "path") ?? string.Empty,
        PartitionValues = NullableStrMap(o["partitionValues"]),
        Size = Long(o, "size") ?? 0,
        ModificationTime = Long(o, "modificationTime") ?? 0,
        DataChange = Bool(o, "dataChange") ?? true,
        Stats = Str(o, "stats"),
        Tags = o["tags"] is JsonObject ? StrMap(o["tags"]) : null,
        DeletionVector = ParseDv(o["deletionVector"] as JsonObject),
        BaseRowId = Long(o, "baseRowId"),
        DefaultRowCommitVersion = Long(o, "defaultRowCommitVersion"),
        ClusteringProvider = Str(o, "clusteringProvider"),
    };

    public static RemoveFile ParseRemove(JsonObject o) => new()
    {
        Path = Str(o, "path") ?? string.Empty,
        DeletionTimestamp = Long(o, "deletionTimestamp"),
        DataChange = Bool(o, "dataChange") ?? true,
        ExtendedFileMetadata = Bool(o, "extendedFileMetadata"),
        PartitionValues = o["partitionValues"] is JsonObject ? NullableStrMap(o["partitionValues"]) : null,
        Size = Long(o, "size"),
        Stats = Str(o, "stats"),
        Tags = o["tags"] is JsonObject ? StrMap(o["tags"]) : null,
        DeletionVector = ParseDv(o["deletionVector"] as JsonObject),
        BaseRowId = Long(o, "baseRowId"),
        DefaultRowCommitVersion = Long(o, "defaultRowCommitVersion"),
    };

    public static CommitInfo ParseCommitInfo(JsonObject o) => new()
    {
        CommitInfoTimestamp = Long(o, "timestamp"),
        InCommitTimestamp = Long(o, "inCommitTimestamp"),
        Operation = Str(o, "operation"),
        OperationParameters = StrMap(o["operationParameters"]),
        OperationMetrics = o["operationMetrics"] is JsonObject ? StrMap(o["operationMetrics"]) : null,
        ReadVersion = Long(o, "readVersion"),
        IsolationLevel = Str(o, "isolationLevel"),
        IsBlindAppend = Bool(o, "isBlindAppend"),
        EngineInfo = Str(o, "engineInfo"),
        UserId = Str(o, "userId"),
        UserName = Str(o, "userName"),
        UserMetadata = Str(o, "userMetadata"),
        TxnId = Str(o, "txnId"),
    };

    private static DeletionVectorDescriptor? ParseDv(JsonObject? o) => o is null
        ? null
        : new DeletionVectorDescriptor(
            Str(o, "storageType") ?? "u",
            Str(o, "pathOrInlineDv") ?? string.Empty,
            (int?)Long(o, "offset"),
            (int)(Long(o, "sizeInBytes") ?? 0),
            Long(o, "cardinality") ?? 0);

    // ---- writing ----

    /// <summary>Serializes an action as one commit-file line.</summary>
    public static string ToLine(object action) => ToJson(action).ToJsonString();

    /// <summary>Serializes an action as its wrapped JSON object.</summary>
    public static JsonObject ToJson(object action) => action switch
    {
        ProtocolAction p => Wrap("protocol", ProtocolJson(p)),
        MetadataAction m => Wrap("metaData", MetadataJson(m)),
        AddFile a => Wrap("add", AddJson(a)),
        RemoveFile r => Wrap("remove", RemoveJson(r)),
        SetTransaction t => Wrap("txn", Compact(new JsonObject { ["appId"] = t.AppId, ["version"] = t.Version, ["lastUpdated"] = t.LastUpdated })),
        JsonObject raw => raw,
        _ => throw new ArgumentException($"Unknown action type {action.GetType().Name}.", nameof(action)),
    };

    private static JsonObject ProtocolJson(ProtocolAction p)
    {
        var o = new JsonObject { ["minReaderVersion"] = p.MinReaderVersion, ["minWriterVersion"] = p.MinWriterVersion };
        if (p.ReaderFeatures is not null)
        {
            o["readerFeatures"] = new JsonArray([.. p.ReaderFeatures.Select(f => (JsonNode)JsonValue.Create(f))]);
        }

        if (p.WriterFeatures is not null)
        {
            o["writerFeatures"] = new JsonArray([.. p.WriterFeatures.Select(f => (JsonNode)JsonValue.Create(f))]);
        }

        return o;
    }

    private static JsonObject MetadataJson(MetadataAction m) => Compact(new JsonObject
    {
        ["id"] = m.Id,
        ["name"] = m.Name,
        ["description"] = m.Description,
        ["format"] = new JsonObject { ["provider"] = m.FormatProvider, ["options"] = MapJson(m.FormatOptions) },
        ["schemaString"] = m.SchemaString,
        ["partitionColumns"] = new JsonArray([.. m.PartitionColumns.Select(c => (JsonNode)JsonValue.Create(c))]),
        ["configuration"] = MapJson(m.Configuration),
        ["createdTime"] = m.CreatedTime,
    });

    private static JsonObject AddJson(AddFile a) => Compact(new JsonObject
    {
        ["path"] = a.Path,
        ["partitionValues"] = NullableMapJson(a.PartitionValues),
        ["size"] = a.Size,
        ["modificationTime"] = a.ModificationTime,
        ["dataChange"] = a.DataChange,
        ["stats"] = a.Stats,
        ["tags"] = a.Tags is null ? null : MapJson(a.Tags),
        ["deletionVector"] = DvJson(a.DeletionVector),
        ["baseRowId"] = a.BaseRowId,
        ["defaultRowCommitVersion"] = a.DefaultRowCommitVersion,
        ["clusteringProvider"] = a.ClusteringProvider,
    });

    private static JsonObject RemoveJson(RemoveFile r) => Compact(new JsonObject
    {
        ["path"] = r.Path,
        ["deletionTimestamp"] = r.DeletionTimestamp,
        ["dataChange"] = r.DataChange,
        ["extendedFileMetadata"] = r.ExtendedFileMetadata,
        ["partitionValues"] = r.PartitionValues is null ? null : NullableMapJson(r.PartitionValues),
        ["size"] = r.Size,
        ["stats"] = r.Stats,
        ["tags"] = r.Tags is null ? null : MapJson(r.Tags),
        ["deletionVector"] = DvJson(r.DeletionVector),
        ["baseRowId"] = r.BaseRowId,
        ["defaultRowCommitVersion"] = r.DefaultRowCommitVersion,
    });

    private static JsonObject? DvJson(DeletionVectorDescriptor? dv) => dv is null ? null : Compact(new JsonObject
    {
        ["storageType"] = dv.StorageType,
        ["pathOrInlineDv"] = dv.PathOrInlineDv,
        ["offset"] = dv.Offset,
        ["sizeInBytes"] = dv.SizeInBytes,
        ["cardinality"] = dv.Cardinality,
    });

    /// <summary>Builds a string map as a JSON object.</summary>
    public static JsonObject MapJson(IReadOnlyDictionary<string, string> map)
    {
        var o = new JsonObject();
        foreach (var (k, v) in map)
        {
            o[k] = v;
        }

        return o;
    }

    private static JsonObject NullableMapJson(IReadOnlyDictionary<string, string?> map)
    {
        var o = new JsonObject();
        foreach (var (k, v) in map)
        {
            o[k] = v;
        }

        return o;
    }

    private static JsonObject Wrap(string name, JsonObject body) => new() { [name] = body };

    private static JsonObject Compact(JsonObject o)
    {
        foreach (var key in o.Where(kv => kv.Value is null).Select(kv => kv.Key).ToList())
        {
            o.Remove(key);
        }

        return o;
    }

    // ---- reading helpers ----

    internal static string? Str(JsonObject? o, string key) => o?[key] switch
    {
        JsonValue v when v.TryGetValue(out string? s) => s,
        JsonValue v => v.ToJsonString(),
        JsonObject or JsonArray => o[key]!.ToJsonString(),
        _ => null,
    };

    internal static long? Long(JsonObject? o, string key) => o?[key] switch
    {
        JsonValue v when v.TryGetValue(out long l) => l,
        JsonValue v when v.TryGetValue(out double d) => (long)d,
        JsonValue v when v.TryGetValue(out string? s) && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) => p,
        _ => null,
    };

    internal static bool? Bool(JsonObject? o, string key) => o?[key] switch
    {
        JsonValue v when v.TryGetValue(out bool b) => b,
        JsonValue v when v.TryGetValue(out string? s) && bool.TryParse(s, out var p) => p,
        _ => null,
    };

    private static List<string>? StrList(JsonNode? node) => node is JsonArray a
        ? [.. a.Select(x => x is JsonValue v && v.TryGetValue(out string? s) ? s : x?.ToJsonString() ?? string.Empty)]
        : null;

    internal static Dictionary<string, string> StrMap(JsonNode? node)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is JsonObject o)
        {
            foreach (var (k, v) in o)
            {
                if (v is not null)
                {
                    map[k] = v is JsonValue jv && jv.TryGetValue(out string? s) ? s : v.ToJsonString();
                }
            }
        }

        return map;
    }

    private static Dictionary<string, string?> NullableStrMap(JsonNode? node)
    {
        var map = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (node is JsonObject o)
        {
            foreach (var (k, v) in o)
            {
                map[k] = v is null ? null : v is JsonValue jv && jv.TryGetValue(out string? s) ? s : v.ToJsonString();
            }
        }

        return map;
    }

    /// <summary>Parses JSON text, mapping syntax errors to a state-recovery error.</summary>
    public static JsonNode? ParseJson(string text, long version)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw new LakehouseException("DELTA_LOG_FILE_CORRUPT", "XXKDS", $"The log file of version {version} is not valid JSON: {e.Message}", e);
        }
    }
}

/// <summary>The <c>sidecar</c> action of a v2 checkpoint: a Parquet file under <c>_delta_log/_sidecars/</c>.</summary>
/// <param name="Path">The path relative to <c>_delta_log/_sidecars/</c>.</param>
/// <param name="SizeInBytes">The file size.</param>
internal sealed record SidecarAction(string Path, long SizeInBytes);
