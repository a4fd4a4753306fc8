using System.Globalization;
using System.Text.Json;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// Decodes JSON_ARRAY cells (reference §4.4): each non-null cell is a JSON string, NULL is JSON null, and
/// ARRAY/MAP/STRUCT values are JSON text inside the string whose leaves are JSON natives.
/// </summary>
internal static class SqlValueDecoder
{
    /// <summary>Decodes one top-level cell.</summary>
    public static object? DecodeCell(string? cell, SqlType type)
    {
        if (cell is null)
        {
            return null;
        }

        switch (type.Name.Value)
        {
            case "STRING" or "CHAR":
                return cell;
            case "BOOLEAN":
                return bool.Parse(cell);
            case "BYTE":
                return sbyte.Parse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture);
            case "SHORT":
                return short.Parse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture);
            case "INT":
                return int.Parse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture);
            case "LONG":
                return long.Parse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture);
            case "FLOAT":
                return ParseFloat(cell);
            case "DOUBLE":
                return ParseDouble(cell);
            case "DECIMAL":
                return ParseDecimal(cell);
            case "DATE":
                return ParseDate(cell);
            case "TIMESTAMP":
                return ParseTimestamp(cell);
            case "TIMESTAMP_NTZ":
                return ParseTimestampNtz(cell);
            case "BINARY":
                return ParseBinary(cell);
            case "ARRAY" or "MAP" or "STRUCT":
                using (var document = JsonDocument.Parse(cell))
                {
                    return DecodeJson(document.RootElement, type);
                }

            case "NULL":
                return null;
            default:
                return cell;
        }
    }

    /// <summary>Decodes a value nested inside an ARRAY, MAP or STRUCT (a JSON native, or a string for text types).</summary>
    public static object? DecodeJson(JsonElement element, SqlType type)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        switch (type.Name.Value)
        {
            case "ARRAY":
                {
                    var list = new List<object?>(element.GetArrayLength());
                    foreach (var item in element.EnumerateArray())
                    {
                        list.Add(DecodeJson(item, type.ElementType!));
                    }

                    return list;
                }

            case "MAP":
                {
                    var map = new Dictionary<object, object?>();
                    if (element.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var property in element.EnumerateObject())
                        {
                            var key = DecodeCell(property.Name, type.KeyType!) ?? property.Name;
                            map[key] = DecodeJson(property.Value, type.ValueType!);
                        }
                    }
                    else
                    {
                        // Some writers send maps as [{"key":…, "value":…}] or [[k, v]]; accept both.
                        foreach (var entry in element.EnumerateArray())
                        {
                            var (k, v) = entry.ValueKind == JsonValueKind.Array
                                ? (entry[0], entry[1])
                                : (entry.GetProperty("key"), entry.GetProperty("value"));
                            map[DecodeJson(k, type.KeyType!)!] = DecodeJson(v, type.ValueType!);
                        }
                    }

                    return map;
                }

            case "STRUCT":
                {
                    var record = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                    foreach (var field in type.Fields)
                    {
                        record[field.Name] = TryGetField(element, field.Name, out var value) ? DecodeJson(value, field.Type) : null;
                    }

                    return record;
                }

            case "BINARY" when element.ValueKind == JsonValueKind.String:
                // Nested binary is base64 (Spark's JSON writer), never hex: text such as "AAAA" is valid as both, so
                // the top-level hex rule must not be applied here.
                return Convert.FromBase64String(element.GetString()!);

            default:
                if (element.ValueKind == JsonValueKind.String)
                {
                    return DecodeCell(element.GetString(), type);
                }

                return DecodeCell(element.GetRawText(), type);
        }
    }

    public static double ParseDouble(string cell) => cell switch
    {
        "NaN" => double.NaN,
        "Infinity" or "inf" => double.PositiveInfinity,
        "-Infinity" or "-inf" => double.NegativeInfinity,
        _ => double.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    public static float ParseFloat(string cell) => cell switch
    {
        "NaN" => float.NaN,
        "Infinity" or "inf" => float.PositiveInfinity,
        "-Infinity" or "-inf" => float.NegativeInfinity,
        _ => float.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    /// <summary>DECIMAL as <see cref="decimal"/>, or its exact text when it does not fit (no digits are lost).</summary>
    public static object ParseDecimal(string cell) =>
        decimal.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && !LosesDigits(cell, d) ? d : cell;

    public static DateOnly ParseDate(string cell) =>
        DateOnly.ParseExact(cell.Length > 10 ? cell[..10] : cell, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>TIMESTAMP: an instant. The service writes ISO-like text, with or without an offset; no offset means UTC.</summary>
    public static DateTimeOffset ParseTimestamp(string cell) =>
        DateTimeOffset.Parse(cell, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>TIMESTAMP_NTZ: a wall-clock time; any offset text is ignored rather than applied.</summary>
    public static DateTime ParseTimestampNtz(string cell) =>
        DateTimeOffset.Parse(cell, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).DateTime;

    /// <summary>
    /// BINARY cell: hex, as databricks-sql-python parses it (reference §4.4, observed). Text that is not hex is taken
    /// as base64. Nested binary never comes here: <see cref="DecodeJson"/> reads it as base64.
    /// </summary>
    public static byte[] ParseBinary(string cell)
    {
        if (cell.Length % 2 == 0 && cell.AsSpan().ContainsAnyExcept("0123456789abcdefABCDEF") is false)
        {
            return Convert.FromHexString(cell);
        }

        return Convert.FromBase64String(cell);
    }

    private static bool LosesDigits(string cell, decimal value)
    {
        // decimal holds 28–29 significant digits; DECIMAL(38) values beyond that would be rounded, so keep the text.
        var digits = 0;
        foreach (var c in cell)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
        }

        return digits > 28 && value.ToString(CultureInfo.InvariantCulture).Count(char.IsAsciiDigit) < digits;
    }

    /// <summary>
    /// Finds a struct field by name: exact first, then ignoring case, as Databricks resolves field names (a manifest's
    /// <c>type_text</c> may spell them in another case than the value's JSON keys).
    /// </summary>
    private static bool TryGetField(JsonElement element, string name, out JsonElement value)
    {
        if (element.TryGetProperty(name, out value))
        {
            return true;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }
}
