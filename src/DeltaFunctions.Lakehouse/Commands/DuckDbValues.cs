using System.Collections;
using System.Numerics;

namespace DeltaFunctions.Lakehouse.Commands;

/// <summary>Converts DuckDB.NET cell values to the CLR values <see cref="LakehouseResult"/> documents.</summary>
internal static class DuckDbValues
{
    /// <summary>The widest DECIMAL precision read as <see cref="decimal"/>; wider ones are read as text.</summary>
    public const int MaxDecimalPrecision = 28;

    /// <summary>Converts one cell.</summary>
    /// <param name="value">The DuckDB value.</param>
    /// <param name="typeText">The Databricks type of the column.</param>
    /// <returns>The result value.</returns>
    public static object? Convert(object? value, string typeText)
    {
        var ntz = typeText.Contains("TIMESTAMP_NTZ", StringComparison.Ordinal);
        return ConvertValue(value, ntz, typeText);
    }

    private static object? ConvertValue(object? value, bool ntz, string typeText)
    {
        switch (value)
        {
            case null or DBNull:
                return null;
            case BigInteger big:
                return big >= long.MinValue && big <= long.MaxValue ? (long)big : big.ToString(System.Globalization.CultureInfo.InvariantCulture);
            case ulong u:
                return u <= long.MaxValue ? (long)u : u.ToString(System.Globalization.CultureInfo.InvariantCulture);
            case uint u32:
                return (long)u32;
            case ushort u16:
                return (int)u16;
            case byte b8:
                return (short)b8;
            case DateTime dt:
                return DateTime.SpecifyKind(dt, ntz ? DateTimeKind.Unspecified : DateTimeKind.Utc);
            case DateTimeOffset dto:
                return ntz ? DateTime.SpecifyKind(dto.DateTime, DateTimeKind.Unspecified) : dto.UtcDateTime;
            case Guid g:
                return g.ToString();
            case TimeSpan ts:
                return ts.ToString();
            case TimeOnly t:
                return t.ToString("HH:mm:ss.ffffff", System.Globalization.CultureInfo.InvariantCulture);
            case Stream stream:
                {
                    using var ms = new MemoryStream();
                    stream.CopyTo(ms);
                    return ms.ToArray();
                }

            case string text when IsWideDecimal(typeText):
                return DecimalOrText(text);
            case string text when typeText is not ("STRING" or ""):
                return FromText(text, typeText);
            case string or bool or sbyte or short or int or long or float or double or decimal or byte[] or DateOnly:
                return value;
            case Dictionary<string, object> structValue:
                {
                    // DuckDB.NET hands STRUCT values over as Dictionary<string, object>; MAPs are typed dictionaries.
                    var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
                    var fieldTypes = ChildTypes(typeText, "STRUCT<");
                    var position = 0;
                    foreach (var (k, v) in structValue)
                    {
                        fields[k] = ConvertValue(v, ntz, position < fieldTypes.Count ? FieldType(fieldTypes[position]) : string.Empty);
                        position++;
                    }

                    return fields;
                }

            case IDictionary map:
                {
                    var result = new Dictionary<object, object?>();
                    var types = ChildTypes(typeText, "MAP<");
                    var keyType = types.Count == 2 ? types[0] : string.Empty;
                    var valueType = types.Count == 2 ? types[1] : string.Empty;
                    foreach (DictionaryEntry e in map)
                    {
                        result[ConvertValue(e.Key, ntz, keyType) ?? string.Empty] = ConvertValue(e.Value, ntz, valueType);
                    }

                    return result;
                }

            case IEnumerable list:
                {
                    var result = new List<object?>();
                    var elementTypes = ChildTypes(typeText, "ARRAY<");
                    var elementType = elementTypes.Count == 1 ? elementTypes[0] : string.Empty;
                    foreach (var item in list)
                    {
                        result.Add(ConvertValue(item, ntz, elementType));
                    }

                    return result;
                }

            default:
                return value.ToString();
        }
    }

    /// <summary>
    /// Reads the text of a DECIMAL wider than <see cref="decimal"/>: the <see cref="decimal"/> when every digit fits,
    /// else the exact text, at the top level and inside nested values alike.
    /// </summary>
    private static object DecimalOrText(string text)
    {
        var digits = text.TrimStart('-').Replace(".", string.Empty, StringComparison.Ordinal).TrimStart('0').Length;
        var point = text.IndexOf('.', StringComparison.Ordinal);
        var scale = point < 0 ? 0 : text.Length - point - 1;
        return digits <= MaxDecimalPrecision && scale <= MaxDecimalPrecision && decimal.TryParse(text, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : text;
    }

