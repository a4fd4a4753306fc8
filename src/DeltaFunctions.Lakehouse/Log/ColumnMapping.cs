using System.Globalization;
using System.Text.Json.Nodes;

namespace DeltaFunctions.Lakehouse.Log;

/// <summary>
/// Column mapping (PROTOCOL.md, "Column Mapping"): in <c>name</c> and <c>id</c> mode every field, nested ones
/// included, carries a unique <c>delta.columnMapping.id</c> and a <c>delta.columnMapping.physicalName</c> used in
/// the Parquet files, and the table keeps <c>delta.columnMapping.maxColumnId</c>.
/// </summary>
internal static class ColumnMapping
{
    /// <summary>The property selecting the mode.</summary>
    public const string ModeKey = "delta.columnMapping.mode";

    /// <summary>The property holding the highest assigned id.</summary>
    public const string MaxColumnIdKey = "delta.columnMapping.maxColumnId";

    /// <summary>Gets whether a configuration turns column mapping on.</summary>
    public static bool IsEnabled(IReadOnlyDictionary<string, string>? configuration) =>
        configuration is not null
        && configuration.FirstOrDefault(kv => string.Equals(kv.Key, ModeKey, StringComparison.OrdinalIgnoreCase)).Value is { } mode
        && !string.Equals(mode, "none", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Assigns an id and a physical name (<c>col-&lt;uuid&gt;</c>) to every field that lacks them (fields that have
    /// them keep them), and returns the configuration with the new <c>maxColumnId</c>. Without column mapping the
    /// inputs come back unchanged.
    /// </summary>
    /// <param name="schema">The logical schema (for CREATE, or after ADD COLUMNS).</param>
    /// <param name="configuration">The table properties.</param>
    /// <returns>The annotated schema and properties.</returns>
    public static (StructType Schema, Dictionary<string, string> Configuration) AssignPhysicalNames(
        StructType schema,
        IReadOnlyDictionary<string, string> configuration)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(configuration);
        var config = configuration.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        if (!IsEnabled(configuration))
        {
            return (schema, config);
        }

        var maxId = config.TryGetValue(MaxColumnIdKey, out var text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        maxId = Math.Max(maxId, MaxId(schema));
        var annotated = (StructType)Assign(schema, ref maxId);
        config[MaxColumnIdKey] = maxId.ToString(CultureInfo.InvariantCulture);
        return (annotated, config);
    }

    private static long MaxId(DeltaType type) => type switch
    {
        StructType s => s.Fields.Select(f => Math.Max(f.FieldId ?? 0, MaxId(f.Type))).DefaultIfEmpty(0).Max(),
        ArrayType a => MaxId(a.ElementType),
        MapType m => Math.Max(MaxId(m.KeyType), MaxId(m.ValueType)),
        _ => 0,
    };

    private static DeltaType Assign(DeltaType type, ref long maxId)
    {
        switch (type)
        {
            case StructType s:
                {
                    var fields = new List<StructField>();
                    foreach (var field in s.Fields)
                    {
                        var metadata = field.Metadata.ToDictionary(kv => kv.Key, kv => kv.Value?.DeepClone(), StringComparer.Ordinal);
                        if (field.FieldId is null)
                        {
                            metadata[StructField.FieldIdKey] = JsonValue.Create(++maxId);
                        }

                        if (field.PhysicalName is null)
                        {
                            metadata[StructField.PhysicalNameKey] = JsonValue.Create("col-" + Guid.NewGuid());
                        }

                        fields.Add(field with { Type = Assign(field.Type, ref maxId), Metadata = metadata });
                    }

                    return new StructType(fields);
                }

            case ArrayType a:
                return a with { ElementType = Assign(a.ElementType, ref maxId) };
            case MapType m:
                {
                    var key = Assign(m.KeyType, ref maxId);
                    return m with { KeyType = key, ValueType = Assign(m.ValueType, ref maxId) };
                }

            default:
                return type;
        }
    }
}
