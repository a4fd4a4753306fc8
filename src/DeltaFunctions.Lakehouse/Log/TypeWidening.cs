using System.Text.Json.Nodes;

namespace DeltaFunctions.Lakehouse.Log;

/// <summary>
/// Type widening (reference §6.3, PROTOCOL.md "Type Widening"): which changes are allowed and how a widened
/// field records them (<c>delta.typeChanges</c> in the field metadata). Files keep their old physical types; the
/// scan casts them to the current type.
/// </summary>
internal static class TypeWidening
{
    /// <summary>The field metadata key listing past type changes.</summary>
    public const string TypeChangesKey = "delta.typeChanges";

    /// <summary>Gets whether <paramref name="from"/> may be widened to <paramref name="to"/>.</summary>
    public static bool IsSupported(DeltaType from, DeltaType to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (from.Equals(to))
        {
            return true;
        }

        static int Rank(DeltaType t) => t is PrimitiveType p ? p.Name switch { "byte" => 1, "short" => 2, "integer" => 3, "long" => 4, _ => 0 } : 0;
        var fromRank = Rank(from);
        var toRank = Rank(to);
        if (fromRank > 0 && toRank > fromRank)
        {
            return true;
        }

        if (fromRank is > 0 and < 4 && to.Equals(PrimitiveType.Double))
        {
            return true;
        }

        if (fromRank > 0 && to is DecimalType target)
        {
            var minimum = fromRank == 4 ? 20 : 10;
            return target.Precision - target.Scale >= minimum;
        }

        if (from.Equals(PrimitiveType.Float) && to.Equals(PrimitiveType.Double))
        {
            return true;
        }

        if (from is DecimalType a && to is DecimalType b)
        {
            return b.Scale >= a.Scale && b.Precision - a.Precision >= b.Scale - a.Scale && b.Precision >= a.Precision;
        }

        return from.Equals(PrimitiveType.Date) && to.Equals(PrimitiveType.TimestampNtz);
    }

    /// <summary>Returns the field with its new type and the change appended to <c>delta.typeChanges</c>.</summary>
    /// <exception cref="LakehouseException"><c>DELTA_UNSUPPORTED_TYPE_CHANGE</c> for a change Delta does not allow.</exception>
    public static StructField Widen(StructField field, DeltaType to)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (!IsSupported(field.Type, to) || field.Type.IsNested)
        {
            throw new LakehouseException("DELTA_UNSUPPORTED_TYPE_CHANGE", "0AKDC",
                $"Cannot change the type of column `{field.Name}` from {field.Type.ToSqlText()} to {to.ToSqlText()}: this type change is not supported.");
        }

        if (field.Type.Equals(to))
        {
            return field;
        }

        var metadata = field.Metadata.ToDictionary(kv => kv.Key, kv => kv.Value?.DeepClone(), StringComparer.Ordinal);
        var changes = metadata.TryGetValue(TypeChangesKey, out var existing) && existing is JsonArray array ? array : [];
        changes.Add(new JsonObject { ["fromType"] = field.Type.ToJson(), ["toType"] = to.ToJson() });
        metadata[TypeChangesKey] = changes;
        return field with { Type = to, Metadata = metadata };
    }
}
