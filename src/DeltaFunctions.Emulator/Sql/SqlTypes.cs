using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace DeltaFunctions.Emulator.Sql;

/// <summary>Maps the Lakehouse's Databricks type text to the Statement API's schema and cell encodings.</summary>
internal static class SqlTypes
{
    /// <summary>Describes a result column: type_name, type_text, precision and scale (reference §4.2).</summary>
    public static ColumnInfo Describe(string name, int position, string typeText)
    {
        var text = TypeText.Normalize(typeText);
        var typeName = TypeName(text.ToUpperInvariant());
        var (precision, scale) = typeName == "DECIMAL" ? DecimalShape(text) : (null, null);
        return new ColumnInfo(name, position, typeName, text)
        {
            TypePrecision = precision,
            TypeScale = scale,
            TypeIntervalType = typeName == "INTERVAL" ? text["INTERVAL".Length..].Trim().ToUpperInvariant() : null,
        };
    }

    public static string TypeName(string upperTypeText)
    {
        var head = upperTypeText;
        var cut = head.IndexOfAny(['(', '<', ' ']);
        if (cut > 0)
        {
            head = head[..cut];
        }

        return head switch
        {
            "BIGINT" or "LONG" => "LONG",
            "INT" or "INTEGER" => "INT",
            "SMALLINT" or "SHORT" => "SHORT",
            "TINYINT" or "BYTE" => "BYTE",
            "BOOLEAN" => "BOOLEAN",
            "FLOAT" or "REAL" => "FLOAT",
            "DOUBLE" => "DOUBLE",
            "DECIMAL" or "NUMERIC" or "DEC" => "DECIMAL",
            "STRING" or "VARCHAR" => "STRING",
            "CHAR" => "CHAR",
            "DATE" => "DATE",

            // The reference marks type_name for TIMESTAMP_NTZ and VARIANT unconfirmed; we keep to the documented
            // enum (TIMESTAMP / STRING) and let type_text carry the exact type.
            "TIMESTAMP" or "TIMESTAMP_LTZ" or "TIMESTAMP_NTZ" => "TIMESTAMP",
            "BINARY" => "BINARY",
            "ARRAY" => "ARRAY",
            "MAP" => "MAP",
            "STRUCT" => "STRUCT",
            "INTERVAL" => "INTERVAL",
            "VOID" or "NULL" => "NULL",
            _ => "STRING",
        };
    }

    private static (int? Precision, int? Scale) DecimalShape(string text)
    {
        var open = text.IndexOf('(', StringComparison.Ordinal);
        if (open < 0)
        {
            return (10, 0);
        }

        var parts = text[(open + 1)..].TrimEnd(')').Split(',');
        var precision = int.Parse(parts[0].Trim(), CultureInfo.InvariantCulture);
        var scale = parts.Length > 1 ? int.Parse(parts[1].Trim(), CultureInfo.InvariantCulture) : 0;
        return (precision, scale);
    }

    /// <summary>Formats one cell as the JSON_ARRAY and CSV formats carry it: a string, or null for SQL NULL (§4.4).</summary>
    public static string? FormatCell(object? value, ColumnInfo column) => value switch
    {
        null => null,
        bool b => b ? "true" : "false",
        decimal or string when column.TypeName == "DECIMAL" => ExactDecimal.Parse(value).ToString(column.TypeScale),
        float f => float.IsFinite(f) ? f.ToString("R", CultureInfo.InvariantCulture) : FormatFloating(f),
        double d => FormatFloating(d),
        IFormattable _ when value is DateTime dt => FormatTimestamp(dt),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset dto => dto.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        byte[] bytes => Convert.ToHexString(bytes),
        string s => s,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable => ToJsonText(value),
        _ => value.ToString(),
    };

