using System.Globalization;
using System.Text.Json.Nodes;

namespace DeltaFunctions.Lakehouse.Log;

/// <summary>
/// A Delta data type as the protocol's schema serialization format describes it (PROTOCOL.md, "Schema
/// Serialization Format"). Converts to the DuckDB type used for compute and to the Databricks SQL type text.
/// </summary>
internal abstract record DeltaType
{
    /// <summary>Gets the DuckDB type name that holds values of this type, for example <c>DECIMAL(10,2)</c>.</summary>
    public abstract string ToDuckDbType();

    /// <summary>Gets the Databricks SQL type text in upper case, for example <c>ARRAY&lt;INT&gt;</c>.</summary>
    public abstract string ToSqlText();

    /// <summary>Serializes the type as it appears in a <c>schemaString</c>.</summary>
    public abstract JsonNode ToJson();

    /// <summary>Parses a type from its <c>schemaString</c> JSON form.</summary>
    /// <param name="node">A JSON string (primitive) or object (struct, array, map).</param>
    /// <returns>The type.</returns>
    public static DeltaType FromJson(JsonNode? node)
    {
        switch (node)
        {
            case JsonValue value when value.TryGetValue(out string? name):
                return PrimitiveType.FromName(name);
            case JsonObject obj:
                var kind = (string?)obj["type"];
                return kind switch
                {
                    "struct" => StructType.FromJson(obj),
                    "array" => new ArrayType(FromJson(obj["elementType"]), (bool?)obj["containsNull"] ?? true),
                    "map" => new MapType(FromJson(obj["keyType"]), FromJson(obj["valueType"]), (bool?)obj["valueContainsNull"] ?? true),
                    _ => throw DeltaErrors.UnsupportedDataType(kind ?? obj.ToJsonString()),
                };
            default:
                throw DeltaErrors.UnsupportedDataType(node?.ToJsonString() ?? "null");
        }
    }

    /// <summary>
    /// Parses Databricks SQL type text such as <c>bigint</c>, <c>decimal(10,2)</c>, <c>array&lt;struct&lt;a:int&gt;&gt;</c>,
    /// <c>map&lt;string, bigint&gt;</c> or <c>timestamp_ntz</c> (case-insensitive; Spark aliases accepted).
    /// </summary>
    /// <param name="text">The type text.</param>
    /// <returns>The type.</returns>
    /// <exception cref="LakehouseException"><c>PARSE_SYNTAX_ERROR</c> or <c>UNSUPPORTED_DATATYPE</c>.</exception>
    public static DeltaType ParseSql(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return SqlTypeParser.Parse(text);
    }

    /// <summary>Gets whether values of this type are nested (struct, array, map).</summary>
    public bool IsNested => this is StructType or ArrayType or MapType;
}

/// <summary>A primitive Delta type identified by its schema name (<c>long</c>, <c>string</c>, <c>timestamp_ntz</c>, …).</summary>
/// <param name="Name">The name used in the <c>schemaString</c>.</param>
internal sealed record PrimitiveType(string Name) : DeltaType
{
    public static PrimitiveType String { get; } = new("string");
    public static PrimitiveType Long { get; } = new("long");
    public static PrimitiveType Integer { get; } = new("integer");
    public static PrimitiveType Short { get; } = new("short");
    public static PrimitiveType Byte { get; } = new("byte");
    public static PrimitiveType Float { get; } = new("float");
    public static PrimitiveType Double { get; } = new("double");
    public static PrimitiveType Boolean { get; } = new("boolean");
    public static PrimitiveType Binary { get; } = new("binary");
    public static PrimitiveType Date { get; } = new("date");
    public static PrimitiveType Timestamp { get; } = new("timestamp");
    public static PrimitiveType TimestampNtz { get; } = new("timestamp_ntz");
    public static PrimitiveType Variant { get; } = new("variant");

    /// <summary>Gets Spark's <c>void</c> (NullType): a column whose every value is NULL and that no data file stores.</summary>
    public static PrimitiveType Void { get; } = new("void");