    /// <summary>
    /// Reads back a value DuckDB printed as text because DuckDB.NET could not read it as it is (see
    /// <see cref="DuckDbReadableType"/>): by its Databricks type, as the value that type is read as; text that does not
    /// parse stays text, so no value is lost.
    /// </summary>
    private static object FromText(string text, string typeText)
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        const System.Globalization.NumberStyles Integer = System.Globalization.NumberStyles.AllowLeadingSign;
        const System.Globalization.NumberStyles Real = System.Globalization.NumberStyles.Float;
        return typeText switch
        {
            "BOOLEAN" when bool.TryParse(text, out var b) => b,
            "TINYINT" when sbyte.TryParse(text, Integer, invariant, out var i8) => i8,
            "SMALLINT" when short.TryParse(text, Integer, invariant, out var i16) => i16,
            "INT" when int.TryParse(text, Integer, invariant, out var i32) => i32,
            "BIGINT" when long.TryParse(text, Integer, invariant, out var i64) => i64,
            "FLOAT" => NonFinite(text) is { } f ? (float)f : float.TryParse(text, Real, invariant, out var f32) ? f32 : text,
            "DOUBLE" => NonFinite(text) is { } d ? d : double.TryParse(text, Real, invariant, out var f64) ? f64 : text,
            "DATE" when DateOnly.TryParseExact(text, "yyyy-MM-dd", invariant, System.Globalization.DateTimeStyles.None, out var date) => date,
            "TIMESTAMP" when DateTimeOffset.TryParse(text, invariant, System.Globalization.DateTimeStyles.AssumeUniversal, out var timestamp) => timestamp.UtcDateTime,
            "TIMESTAMP_NTZ" when DateTime.TryParse(text, invariant, System.Globalization.DateTimeStyles.None, out var local) => DateTime.SpecifyKind(local, DateTimeKind.Unspecified),
            _ when typeText.StartsWith("DECIMAL(", StringComparison.Ordinal) => DecimalOrText(text),
            _ => text,
        };

        // DuckDB prints non-finite floating values as inf, -inf and nan.
        static double? NonFinite(string value) => value switch
        {
            "inf" or "infinity" => double.PositiveInfinity,
            "-inf" or "-infinity" => double.NegativeInfinity,
            "nan" or "-nan" => double.NaN,
            _ => null,
        };
    }

    /// <summary>
    /// Whether a type text <c>DECIMAL(p,s)</c> (Databricks' or DuckDB's spelling, which agree) is wider than
    /// <see cref="MaxDecimalPrecision"/>.
    /// </summary>
    public static bool IsWideDecimal(string typeText)
    {
        if (!typeText.StartsWith("DECIMAL(", StringComparison.Ordinal))
        {
            return false;
        }

        var comma = typeText.IndexOf(',', StringComparison.Ordinal);
        return comma > 0 && int.TryParse(typeText.AsSpan(8, comma - 8), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var precision)
            && precision > MaxDecimalPrecision;
    }

    /// <summary>
    /// Splits the Databricks type text <c>ARRAY&lt;T&gt;</c>, <c>MAP&lt;K, V&gt;</c> or <c>STRUCT&lt;a: T, …&gt;</c>
    /// into its element, key and value, or field texts (empty when the text is not of that kind).
    /// </summary>
    private static List<string> ChildTypes(string typeText, string prefix)
    {
        var parts = new List<string>();
        if (!typeText.StartsWith(prefix, StringComparison.Ordinal) || !typeText.EndsWith('>'))
        {
            return parts;
        }

        var depth = 0;
        var start = prefix.Length;
        for (var i = start; i < typeText.Length - 1; i++)
        {
            switch (typeText[i])
            {
                case '<' or '(':
                    depth++;
                    break;
                case '>' or ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    parts.Add(typeText[start..i].Trim());
                    start = i + 1;
                    break;
            }
        }

        parts.Add(typeText[start..^1].Trim());
        return parts;
    }

    /// <summary>Gets the type of a <c>name: type</c> STRUCT field text.</summary>
    private static string FieldType(string field)
    {
        var colon = field.IndexOf(": ", StringComparison.Ordinal);
        return colon < 0 ? string.Empty : field[(colon + 2)..];
    }
}