    private static string FormatFloating(double value) =>
        double.IsNaN(value) ? "NaN"
        : double.IsPositiveInfinity(value) ? "Infinity"
        : double.IsNegativeInfinity(value) ? "-Infinity"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private static string FormatTimestamp(DateTime value) => value.Kind == DateTimeKind.Utc
        ? value.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)
        : value.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture);

    /// <summary>Writes arrays, maps and structs as JSON text, as Databricks puts them inside the cell string.</summary>
    public static string ToJsonText(object? value)
    {
        using var buffer = new MemoryStream();
        // Spark's JSON writer leaves backticks, HTML-sensitive characters and non-ASCII text as they are; so do we (the
        // outer response still escapes this text as a JSON string).
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            WriteJson(writer, value);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteJson(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case sbyte or byte or short or ushort or int or uint or long:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case float f when float.IsFinite(f):
                // Written as a float (shortest text that round-trips: 0.1), not widened to 0.10000000149011612.
                writer.WriteNumberValue(f);
                break;
            case float or double:
                var d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (double.IsFinite(d))
                {
                    writer.WriteNumberValue(d);
                }
                else
                {
                    writer.WriteStringValue(FormatFloating(d));
                }

                break;
            case decimal m:
                writer.WriteNumberValue(m);
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case IReadOnlyDictionary<string, object?> structValue:
                writer.WriteStartObject();
                foreach (var (key, field) in structValue)
                {
                    writer.WritePropertyName(key);
                    WriteJson(writer, field);
                }

                writer.WriteEndObject();
                break;
            case IDictionary map:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in map)
                {
                    writer.WritePropertyName(FormatKey(entry.Key));
                    WriteJson(writer, entry.Value);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable<KeyValuePair<object, object?>> pairs:
                writer.WriteStartObject();
                foreach (var (key, item) in pairs)
                {
                    writer.WritePropertyName(FormatKey(key));
                    WriteJson(writer, item);
                }

                writer.WriteEndObject();
                break;
            case byte[] bytes:
                // Top-level BINARY cells are hex (§4.4), but nested values come from Spark's JSON writer
                // (JacksonGenerator.writeBinary), which writes base64.
                writer.WriteBase64StringValue(bytes);
                break;
            case IEnumerable list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    WriteJson(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(FormatCell(value, Untyped));
                break;
        }
    }

    /// <summary>A column of no particular type: scalars nested in complex values are formatted by their CLR type.</summary>
    private static readonly ColumnInfo Untyped = new(string.Empty, 0, "STRING", "STRING");

    /// <summary>
    /// Formats a map key as the JSON property name Databricks writes: the key's JSON text form (DATE as
    /// <c>yyyy-MM-dd</c>, TIMESTAMP as ISO 8601, BOOLEAN as <c>true</c>), never the culture's default text.
    /// </summary>
    private static string FormatKey(object? key) => key switch
    {
        null => "null",
        IEnumerable and not string and not byte[] => ToJsonText(key),
        _ => FormatCell(key, Untyped) ?? "null",
    };

    /// <summary>
    /// The Arrow type of a column. Arrays, maps, structs and intervals travel as their JSON text in a UTF-8 column,
    /// which is what Databricks sends unless a client asks for native complex types.
    /// </summary>
    public static IArrowType ArrowType(ColumnInfo column) => column.TypeName switch
    {
        "LONG" => Int64Type.Default,
        "INT" => Int32Type.Default,
        "SHORT" => Int16Type.Default,
        "BYTE" => Int8Type.Default,
        "BOOLEAN" => BooleanType.Default,
        "FLOAT" => FloatType.Default,
        "DOUBLE" => DoubleType.Default,
        "DECIMAL" => new Decimal128Type(column.TypePrecision ?? 10, column.TypeScale ?? 0),
        "DATE" => Date32Type.Default,
        "TIMESTAMP" when column.TypeText == "TIMESTAMP_NTZ" => new TimestampType(TimeUnit.Microsecond, (string?)null),
        "TIMESTAMP" => new TimestampType(TimeUnit.Microsecond, "UTC"),
        "BINARY" => BinaryType.Default,
        "NULL" => NullType.Default,
        _ => StringType.Default,
    };

    /// <summary>Builds one Arrow column from the cells of <paramref name="rows"/> at <paramref name="ordinal"/>.</summary>
    public static IArrowArray BuildArrowArray(ColumnInfo column, IArrowType type, IReadOnlyList<object?[]> rows, int ordinal)
    {
        switch (type)
        {
            case Int64Type:
                return Build(new Int64Array.Builder(), rows, ordinal, (b, v) => b.Append(Convert.ToInt64(v, CultureInfo.InvariantCulture)), b => b.AppendNull(), b => b.Build());
            case Int32Type:
                return Build(new Int32Array.Builder(), rows, ordinal, (b, v) => b.Append(Convert.ToInt32(v, CultureInfo.InvariantCulture)), b => b.AppendNull(), b => b.Build());
            case Int16Type:
                return Build(new Int16Array.Builder(), rows, ordinal, (b, v) => b.Append(Convert.ToInt16(v, CultureInfo.InvariantCulture)), b => b.AppendNull(), b => b.Build());
            case Int8Type:
                return Build(new Int8Array.Builder(), rows, ordinal, (b, v) => b.Append(Convert.ToSByte(v, CultureInfo.InvariantCulture)), b => b.AppendNull(), b => b.Build());
            case BooleanType:
                return Build(new BooleanArray.Builder(), rows, ordinal, (b, v) => b.Append((bool)v), b => b.AppendNull(), b => b.Build());
            case FloatType:
                return Build(new FloatArray.Builder(), rows, ordinal, (b, v) => b.Append(Convert.ToSingle(v, CultureInfo.InvariantCulture)), b => b.AppendNull(), b => b.Build());
            case DoubleType:
                return Build(new DoubleArray.Builder(), rows, ordinal, (b, v) => b.Append(Convert.ToDouble(v, CultureInfo.InvariantCulture)), b => b.AppendNull(), b => b.Build());
            case Decimal128Type decimalType:
                return Build(
                    new Decimal128Array.Builder(decimalType),
                    rows,
                    ordinal,
                    (b, v) => b.Append(ExactDecimal.Parse(v).ToSqlDecimal(decimalType.Precision, decimalType.Scale)),
                    b => b.AppendNull(),
                    b => b.Build());
            case Date32Type:
                return Build(new Date32Array.Builder(), rows, ordinal, (b, v) => b.Append(v is DateOnly d ? d.ToDateTime(TimeOnly.MinValue) : (DateTime)v), b => b.AppendNull(), b => b.Build());
            case TimestampType timestampType:
                return Build(
                    new TimestampArray.Builder(timestampType),
                    rows,
                    ordinal,
                    (b, v) => b.Append(v is DateTimeOffset o ? o : new DateTimeOffset(DateTime.SpecifyKind((DateTime)v, DateTimeKind.Utc))),
                    b => b.AppendNull(),
                    b => b.Build());
            case BinaryType:
                return Build(new BinaryArray.Builder(), rows, ordinal, (b, v) => b.Append(((byte[])v).AsSpan()), b => b.AppendNull(), b => b.Build());
            case NullType:
                return new NullArray(rows.Count);
            default:
                return Build(new StringArray.Builder(), rows, ordinal, (b, v) => b.Append(FormatCell(v, column)), b => b.AppendNull(), b => b.Build());
        }
    }

    private static IArrowArray Build<TBuilder>(
        TBuilder builder,
        IReadOnlyList<object?[]> rows,
        int ordinal,
        Action<TBuilder, object> append,
        Action<TBuilder> appendNull,
        Func<TBuilder, IArrowArray> build)
    {
        foreach (var row in rows)
        {
            if (row[ordinal] is { } value)
            {
                append(builder, value);
            }
            else
            {
                appendNull(builder);
            }
        }

        return build(builder);
    }
}