    /// <summary>Resolves a schema name; <c>decimal(p,s)</c> yields a <see cref="DecimalType"/>.</summary>
    public static DeltaType FromName(string name)
    {
        switch (name)
        {
            case "string":
                return String;
            case "long":
                return Long;
            case "integer":
                return Integer;
            case "short":
                return Short;
            case "byte":
                return Byte;
            case "float":
                return Float;
            case "double":
                return Double;
            case "boolean":
                return Boolean;
            case "binary":
                return Binary;
            case "date":
                return Date;
            case "timestamp":
                return Timestamp;
            case "timestamp_ntz":
                return TimestampNtz;
            case "variant":
                return Variant;
            case "void":
                return Void;
            case "decimal":
                return new DecimalType(10, 0);
        }

        if (name.StartsWith("decimal(", StringComparison.Ordinal) && name.EndsWith(')'))
        {
            var parts = name[8..^1].Split(',');
            if (parts.Length == 2
                && int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var precision)
                && int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var scale))
            {
                return new DecimalType(precision, scale);
            }
        }

        throw DeltaErrors.UnsupportedDataType(name);
    }

    /// <inheritdoc />
    public override string ToDuckDbType() => Name switch
    {
        "string" => "VARCHAR",
        "long" => "BIGINT",
        "integer" => "INTEGER",
        "short" => "SMALLINT",
        "byte" => "TINYINT",
        "float" => "FLOAT",
        "double" => "DOUBLE",
        "boolean" => "BOOLEAN",
        "binary" => "BLOB",
        "date" => "DATE",
        "timestamp" => "TIMESTAMP WITH TIME ZONE",
        "timestamp_ntz" => "TIMESTAMP",
        "void" => "\"NULL\"",
        _ => throw DeltaErrors.UnsupportedDataType(Name),
    };

    /// <inheritdoc />
    public override string ToSqlText() => Name switch
    {
        "long" => "BIGINT",
        "integer" => "INT",
        "short" => "SMALLINT",
        "byte" => "TINYINT",
        _ => Name.ToUpperInvariant(),
    };

    /// <inheritdoc />
    public override JsonNode ToJson() => JsonValue.Create(Name);
}

/// <summary>A fixed-point decimal.</summary>
/// <param name="Precision">Total digits (1–38).</param>
/// <param name="Scale">Digits after the point.</param>
internal sealed record DecimalType(int Precision, int Scale) : DeltaType
{
    /// <inheritdoc />
    public override string ToDuckDbType() => string.Create(CultureInfo.InvariantCulture, $"DECIMAL({Precision},{Scale})");

    /// <inheritdoc />
    public override string ToSqlText() => ToDuckDbType();

    /// <inheritdoc />
    public override JsonNode ToJson() => JsonValue.Create(string.Create(CultureInfo.InvariantCulture, $"decimal({Precision},{Scale})"));
}

/// <summary>An array.</summary>
/// <param name="ElementType">The element type.</param>
/// <param name="ContainsNull">Whether elements may be null.</param>
internal sealed record ArrayType(DeltaType ElementType, bool ContainsNull = true) : DeltaType
{
    /// <inheritdoc />
    public override string ToDuckDbType() => ElementType.ToDuckDbType() + "[]";

    /// <inheritdoc />
    public override string ToSqlText() => $"ARRAY<{ElementType.ToSqlText()}>";

    /// <inheritdoc />
    public override JsonNode ToJson() => new JsonObject
    {
        ["type"] = "array",
        ["elementType"] = ElementType.ToJson(),
        ["containsNull"] = ContainsNull,
    };
}

/// <summary>A map.</summary>
/// <param name="KeyType">The key type.</param>
/// <param name="ValueType">The value type.</param>
/// <param name="ValueContainsNull">Whether values may be null.</param>
internal sealed record MapType(DeltaType KeyType, DeltaType ValueType, bool ValueContainsNull = true) : DeltaType
{
    /// <inheritdoc />
    public override string ToDuckDbType() => $"MAP({KeyType.ToDuckDbType()}, {ValueType.ToDuckDbType()})";

    /// <inheritdoc />
    public override string ToSqlText() => $"MAP<{KeyType.ToSqlText()}, {ValueType.ToSqlText()}>";

    /// <inheritdoc />
    public override JsonNode ToJson() => new JsonObject
    {
        ["type"] = "map",
        ["keyType"] = KeyType.ToJson(),
        ["valueType"] = ValueType.ToJson(),
        ["valueContainsNull"] = ValueContainsNull,
    };
}
