using System.Text.Json.Serialization;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>The <c>type_name</c> of a result column. Unknown values round-trip unchanged.</summary>
[JsonConverter(typeof(StringValueJsonConverter<SqlTypeName>))]
public readonly record struct SqlTypeName : IStringValue<SqlTypeName>
{
    /// <summary>Creates a value from the string the service sends.</summary>
    /// <param name="value">The string; never null.</param>
    public SqlTypeName(string value) => Value = value ?? throw new ArgumentNullException(nameof(value));

    /// <inheritdoc/>
    public string Value { get; }

    /// <summary>The value <c>ARRAY</c>.</summary>
    public static SqlTypeName Array { get; } = new("ARRAY");

    /// <summary>The value <c>BINARY</c>.</summary>
    public static SqlTypeName Binary { get; } = new("BINARY");

    /// <summary>The value <c>BOOLEAN</c>.</summary>
    public static SqlTypeName Boolean { get; } = new("BOOLEAN");

    /// <summary>The value <c>BYTE</c>.</summary>
    public static SqlTypeName Byte { get; } = new("BYTE");

    /// <summary>The value <c>CHAR</c>.</summary>
    public static SqlTypeName Char { get; } = new("CHAR");

    /// <summary>The value <c>DATE</c>.</summary>
    public static SqlTypeName Date { get; } = new("DATE");

    /// <summary>The value <c>DECIMAL</c>.</summary>
    public static SqlTypeName Decimal { get; } = new("DECIMAL");

    /// <summary>The value <c>DOUBLE</c>.</summary>
    public static SqlTypeName Double { get; } = new("DOUBLE");

    /// <summary>The value <c>FLOAT</c>.</summary>
    public static SqlTypeName Float { get; } = new("FLOAT");

    /// <summary>The value <c>INT</c>.</summary>
    public static SqlTypeName Int { get; } = new("INT");

    /// <summary>The value <c>INTERVAL</c>.</summary>
    public static SqlTypeName Interval { get; } = new("INTERVAL");

    /// <summary>The value <c>LONG</c>.</summary>
    public static SqlTypeName Long { get; } = new("LONG");

    /// <summary>The value <c>MAP</c>.</summary>
    public static SqlTypeName Map { get; } = new("MAP");

    /// <summary>The value <c>NULL</c>.</summary>
    public static SqlTypeName Null { get; } = new("NULL");

    /// <summary>The value <c>SHORT</c>.</summary>
    public static SqlTypeName Short { get; } = new("SHORT");

    /// <summary>The value <c>STRING</c>.</summary>
    public static SqlTypeName String { get; } = new("STRING");

    /// <summary>The value <c>STRUCT</c>.</summary>
    public static SqlTypeName Struct { get; } = new("STRUCT");

    /// <summary>The value <c>TIMESTAMP</c>.</summary>
    public static SqlTypeName Timestamp { get; } = new("TIMESTAMP");

    /// <summary>The value <c>TIMESTAMP_NTZ</c>.</summary>
    public static SqlTypeName TimestampNtz { get; } = new("TIMESTAMP_NTZ");

    /// <summary>The value <c>USER_DEFINED_TYPE</c>.</summary>
    public static SqlTypeName UserDefinedType { get; } = new("USER_DEFINED_TYPE");

    /// <summary>The value <c>VARIANT</c>.</summary>
    public static SqlTypeName Variant { get; } = new("VARIANT");

    /// <inheritdoc/>
    public static SqlTypeName From(string value) => new(value);

    /// <inheritdoc/>
    public override string ToString() => Value ?? string.Empty;
}
