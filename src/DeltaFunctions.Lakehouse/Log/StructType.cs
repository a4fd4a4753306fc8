using System.Text.Json.Nodes;

namespace DeltaFunctions.Lakehouse.Log;

/// <summary>A struct: the table schema itself or a nested struct column.</summary>
internal sealed record StructType : DeltaType
{
    /// <summary>Initializes a new instance of the <see cref="StructType"/> class.</summary>
    /// <param name="fields">The fields in declared order.</param>
    public StructType(IEnumerable<StructField> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        Fields = [.. fields];
    }

    /// <summary>Gets the fields in declared order.</summary>
    public IReadOnlyList<StructField> Fields { get; }

    /// <summary>Finds a field by name, case-insensitively as Databricks resolves column names.</summary>
    /// <param name="name">The logical field name.</param>
    /// <returns>The field, or <see langword="null"/>.</returns>
    public StructField? Find(string name) =>
        Fields.FirstOrDefault(f => f.Name == name) ?? Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Parses a <c>schemaString</c>.</summary>
    /// <param name="schemaString">The JSON text.</param>
    /// <returns>The schema.</returns>
    public static StructType Parse(string schemaString)
    {
        ArgumentNullException.ThrowIfNull(schemaString);
        var node = JsonNode.Parse(schemaString) as JsonObject ?? throw DeltaErrors.UnsupportedDataType(schemaString);
        return FromJson(node);
    }

    /// <summary>Serializes the schema as a <c>schemaString</c>.</summary>
    /// <returns>The compact JSON text.</returns>
    public string ToSchemaString() => ToJson().ToJsonString();

    internal static StructType FromJson(JsonObject obj)
    {
        var fields = new List<StructField>();
        foreach (var item in obj["fields"] as JsonArray ?? [])
        {
            if (item is not JsonObject f)
            {
                continue;
            }

            var metadata = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            if (f["metadata"] is JsonObject md)
            {
                foreach (var (key, value) in md)
                {
                    metadata[key] = value?.DeepClone();
                }
            }

            fields.Add(new StructField(
                (string?)f["name"] ?? throw DeltaErrors.UnsupportedDataType(f.ToJsonString()),
                FromJson(f["type"]),
                (bool?)f["nullable"] ?? true,
                metadata));
        }

        return new StructType(fields);
    }

    /// <inheritdoc />
    public override string ToDuckDbType() =>
        "STRUCT(" + string.Join(", ", Fields.Select(f => SqlNames.Quote(f.Name) + " " + f.Type.ToDuckDbType())) + ")";

    /// <inheritdoc />
    public override string ToSqlText() =>
        "STRUCT<" + string.Join(", ", Fields.Select(f => f.Name + ": " + f.Type.ToSqlText() + (f.Nullable ? string.Empty : " NOT NULL"))) + ">";

    /// <inheritdoc />
    public override JsonNode ToJson()
    {
        var fields = new JsonArray();
        foreach (var f in Fields)
        {
            var metadata = new JsonObject();
            foreach (var (key, value) in f.Metadata)
            {
                metadata[key] = value?.DeepClone();
            }

            fields.Add(new JsonObject
            {
                ["name"] = f.Name,
                ["type"] = f.Type.ToJson(),
                ["nullable"] = f.Nullable,
                ["metadata"] = metadata,
            });
        }

        return new JsonObject { ["type"] = "struct", ["fields"] = fields };
    }

    /// <inheritdoc />
    public bool Equals(StructType? other) =>
        other is not null && Fields.SequenceEqual(other.Fields);

    /// <inheritdoc />
    public override int GetHashCode() => Fields.Count;
}

/// <summary>One field of a <see cref="StructType"/>.</summary>
/// <param name="Name">The logical name.</param>
/// <param name="Type">The type.</param>
/// <param name="Nullable">Whether nulls are allowed.</param>
/// <param name="Metadata">The field metadata (comment, column-mapping id and physical name, type-widening history…).</param>
internal sealed record StructField(string Name, DeltaType Type, bool Nullable = true, IReadOnlyDictionary<string, JsonNode?>? Metadata = null)
{
    /// <summary>Metadata key of the column-mapping physical name.</summary>
    public const string PhysicalNameKey = "delta.columnMapping.physicalName";

    /// <summary>Metadata key of the column-mapping field id.</summary>
    public const string FieldIdKey = "delta.columnMapping.id";

    /// <summary>Gets the field metadata (never null).</summary>
    public IReadOnlyDictionary<string, JsonNode?> Metadata { get; init; } = Metadata ?? new Dictionary<string, JsonNode?>();

    /// <summary>Gets the column comment, if any.</summary>
    public string? Comment => Metadata.TryGetValue("comment", out var c) && c is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    /// <summary>Gets the column-mapping physical name, if any.</summary>
    public string? PhysicalName => Metadata.TryGetValue(PhysicalNameKey, out var c) && c is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    /// <summary>Gets the column-mapping field id, if any.</summary>
    public long? FieldId => Metadata.TryGetValue(FieldIdKey, out var c) && c is JsonValue v && v.TryGetValue(out long id) ? id : null;

    /// <summary>Returns a copy with a comment set (or removed when null).</summary>
    public StructField WithComment(string? comment)
    {
        var md = Metadata.ToDictionary(kv => kv.Key, kv => kv.Value?.DeepClone(), StringComparer.Ordinal);
        if (comment is null)
        {
            md.Remove("comment");
        }
        else
        {
            md["comment"] = JsonValue.Create(comment);
        }

        return this with { Metadata = md };
    }

    /// <inheritdoc />
    public bool Equals(StructField? other) =>
        other is not null && Name == other.Name && Type.Equals(other.Type) && Nullable == other.Nullable
        && Metadata.Count == other.Metadata.Count
        && Metadata.All(kv => other.Metadata.TryGetValue(kv.Key, out var o) && JsonNode.DeepEquals(kv.Value, o));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, Nullable);
}
