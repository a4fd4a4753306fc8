using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using DeltaFunctions.Lakehouse.Log;

namespace DeltaFunctions.Lakehouse.Sql.Json;

/// <summary>
/// Databricks' <c>from_json(jsonStr, schema[, options])</c>: reads JSON text against a schema with Spark's value
/// rules and writes the result as canonical JSON that DuckDB casts losslessly to the schema's DuckDB type
/// (decimals as exact digit strings, binary as <c>\xHH</c> escapes, timestamps as UTC text, every struct field
/// present, NaN and infinities as strings).
/// </summary>
/// <remarks>
/// The value rules follow Spark's <c>JacksonParser</c> (the Databricks docs only say the input "should be
/// well-formed"): integers only from integer tokens and range-checked (Jackson's byte range is -128..255, wrapped);
/// floats from numbers or the strings NaN / Infinity / +INF / -INF; decimals from numbers or strings (commas
/// removed), rounded half-up to the scale and refused when they overflow the precision; booleans only from
/// true/false; strings from strings, or the source text of any other value exactly as written; binary from base64 strings; dates and
/// timestamps from Spark's lenient ISO forms, timestamps also from integer epoch seconds; TIMESTAMP_NTZ refuses
/// text with a zone; empty strings are refused for every type but STRING and BINARY. Struct fields match names
/// case-sensitively, missing keys are NULL, unknown keys are skipped, the last duplicate wins. An object given
/// for ARRAY&lt;STRUCT&gt; is a one-element array. A value that cannot be read makes the record malformed; with
/// Spark's partial results (<c>spark.sql.json.enablePartialResults</c>, on by default since Spark 3.4) the bad
/// field becomes NULL and the rest is kept, except where Spark gives up the whole value: a bad array element or map
/// value that is not itself a partial struct, and JSON syntax errors. In PERMISSIVE mode a malformed record yields
/// its partial result, else NULL for ARRAY / MAP schemas and a struct of NULLs (with the text in the corrupt-record
/// field when the schema has one) for STRUCT schemas; in FAILFAST mode it fails the statement. Map keys with the
/// same text keep the last value, because DuckDB maps cannot hold duplicate keys (Spark would keep both).
/// </remarks>
internal sealed class JsonToStructs
{
    // Canonical JSON only feeds DuckDB's JSON reader, never HTML, so only what JSON requires is escaped.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly DeltaType _schema;
    private readonly SparkJsonOptions _options;
    private readonly int _corruptField = -1;

    /// <summary>Initializes a new instance of the <see cref="JsonToStructs"/> class.</summary>
    /// <param name="schema">The validated schema (see <see cref="ParseSchema"/>).</param>
    /// <param name="options">The options.</param>
    public JsonToStructs(DeltaType schema, SparkJsonOptions options)
    {
        _schema = schema;
        _options = options;
        if (schema is StructType st)
        {
            for (var i = 0; i < st.Fields.Count; i++)
            {
                if (st.Fields[i].Name == options.ColumnNameOfCorruptRecord && st.Fields[i].Type == PrimitiveType.String)
                {
                    _corruptField = i;
                }
            }
        }
    }

    /// <summary>
    /// Parses a <c>from_json</c> schema: a type (<c>ARRAY&lt;STRUCT&lt;…&gt;&gt;</c>, <c>STRUCT&lt;…&gt;</c>,
    /// <c>MAP&lt;STRING, …&gt;</c>) or the field list form <c>a INT, b STRING</c>.
    /// </summary>
    /// <param name="text">The schema text.</param>
    /// <returns>The schema.</returns>
    /// <exception cref="LakehouseException">The schema does not parse, is not a struct, array or map, or has a map with non-STRING keys.</exception>
    public static DeltaType ParseSchema(string text)
    {
        DeltaType type;
        try
        {
            type = SqlTypeParser.Parse(text);
        }
        catch (LakehouseException)
        {
            try
            {
                type = SqlTypeParser.Parse("STRUCT<" + text + ">");
            }
            catch (LakehouseException e)
            {
                throw new LakehouseException("INVALID_SCHEMA.PARSE_ERROR", "42K07", $"The input schema \"{text}\" is not a valid schema string: {e.Text}", e);
            }
        }

        if (type is not (StructType or ArrayType or MapType))
        {
            throw new LakehouseException("DATATYPE_MISMATCH.INVALID_JSON_SCHEMA", "42K09", $"Cannot resolve \"from_json\": Input schema \"{type.ToSqlText()}\" must be a struct, an array or a map.");
        }

        CheckMapKeys(type, text);
        return type;
    }

