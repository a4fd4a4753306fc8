using System.Collections;
using System.Numerics;

namespace DeltaFunctions.Lakehouse.Commands;

/// <summary>Converts DuckDB.NET cell values to the CLR values <see cref="LakehouseResult"/> documents.</summary>
internal static class DuckDbValues
{
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

            case string or bool or sbyte or short or int or long or float or double or decimal or byte[] or DateOnly:
                return value;
            case Dictionary<string, object> structValue:
                {
                    // DuckDB.NET hands STRUCT values over as Dictionary<string, object>; MAPs are typed dictionaries.
                    var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
                    foreach (var (k, v) in structValue)
                    {
                        fields[k] = ConvertValue(v, ntz, typeText);
                    }

                    return fields;
                }

            case IDictionary map:
                {
                    var result = new Dictionary<object, object?>();
                    foreach (DictionaryEntry e in map)
                    {
                        result[ConvertValue(e.Key, ntz, typeText) ?? string.Empty] = ConvertValue(e.Value, ntz, typeText);
                    }

                    return result;
                }

            case IEnumerable list:
                {
                    var result = new List<object?>();
                    foreach (var item in list)
                    {
                        result.Add(ConvertValue(item, ntz, typeText));
                    }

                    return result;
                }

            default:
                return value.ToString();
        }
    }
}
