using System.Globalization;
using System.Text.Json;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// Decodes a downloaded JSON_ARRAY chunk (<c>[["1","a"],…]</c>, reference §4.4) straight from its UTF-8 bytes into
/// typed rows: integers and floating-point cells are parsed from the bytes without an intermediate string; every other
/// cell, and any number the fast path cannot read, goes through <see cref="SqlValueDecoder.DecodeCell"/>, so values are
/// exactly those of the string path.
/// </summary>
internal static class JsonRowDecoder
{
    public static List<object?[]> Decode(ReadOnlySpan<byte> json, SqlResultSchema schema)
    {
        var rows = new List<object?[]>();
        var reader = new Utf8JsonReader(json);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                throw new InvalidDataException("A JSON_ARRAY result chunk is not an array of rows.");
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    throw new InvalidDataException($"A JSON_ARRAY result row is a {reader.TokenType}, not an array of cells.");
                }

                var values = new object?[schema.Count];
                var count = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (count < values.Length)
                    {
                        values[count] = DecodeCell(ref reader, schema.Types[count]);
                    }
                    else
                    {
                        reader.Skip();
                    }

                    count++;
                }

                if (count != schema.Count)
                {
                    throw new InvalidDataException($"A result row has {count} cells but the manifest lists {schema.Count} columns.");
                }

                rows.Add(values);
            }
        }
        catch (JsonException e)
        {
            throw new InvalidDataException("A JSON_ARRAY result chunk is not valid JSON.", e);
        }

        return rows;
    }

    private static object? DecodeCell(ref Utf8JsonReader reader, SqlType type)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            var bytes = reader.ValueSpan;
            switch (type.Name.Value)
            {
                case "LONG" when long.TryParse(bytes, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l):
                    return l;
                case "INT" when int.TryParse(bytes, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i):
                    return i;
                case "SHORT" when short.TryParse(bytes, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s):
                    return s;
                case "BYTE" when sbyte.TryParse(bytes, NumberStyles.Integer, CultureInfo.InvariantCulture, out var b):
                    return b;
                case "DOUBLE" when bytes.Length > 0 && (char.IsAsciiDigit((char)bytes[0]) || bytes[0] == (byte)'-')
                    && double.TryParse(bytes, NumberStyles.Float, CultureInfo.InvariantCulture, out var d):
                    return d;
            }
        }

        // Anything else (strings, decimals, dates, nested JSON, NaN/Infinity, a number sent unquoted) takes the string path.
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
        return SqlValueDecoder.DecodeCell(text, type);
    }
}