    /// <summary>
    /// Gets the DuckDB expression that turns the canonical JSON into the schema's DuckDB type. Binary travels as
    /// <c>\xHH</c> text: DuckDB's JSON cast would keep that text as bytes, while its VARCHAR → BLOB cast decodes the
    /// escapes, so schemas with BINARY are cast to a VARCHAR-for-BINARY type first and then to the real one.
    /// </summary>
    /// <param name="schema">The schema.</param>
    /// <param name="canonicalJson">The DuckDB expression holding the canonical JSON text.</param>
    /// <returns>The DuckDB expression.</returns>
    public static string CastExpression(DeltaType schema, string canonicalJson)
    {
        var transport = TransportType(schema);
        var target = schema.ToDuckDbType();
        var cast = $"CAST(CAST({canonicalJson} AS JSON) AS {transport})";
        return transport == target ? cast : $"CAST({cast} AS {target})";
    }

    private static string TransportType(DeltaType type) => type switch
    {
        PrimitiveType { Name: "binary" } => "VARCHAR",
        ArrayType a => TransportType(a.ElementType) + "[]",
        MapType m => $"MAP({TransportType(m.KeyType)}, {TransportType(m.ValueType)})",
        StructType st => "STRUCT(" + string.Join(", ", st.Fields.Select(f => SqlNames.Quote(f.Name) + " " + TransportType(f.Type))) + ")",
        _ => type.ToDuckDbType(),
    };

    /// <summary>Converts one input value.</summary>
    /// <param name="json">The JSON text, or null.</param>
    /// <returns>Canonical JSON for DuckDB, or null for a NULL result.</returns>
    /// <exception cref="LakehouseException"><c>MALFORMED_RECORD_IN_PARSING</c> in FAILFAST mode.</exception>
    public string? Convert(string? json)
    {
        if (json is null)
        {
            return null;
        }

        object? result;
        try
        {
            var root = SparkJsonReader.Read(json, _options);
            if (root is null)
            {
                return null;
            }

            result = ConvertRoot(root);
        }
        catch (PartialValueException partial) when (!_options.FailFast)
        {
            result = partial.Partial;
            SetCorruptRecord(result, json);
        }
        catch (Exception e) when (e is FormatException or ConversionException or PartialValueException)
        {
            if (_options.FailFast)
            {
                throw new LakehouseException(
                    "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION",
                    "22023",
                    $"Malformed records are detected in record parsing: {e.Message} Parse Mode: FAILFAST. To process malformed records as null result, try setting the option 'mode' as 'PERMISSIVE'.",
                    e);
            }

            if (_schema is not StructType st)
            {
                return null;
            }

            var row = new object?[st.Fields.Count];
            SetCorruptRecord(row, json);
            result = row;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, result, _schema);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void CheckMapKeys(DeltaType type, string text)
    {
        switch (type)
        {
            case MapType map when map.KeyType != PrimitiveType.String:
                throw new LakehouseException("DATATYPE_MISMATCH.INVALID_JSON_MAP_KEY_TYPE", "42K09", $"Cannot resolve \"from_json\": Input schema \"{text}\" can only contain STRING as a key type for a MAP.");
            case MapType map:
                CheckMapKeys(map.ValueType, text);
                break;
            case ArrayType array:
                CheckMapKeys(array.ElementType, text);
                break;
            case StructType st:
                foreach (var f in st.Fields)
                {
                    CheckMapKeys(f.Type, text);
                }

                break;
            default:
                break;
        }
    }

    private void SetCorruptRecord(object? result, string json)
    {
        if (_corruptField >= 0 && result is object?[] row)
        {
            row[_corruptField] = json;
        }
    }

    private object? ConvertRoot(JsonNodeValue node)
    {
        switch (_schema)
        {
            case StructType st:
                return node.Kind switch
                {
                    JsonNodeKind.Object => ConvertObject(node, st),
                    JsonNodeKind.Null => throw new ConversionException("The root JSON value is null."),
                    JsonNodeKind.Array => throw new ConversionException("A JSON array cannot be read as a struct."),
                    _ => throw Mismatch(node, st),
                };
            case ArrayType { ElementType: StructType element } when node.Kind == JsonNodeKind.Object:
                // An object given for ARRAY<STRUCT> is read as a one-element array (SPARK-19595).
                try
                {
                    return new List<object?> { ConvertObject(node, element) };
                }
                catch (PartialValueException partial)
                {
                    throw new PartialValueException(new List<object?> { partial.Partial }, partial);
                }

            default:
                return node.Kind == JsonNodeKind.Null ? throw new ConversionException("The root JSON value is null.") : ConvertValue(node, _schema);
        }
    }

    private object? ConvertValue(JsonNodeValue node, DeltaType type)
    {
        if (node.Kind == JsonNodeKind.Null)
        {
            return null;
        }

        switch (type)
        {
            case StructType st:
                return node.Kind == JsonNodeKind.Object ? ConvertObject(node, st) : throw Mismatch(node, type);
            case ArrayType array:
                return node.Kind == JsonNodeKind.Array ? ConvertArray(node, array.ElementType) : throw Mismatch(node, type);
            case MapType map:
                return node.Kind == JsonNodeKind.Object ? ConvertMap(node, map.ValueType) : throw Mismatch(node, type);
            case DecimalType dec:
                return ConvertDecimal(node, dec);
            case PrimitiveType p:
                return ConvertPrimitive(node, p);
            default:
                throw Mismatch(node, type);
        }
    }

    private object?[] ConvertObject(JsonNodeValue node, StructType st)
    {
        var row = new object?[st.Fields.Count];
        Exception? bad = null;
        foreach (var (name, value) in node.Members!)
        {
            var index = FieldIndex(st, name);
            if (index < 0)
            {
                continue;
            }

            try
            {
                row[index] = ConvertValue(value, st.Fields[index].Type);
            }
            catch (PartialValueException partial)
            {
                bad ??= partial;
                row[index] = partial.Partial;
            }
            catch (ConversionException e)
            {
                // Spark catches every field failure at the root, and everywhere with partial results on.
                bad ??= e;
            }
        }

        return bad is null ? row : throw new PartialValueException(row, bad);
    }

    private static int FieldIndex(StructType st, string name)
    {
        for (var i = 0; i < st.Fields.Count; i++)
        {
            if (string.Equals(st.Fields[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private List<object?> ConvertArray(JsonNodeValue node, DeltaType elementType)
    {
        var items = new List<object?>(node.Items!.Count);
        Exception? bad = null;
        foreach (var item in node.Items)
        {
            try
            {
                items.Add(ConvertValue(item, elementType));
            }
            catch (PartialValueException partial)
            {
                bad ??= partial;
                items.Add(partial.Partial);
            }
        }

        return bad is null ? items : throw new PartialValueException(items, bad);
    }

    private List<KeyValuePair<string, object?>> ConvertMap(JsonNodeValue node, DeltaType valueType)
    {
        var entries = new List<KeyValuePair<string, object?>>();
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        Exception? partialCause = null;
        ConversionException? failure = null;
        foreach (var (key, value) in node.Members!)
        {
            object? converted;
            try
            {
                converted = ConvertValue(value, valueType);
            }
            catch (PartialValueException partial)
            {
                partialCause ??= partial;
                converted = partial.Partial;
            }
            catch (ConversionException e)
            {
                failure ??= e;
                continue;
            }

            if (positions.TryGetValue(key, out var at))
            {
                entries[at] = new(key, converted);
            }
            else
            {
                positions[key] = entries.Count;
                entries.Add(new(key, converted));
            }
        }

        if (failure is not null)
        {
            throw failure;
        }

        return partialCause is null ? entries : throw new PartialValueException(entries, partialCause);
    }

    private object ConvertPrimitive(JsonNodeValue node, PrimitiveType type)
    {
        var text = node.Text;
        if (node.Kind == JsonNodeKind.String && text!.Length == 0 && type != PrimitiveType.String && type != PrimitiveType.Binary)
        {
            throw new ConversionException($"Failed to parse an empty string for data type {type.ToSqlText()}.");
        }

        switch (type.Name)
        {
            case "boolean":
                return node.Kind switch
                {
                    JsonNodeKind.True => true,
                    JsonNodeKind.False => false,
                    _ => throw Mismatch(node, type),
                };
            case "byte":
                // Jackson's getByteValue accepts -128..255 and wraps values above 127.
                return (sbyte)(byte)(short)Integral(node, type, -128, 255);
            case "short":
                return (short)Integral(node, type, short.MinValue, short.MaxValue);
            case "integer":
                return (int)Integral(node, type, int.MinValue, int.MaxValue);
            case "long":
                return Integral(node, type, long.MinValue, long.MaxValue);
            case "float":
                return (float)Floating(node, type, single: true);
            case "double":
                return Floating(node, type, single: false);
            case "string":
                return node.Kind switch
                {
                    JsonNodeKind.String or JsonNodeKind.Number => text!,
                    JsonNodeKind.True => "true",
                    JsonNodeKind.False => "false",

                    // spark.sql.json.enableExactStringParsing (Spark 4.0, on by default): the text exactly as written.
                    _ => node.Source!,
                };
            case "binary":
                if (node.Kind != JsonNodeKind.String)
                {
                    throw Mismatch(node, type);
                }

                try
                {
                    return System.Convert.FromBase64String(text!);
                }
                catch (FormatException e)
                {
                    throw new ConversionException($"Cannot parse '{Truncate(text!)}' as base64 for BINARY: {e.Message}");
                }

            case "date":
                return node.Kind == JsonNodeKind.String && SparkDateTime.TryParseDate(text!, out var date)
                    ? date
                    : throw Mismatch(node, type);
            case "timestamp":
                if (node.Kind == JsonNodeKind.Number && node.IsInteger)
                {
                    // An integer is seconds since the epoch.
                    var seconds = Integral(node, type, long.MinValue, long.MaxValue);
                    return seconds is > long.MaxValue / 1_000_000 or < long.MinValue / 1_000_000
                        ? throw new ConversionException($"{text} seconds overflow TIMESTAMP.")
                        : new MicrosValue(seconds * 1_000_000, Utc: true);
                }

                return node.Kind == JsonNodeKind.String && SparkDateTime.TryParseTimestamp(text!, _options.TimeZone, allowZone: true, out var micros)
                    ? new MicrosValue(micros, Utc: true)
                    : throw Mismatch(node, type);
            case "timestamp_ntz":
                return node.Kind == JsonNodeKind.String && SparkDateTime.TryParseTimestamp(text!, null, allowZone: false, out var wall)
                    ? new MicrosValue(wall, Utc: false)
                    : throw Mismatch(node, type);
            default:
                throw Mismatch(node, type);
        }
    }

    private static long Integral(JsonNodeValue node, DeltaType type, long min, long max)
    {
        if (node.Kind != JsonNodeKind.Number || !node.IsInteger)
        {
            throw Mismatch(node, type);
        }

        return long.TryParse(node.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
            ? v
            : throw new ConversionException($"Numeric value ({node.Text}) out of range of {type.ToSqlText()}.");
    }

    private static double Floating(JsonNodeValue node, DeltaType type, bool single)
    {
        var text = node.Text!;
        if (node.Kind == JsonNodeKind.Number)
        {
            return text switch
            {
                "NaN" => double.NaN,
                "Infinity" or "+Infinity" or "+INF" => double.PositiveInfinity,
                "-Infinity" or "-INF" => double.NegativeInfinity,
                _ when single => float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
                _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
        }

        // Strings are read only for the special values (allowNonNumericNumbers, on by default).
        return node.Kind == JsonNodeKind.String
            ? text switch
            {
                "NaN" => double.NaN,
                "+INF" or "+Infinity" or "Infinity" => double.PositiveInfinity,
                "-INF" or "-Infinity" => double.NegativeInfinity,
                _ => throw new ConversionException($"Cannot parse the string '{Truncate(text)}' as {type.ToSqlText()}."),
            }
            : throw Mismatch(node, type);
    }

    private static DecimalText ConvertDecimal(JsonNodeValue node, DecimalType type)
    {
        string text;
        if (node.Kind == JsonNodeKind.Number && node.Text is not ("NaN" or "Infinity" or "+Infinity" or "-Infinity" or "+INF" or "-INF"))
        {
            text = node.Text!;
        }
        else if (node.Kind == JsonNodeKind.String && node.Text!.Length > 0)
        {
            // Spark's decimal parser for the default (US) locale drops grouping commas first.
            text = node.Text.Replace(",", string.Empty, StringComparison.Ordinal);
        }
        else
        {
            throw Mismatch(node, type);
        }

        return DecimalText.TryCreate(text, type.Precision, type.Scale, out var value)
            ? value
            : throw new ConversionException($"Cannot read '{Truncate(node.Text!)}' as {type.ToSqlText()}.");
    }

    private static void Write(Utf8JsonWriter writer, object? value, DeltaType type)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                return;
            case bool b:
                writer.WriteBooleanValue(b);
                return;
            case sbyte v:
                writer.WriteNumberValue(v);
                return;
            case short v:
                writer.WriteNumberValue(v);
                return;
            case int v:
                writer.WriteNumberValue(v);
                return;
            case long v:
                writer.WriteNumberValue(v);
                return;
            case float v:
                WriteFloating(writer, v, v.ToString("R", CultureInfo.InvariantCulture));
                return;
            case double v:
                WriteFloating(writer, v, v.ToString("R", CultureInfo.InvariantCulture));
                return;
            case DecimalText d:
                writer.WriteStringValue(d.Text);
                return;
            case string s:
                writer.WriteStringValue(Sanitize(s));
                return;
            case byte[] bytes:
                {
                    // DuckDB reads \xHH escapes when it casts text to BLOB.
                    var sb = new StringBuilder(bytes.Length * 4);
                    foreach (var b in bytes)
                    {
                        sb.Append("\\x").Append(b.ToString("X2", CultureInfo.InvariantCulture));
                    }

                    writer.WriteStringValue(sb.ToString());
                    return;
                }

            case DateOnly d:
                writer.WriteStringValue(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                return;
            case MicrosValue m:
                writer.WriteStringValue(m.Format());
                return;
            case object?[] row:
                {
                    var st = (StructType)type;
                    writer.WriteStartObject();
                    for (var i = 0; i < st.Fields.Count; i++)
                    {
                        writer.WritePropertyName(st.Fields[i].Name);
                        Write(writer, row[i], st.Fields[i].Type);
                    }

                    writer.WriteEndObject();
                    return;
                }

            case List<KeyValuePair<string, object?>> map:
                {
                    var valueType = ((MapType)type).ValueType;
                    writer.WriteStartObject();
                    foreach (var (key, item) in map)
                    {
                        writer.WritePropertyName(Sanitize(key));
                        Write(writer, item, valueType);
                    }

                    writer.WriteEndObject();
                    return;
                }

            case List<object?> items:
                {
                    var elementType = ((ArrayType)type).ElementType;
                    writer.WriteStartArray();
                    foreach (var item in items)
                    {
                        Write(writer, item, elementType);
                    }

                    writer.WriteEndArray();
                    return;
                }

            default:
                throw new InvalidOperationException($"Unexpected converted value {value.GetType().Name}.");
        }
    }

    private static void WriteFloating(Utf8JsonWriter writer, double value, string text)
    {
        if (double.IsNaN(value))
        {
            writer.WriteStringValue("NaN");
        }
        else if (double.IsInfinity(value))
        {
            writer.WriteStringValue(value > 0 ? "Infinity" : "-Infinity");
        }
        else
        {
            // A fraction or exponent keeps DuckDB from reading "-0" as the integer 0.
            writer.WriteRawValue(text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : text + ".0", skipInputValidation: true);
        }
    }

    /// <summary>Replaces lone surrogates (which UTF-8 cannot carry) with U+FFFD, as Spark's UTF8String does.</summary>
    private static string Sanitize(string s)
    {
        char[]? chars = null;
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(s[i]))
            {
                chars ??= s.ToCharArray();
                chars[i] = '\uFFFD';
            }
        }

        return chars is null ? s : new string(chars);
    }

    private static ConversionException Mismatch(JsonNodeValue node, DeltaType type) =>
        new($"Cannot parse the JSON {node.Kind.ToString().ToLowerInvariant()} {(node.Text is null ? string.Empty : "'" + Truncate(node.Text) + "' ")}as {type.ToSqlText()}.");

    private static string Truncate(string text) => text.Length <= 64 ? text : text[..64] + "…";

    /// <summary>A timestamp in microseconds since the epoch; UTC for TIMESTAMP, wall clock for TIMESTAMP_NTZ.</summary>
    private readonly record struct MicrosValue(long Micros, bool Utc)
    {
        public string Format()
        {
            var seconds = Math.DivRem(Micros, 1_000_000, out var fraction);
            if (fraction < 0)
            {
                seconds--;
                fraction += 1_000_000;
            }

            var time = DateTime.UnixEpoch.AddSeconds(seconds);
            var text = time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "." + fraction.ToString("D6", CultureInfo.InvariantCulture);
            return Utc ? text + "+00" : text;
        }
    }

    /// <summary>A decimal as exact text with exactly the target scale.</summary>
    private sealed record DecimalText(string Text)
    {
        public static bool TryCreate(string text, int precision, int scale, out DecimalText value)
        {
            value = null!;
            var s = text.AsSpan();
            var negative = false;
            if (s.Length > 0 && s[0] is '+' or '-')
            {
                negative = s[0] == '-';
                s = s[1..];
            }

            var exponent = 0;
            var e = s.IndexOfAny('e', 'E');
            if (e >= 0)
            {
                if (!int.TryParse(s[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent) || Math.Abs(exponent) > 10_000)
                {
                    return false;
                }

                s = s[..e];
            }

            var dot = s.IndexOf('.');
            var intPart = dot >= 0 ? s[..dot] : s;
            var fracPart = dot >= 0 ? s[(dot + 1)..] : [];
            if (intPart.Length + fracPart.Length == 0 || intPart.ContainsAnyExceptInRange('0', '9') || fracPart.ContainsAnyExceptInRange('0', '9'))
            {
                return false;
            }

            // value = digits * 10^(exponent - fracLength); rescale to `scale` with HALF_UP rounding (Java's setScale).
            var shift = exponent - fracPart.Length + scale;
            string unscaledText;
            bool isZero;
            if (TryRescaleInt64(intPart, fracPart, shift, out var small))
            {
                unscaledText = small.ToString(CultureInfo.InvariantCulture);
                isZero = small == 0;
            }
            else
            {
                var digits = BigInteger.Parse(string.Concat(intPart, fracPart), CultureInfo.InvariantCulture);
                BigInteger unscaled;
                if (shift >= 0)
                {
                    unscaled = digits * BigInteger.Pow(10, shift);
                }
                else
                {
                    var divisor = BigInteger.Pow(10, -shift);
                    unscaled = BigInteger.DivRem(digits, divisor, out var remainder);
                    if (remainder * 2 >= divisor)
                    {
                        unscaled += 1;
                    }
                }

                unscaledText = unscaled.ToString(CultureInfo.InvariantCulture);
                isZero = unscaled.IsZero;
            }

            if (!isZero && unscaledText.Length > precision)
            {
                return false;
            }

            unscaledText = unscaledText.PadLeft(scale + 1, '0');
            var result = scale == 0 ? unscaledText : unscaledText[..^scale] + "." + unscaledText[^scale..];
            value = new DecimalText(negative && !isZero ? "-" + result : result);
            return true;
        }

        /// <summary>
        /// The rescaling above in 64-bit integers, when the digits and the result fit (every DECIMAL up to
        /// precision 18 written without an exponent): the same value, without a BigInteger per number.
        /// </summary>
        private static bool TryRescaleInt64(ReadOnlySpan<char> intPart, ReadOnlySpan<char> fracPart, int shift, out long unscaled)
        {
            unscaled = 0;
            if (intPart.Length + fracPart.Length > 18 || shift is > 18 or < -18)
            {
                return false;
            }

            long digits = 0;
            foreach (var c in intPart)
            {
                digits = (digits * 10) + (c - '0');
            }

            foreach (var c in fracPart)
            {
                digits = (digits * 10) + (c - '0');
            }

            if (shift >= 0)
            {
                var factor = PowerOfTen(shift);
                if (digits > long.MaxValue / factor)
                {
                    return false;
                }

                unscaled = digits * factor;
                return true;
            }

            var divisor = PowerOfTen(-shift);
            unscaled = Math.DivRem(digits, divisor, out var remainder);
            if (remainder * 2 >= divisor)
            {
                unscaled++;
            }

            return true;
        }

        private static long PowerOfTen(int exponent)
        {
            var result = 1L;
            for (var i = 0; i < exponent; i++)
            {
                result *= 10;
            }

            return result;
        }
    }

    /// <summary>A value that cannot be read as its type (Spark's field conversion failure).</summary>
    private sealed class ConversionException(string message) : Exception(message);

    /// <summary>A struct, array or map read with some bad parts (Spark's PartialValueException).</summary>
    private sealed class PartialValueException(object? partial, Exception cause) : Exception(cause.Message, cause)
    {
        public object? Partial { get; } = partial;
    }
}
