using System.Buffers;
using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using DeltaFunctions.Databricks.Schema;
using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks.Delta;

/// <summary>
/// Rows held in memory with their column types, to be sent as ONE bound JSON parameter and expanded in SQL:
/// <c>SELECT `c0` AS `id`, … FROM (SELECT inline(from_json(:p0, 'ARRAY&lt;STRUCT&lt;`c0`: BIGINT, …&gt;&gt;')))</c>.
/// The JSON keys and struct fields are positional (<c>c0</c>, <c>c1</c>, …), so caller column names appear only as
/// quoted identifiers and caller values only inside the parameter.
/// </summary>
internal sealed class RowSource
{
    private static readonly ConcurrentDictionary<Type, (SchemaColumn[] Columns, Func<object, object?[]> Read)> Accessors = new();

    public RowSource(IReadOnlyList<SchemaColumn> columns, IReadOnlyList<object?[]> rows)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        if (columns.Count == 0)
        {
            throw new ArgumentException("A row source needs at least one column.", nameof(columns));
        }

        foreach (var column in columns)
        {
            SqlIdentifier.Validate(column.Name, nameof(columns));
            ValidateNestedNames(column.Type);
        }

        Columns = columns;
        Rows = rows;
        EnsureExact(columns, rows);
    }

    public IReadOnlyList<SchemaColumn> Columns { get; }

    public IReadOnlyList<object?[]> Rows { get; }

    public static RowSource FromObjects<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>(IEnumerable<T> rows, IReadOnlyList<SchemaColumn>? columns)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (typeof(T).IsAssignableTo(typeof(IReadOnlyDictionary<string, object?>)))
        {
            if (columns is null)
            {
                throw new ArgumentException("Rows given as dictionaries need their columns listed.", nameof(columns));
            }

            return FromDictionaries(rows.Cast<IReadOnlyDictionary<string, object?>>(), columns);
        }

        if (!Accessors.TryGetValue(typeof(T), out var accessor))
        {
            accessor = Accessors.GetOrAdd(typeof(T), BuildAccessor(typeof(T)));
        }

        var (inferred, read) = accessor;
        var values = rows.Select(r => read(r ?? throw new ArgumentException("A row is null.", nameof(rows)))).ToList();
        if (columns is null)
        {
            return new RowSource(SizeDecimals(inferred, values), values);
        }

        // Caller-supplied columns override inferred types by name; properties not listed are dropped.
        var ordinals = columns.Select(c => Array.FindIndex(inferred, i => ColumnNames.Key(i.Name) == ColumnNames.Key(c.Name))).ToArray();
        for (var i = 0; i < ordinals.Length; i++)
        {
            if (ordinals[i] < 0)
            {
                throw new ArgumentException($"Column '{columns[i].Name}' is not a property of {typeof(T).Name}.", nameof(columns));
            }
        }

        // Listed in property order with none left out: the read arrays are the rows already.
        if (ordinals.Length == inferred.Length && ordinals.SequenceEqual(Enumerable.Range(0, ordinals.Length)))
        {
            return new RowSource(columns, values);
        }

        var projected = new List<object?[]>(values.Count);
        foreach (var value in values)
        {
            var row = new object?[ordinals.Length];
            for (var i = 0; i < ordinals.Length; i++)
            {
                row[i] = value[ordinals[i]];
            }

            projected.Add(row);
        }

        return new RowSource(columns, projected);
    }

    public static RowSource FromDictionaries(IEnumerable<IReadOnlyDictionary<string, object?>> rows, IReadOnlyList<SchemaColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(columns);
        var list = new List<object?[]>();
        foreach (var row in rows)
        {
            ArgumentNullException.ThrowIfNull(row, nameof(rows));
            var values = new object?[columns.Count];
            for (var i = 0; i < columns.Count; i++)
            {
                values[i] = row.TryGetValue(columns[i].Name, out var v) ? v : null;
            }

            list.Add(values);
        }

        return new RowSource(columns, list);
    }

    /// <summary>The struct type the JSON parameter is parsed as.</summary>
    public string JsonSchema()
    {
        var fields = Columns.Select((c, i) => new SqlStructField("c" + i.ToString(CultureInfo.InvariantCulture), JsonType(c.Type))).ToList();
        return SqlType.Array(SqlType.Struct(fields)).ToString();
    }

    /// <summary>Renders the rows in the chosen encoding.</summary>
    public string ToSelect(ParameterBinder binder, SourceRowEncoding encoding) =>
        encoding == SourceRowEncoding.ValuesParameters ? ToValuesSelect(binder) : ToSelect(binder);

    /// <summary>Renders an inline VALUES table with one typed parameter per cell.</summary>
    public string ToValuesSelect(ParameterBinder binder)
    {
        var complex = Columns.FirstOrDefault(c => c.Type.IsComplex);
        if (complex is not null)
        {
            throw new NotSupportedException($"Column '{complex.Name}' is {complex.Type}; the VALUES row encoding cannot bind ARRAY, MAP or STRUCT values. Use SourceRowEncoding.JsonParameter.");
        }

        var projection = string.Join(", ", Columns.Select((c, i) => $"`c{i.ToString(CultureInfo.InvariantCulture)}` AS {SqlIdentifier.Quote(c.Name)}"));
        if (Rows.Count == 0)
        {
            return "SELECT " + string.Join(", ", Columns.Select(c => $"CAST(NULL AS {c.Type}) AS {SqlIdentifier.Quote(c.Name)}")) + " WHERE FALSE";
        }

        var values = new StringBuilder();
        foreach (var row in Rows)
        {
            values.Append(values.Length == 0 ? "(" : ", (");
            for (var i = 0; i < Columns.Count; i++)
            {
                if (i > 0)
                {
                    values.Append(", ");
                }

                values.Append(binder.Bind(row[i], Columns[i].Type));
            }

            values.Append(')');
        }

        var names = string.Join(", ", Columns.Select((_, i) => $"`c{i.ToString(CultureInfo.InvariantCulture)}`"));
        return $"SELECT {projection} FROM (VALUES {values}) AS `v`({names})";
    }

    /// <summary>Renders the SELECT that expands the bound rows into named, typed columns.</summary>
    public string ToSelect(ParameterBinder binder)
    {
        var marker = binder.Add(ToJson(), "STRING");
        var projection = string.Join(", ", Columns.Select((c, i) =>
        {
            var field = $"`c{i.ToString(CultureInfo.InvariantCulture)}`";
            return (JsonType(c.Type).Equals(c.Type) ? field : $"CAST({field} AS {c.Type})") + " AS " + SqlIdentifier.Quote(c.Name);
        }));

        // FAILFAST: in from_json's default PERMISSIVE mode a value Databricks cannot read becomes NULL silently.
        return $"SELECT {projection} FROM (SELECT inline(from_json({marker}, '{JsonSchema()}', map('mode', 'FAILFAST'))))";
    }

    /// <summary>
    /// The type a column travels as inside the JSON parameter. from_json reads maps only with STRING keys
    /// (DATATYPE_MISMATCH.INVALID_JSON_MAP_KEY_TYPE otherwise), so other keys travel as their text and the
    /// SELECT casts the column back to its type.
    /// </summary>
    private static SqlType JsonType(SqlType type)
    {
        if (type.Name == SqlTypeName.Map)
        {
            return SqlType.Map(SqlType.String, JsonType(type.ValueType!));
        }

        if (type.Name == SqlTypeName.Array)
        {
            return SqlType.Array(JsonType(type.ElementType!));
        }

        return type.Name == SqlTypeName.Struct
            ? SqlType.Struct([.. type.Fields.Select(f => f with { Type = JsonType(f.Type) })])
            : type;
    }

    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        WriteJson(buffer, jsonLines: false);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes the rows as a JSON array, or as JSON lines with the real column names (for staging files).</summary>
    public void WriteJson(IBufferWriter<byte> output, bool jsonLines)
    {
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = jsonLines });
        if (!jsonLines)
        {
            writer.WriteStartArray();
        }

        foreach (var row in Rows)
        {
            writer.WriteStartObject();
            for (var i = 0; i < Columns.Count; i++)
            {
                var name = jsonLines ? Columns[i].Name : "c" + i.ToString(CultureInfo.InvariantCulture);
                writer.WritePropertyName(name);
                WriteValue(writer, row[i], Columns[i].Type, Columns[i].Name);
            }

            writer.WriteEndObject();
            if (jsonLines)
            {
                writer.Flush();
                output.Write("\n"u8);
                writer.Reset();
            }
        }

        if (!jsonLines)
        {
            writer.WriteEndArray();
        }

        writer.Flush();
    }

    /// <summary>
    /// The JSON text of one ARRAY, MAP or STRUCT value, as the one-parameter encoding writes it (for staged files,
    /// where complex columns travel as JSON text read back with <c>from_json</c>).
    /// </summary>
    public static string ComplexValueJson(object value, SqlType type, string column)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteValue(writer, value, type, column);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Finds source rows that share a key: the keys and how many rows carry each.</summary>
    public IReadOnlyList<DuplicateKey> FindDuplicateKeys(IReadOnlyList<string> keyColumns, int maxReported)
    {
        var ordinals = keyColumns.Select(k =>
        {
            var i = Columns.ToList().FindIndex(c => string.Equals(c.Name, k, StringComparison.OrdinalIgnoreCase));
            return i >= 0 ? i : throw new ArgumentException($"Key column '{k}' is not a column of the source rows.", nameof(keyColumns));
        }).ToArray();
        if (ordinals.Length == 1 && !HasDuplicates(ordinals[0]))
        {
            return [];
        }

        var counts = new Dictionary<KeyTuple, int>(Rows.Count);
        foreach (var row in Rows)
        {
            var values = new object?[ordinals.Length];
            for (var i = 0; i < ordinals.Length; i++)
            {
                values[i] = row[ordinals[i]];
            }

            CollectionsMarshal.GetValueRefOrAddDefault(counts, new KeyTuple(values), out _)++;
        }

        return [.. counts.Where(kv => kv.Value > 1)
            .Take(maxReported)
            .Select(kv => new DuplicateKey(
                keyColumns.Select((k, i) => (k, kv.Key.Values[i])).ToDictionary(p => p.k, p => p.Item2, StringComparer.OrdinalIgnoreCase),
                kv.Value))];
    }

    /// <summary>
    /// Whether two rows share the value of one key column (two NULLs included, as the counting below treats them),
    /// without a key object per row: the common single-key batch has no duplicates and is answered by this pass alone.
    /// </summary>
    private bool HasDuplicates(int ordinal)
    {
        var seen = new HashSet<object>(Rows.Count, KeyValueComparer.Instance);
        var nulls = 0;
        foreach (var row in Rows)
        {
            if (row[ordinal] is not { } value ? ++nulls > 1 : !seen.Add(value))
            {
                return true;
            }
        }

        return false;
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value, SqlType type, string column)
    {
        // Spark's JSON reader wraps TINYINT values 128..255 (Jackson reads bytes as -128..255) instead of refusing them.
        if (type.Name == SqlTypeName.Byte && value is byte or short or ushort or int or uint or long or ulong
            && Convert.ToDecimal(value, CultureInfo.InvariantCulture) is < sbyte.MinValue or > sbyte.MaxValue)
        {
            throw new ArgumentException($"Column '{column}' is TINYINT; {value} is out of its range.", nameof(value));
        }

        switch (value)
        {
            case null or DBNull:
                writer.WriteNullValue();
                return;
            case bool b:
                writer.WriteBooleanValue(b);
                return;
            case string s when IsTextReadAsScalar(type):
                // from_json reads these types only from JSON numbers and booleans, never from strings.
                WriteTextAsScalar(writer, s, type, column);
                return;
            case string s:
                writer.WriteStringValue(s);
                return;
            case sbyte v:
                writer.WriteNumberValue(v);
                return;
            case byte v:
                writer.WriteNumberValue(v);
                return;
            case short v:
                writer.WriteNumberValue(v);
                return;
            case ushort v:
                writer.WriteNumberValue(v);
                return;
            case int v:
                writer.WriteNumberValue(v);
                return;
            case uint v:
                writer.WriteNumberValue(v);
                return;
            case long v:
                writer.WriteNumberValue(v);
                return;
            case ulong v:
                writer.WriteNumberValue(v);
                return;
            case decimal v:
                writer.WriteNumberValue(v);
                return;
            case float v when float.IsFinite(v):
                writer.WriteNumberValue(v);
                return;
            case double v when double.IsFinite(v):
                writer.WriteNumberValue(v);
                return;
            case float v:
                writer.WriteStringValue(SqlValueText.FormatFloat(v));
                return;
            case double v:
                writer.WriteStringValue(SqlValueText.FormatDouble(v));
                return;
            case DateOnly d:
                writer.WriteStringValue(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                return;
            case DateTimeOffset t when type.Name == SqlTypeName.TimestampNtz:
                // from_json refuses TIMESTAMP_NTZ text with a zone; the UTC wall clock is what the VALUES encoding stores.
                writer.WriteStringValue(t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture));
                return;
            case DateTime t when type.Name == SqlTypeName.TimestampNtz:
                writer.WriteStringValue(t.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture));
                return;
            case DateTimeOffset t:
                writer.WriteStringValue(SqlValueText.FormatTimestamp(t));
                return;
            case DateTime t when type.Name == SqlTypeName.Date:
                writer.WriteStringValue(t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                return;
            case DateTime t when t.Kind == DateTimeKind.Utc:
                writer.WriteStringValue(SqlValueText.FormatTimestamp(t));
                return;
            case DateTime t:
                writer.WriteStringValue(t.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture));
                return;
            case Guid g:
                writer.WriteStringValue(g);
                return;
            case char c:
                writer.WriteStringValue(c.ToString());
                return;
            case Enum e:
                writer.WriteStringValue(e.ToString());
                return;
            case byte[] bytes:
                writer.WriteBase64StringValue(bytes);
                return; // Spark's JSON reader takes binary as base64.
            case IDictionary dictionary:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    if (type.Name == SqlTypeName.Map)
                    {
                        writer.WritePropertyName(MapKeyText(entry.Key, type.KeyType!, column));
                        WriteValue(writer, entry.Value, type.ValueType!, column);
                        continue;
                    }

                    // from_json matches struct fields case-sensitively, so the key is written as the schema spells it.
                    var key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!;
                    var field = type.Fields.FirstOrDefault(f => string.Equals(f.Name, key, StringComparison.OrdinalIgnoreCase));
                    writer.WritePropertyName(field?.Name ?? key);
                    WriteValue(writer, entry.Value, field?.Type ?? SqlType.String, column);
                }

                writer.WriteEndObject();
                return;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    WriteValue(writer, item, type.ElementType ?? SqlType.String, column);
                }

                writer.WriteEndArray();
                return;
            default:
                throw new ArgumentException($"Column '{column}' holds a {value.GetType().Name}, which cannot be sent as a row value.", nameof(value));
        }
    }

    /// <summary>
    /// Whether a string given for a column of this type must be read as that type's value (integers, FLOAT, DOUBLE and
    /// BOOLEAN: from_json reads those only from JSON numbers and booleans, never from strings).
    /// </summary>
    internal static bool IsTextReadAsScalar(SqlType type) =>
        type.IsInteger || type.Name == SqlTypeName.Float || type.Name == SqlTypeName.Double || type.Name == SqlTypeName.Boolean;

    /// <summary>
    /// Reads a string given for a numeric or boolean column as that type's value, or refuses it with an
    /// <see cref="ArgumentException"/> naming the column, so a bad value never reaches the workspace — whichever way
    /// (bound parameter or staged file) the rows travel.
    /// </summary>
    internal static object ParseTextAsScalar(string text, SqlType type, string column)
    {
        if (type.Name == SqlTypeName.Boolean && bool.TryParse(text, out var b))
        {
            return b;
        }

        if (type.IsInteger && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l))
        {
            return l;
        }

        if (!type.IsInteger && type.Name != SqlTypeName.Boolean && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return d;
        }

        throw new ArgumentException($"Column '{column}' is {type}; the string '{text}' is not a value of that type.", nameof(text));
    }

    private static void WriteTextAsScalar(Utf8JsonWriter writer, string text, SqlType type, string column)
    {
        switch (ParseTextAsScalar(text, type, column))
        {
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case var parsed:
                WriteValue(writer, parsed, type, column);
                break;
        }
    }

    /// <summary>A map key as text: from_json reads only STRING keys, and the SELECT casts them back to the key type.</summary>
    private static string MapKeyText(object key, SqlType keyType, string column) => key switch
    {
        string s => s,
        byte[] => throw new ArgumentException($"Column '{column}' has BINARY map keys, which cannot be sent as row values.", nameof(key)),
        DateTimeOffset t when keyType.Name == SqlTypeName.TimestampNtz => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        DateTime t when keyType.Name == SqlTypeName.TimestampNtz => t.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        DateTime t when keyType.Name == SqlTypeName.Date => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => SqlValueText.ToParameter(key).Text!,
    };

    private static void ValidateNestedNames(SqlType type)
    {
        // Nested struct field names travel inside the from_json schema literal, so they must be plain words.
        foreach (var field in type.Fields)
        {
            if (field.Name.Length == 0 || !field.Name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                throw new ArgumentException($"Nested field name '{field.Name}' must use letters, digits and underscores only.", nameof(type));
            }

            ValidateNestedNames(field.Type);
        }

        if (type.ElementType is { } element)
        {
            ValidateNestedNames(element);
        }

        if (type.ValueType is { } value)
        {
            ValidateNestedNames(value);
        }
    }

    /// <summary>
    /// Gives each inferred DECIMAL column the precision and scale its values need (the most integer digits and the
    /// largest scale of any row), so a .NET <see cref="decimal"/> arrives with every digit instead of being rounded
    /// to a fixed DECIMAL(38,10). Columns whose rows are all null keep the inferred type.
    /// </summary>
    private static SchemaColumn[] SizeDecimals(SchemaColumn[] inferred, List<object?[]> rows)
    {
        var sized = (SchemaColumn[])inferred.Clone();
        for (var i = 0; i < sized.Length; i++)
        {
            if (sized[i].Type.Name != SqlTypeName.Decimal)
            {
                continue;
            }

            int integerDigits = 0, scale = 0;
            var any = false;
            foreach (var row in rows)
            {
                if (row[i] is decimal d)
                {
                    var (digits, valueScale) = DecimalShape(d);
                    integerDigits = Math.Max(integerDigits, digits);
                    scale = Math.Max(scale, valueScale);
                    any = true;
                }
            }

            if (!any)
            {
                continue;
            }

            if (integerDigits + scale > SqlType.MaxDecimalPrecision)
            {
                throw new ArgumentException(
                    $"Column '{sized[i].Name}' holds values needing {integerDigits} integer digits and {scale} decimal places, more than DECIMAL({SqlType.MaxDecimalPrecision},s) holds exactly; list the column with the type of the table column to have them checked against it.",
                    nameof(rows));
            }

            sized[i] = sized[i] with { Type = SqlType.Decimal(Math.Max(integerDigits + scale, 1), scale) };
        }

        return sized;
    }

    /// <summary>The integer digits and the scale (without trailing zeros) of a decimal.</summary>
    private static (int IntegerDigits, int Scale) DecimalShape(decimal value)
    {
        var normalized = value / 1.0000000000000000000000000000m;
        return (SqlValueText.IntegerDigits(normalized), normalized.Scale);
    }

    /// <summary>
    /// Refuses, naming the column and row, any decimal value a DECIMAL(p,s) column would round or overflow: every
    /// value arrives exactly or not at all.
    /// </summary>
    private static void EnsureExact(IReadOnlyList<SchemaColumn> columns, IReadOnlyList<object?[]> rows)
    {
        for (var c = 0; c < columns.Count; c++)
        {
            var type = columns[c].Type;
            if (type.Name != SqlTypeName.Decimal)
            {
                continue;
            }

            // A value whose raw scale fits and whose magnitude is below 10^(p-s) fits exactly; only the others are
            // normalized (trailing zeros dropped, integer digits counted), which costs decimal divisions per value.
            var limit = SqlValueText.IntegerDigitsLimit(type.Precision - type.Scale);

            for (var r = 0; r < rows.Count; r++)
            {
                if (c >= rows[r].Length || rows[r][c] is not decimal value)
                {
                    continue;
                }

                if (value.Scale <= type.Scale && Math.Abs(value) < limit)
                {
                    continue;
                }

                var (digits, scale) = DecimalShape(value);
                if (scale > type.Scale)
                {
                    throw new ArgumentException(
                        string.Create(CultureInfo.InvariantCulture, $"Column '{columns[c].Name}' is {type}, but row {r} holds {value}, which has {scale} decimal places: it would be rounded. Widen the column's scale or round the value yourself."),
                        nameof(rows));
                }

                if (digits > type.Precision - type.Scale)
                {
                    throw new ArgumentException(
                        string.Create(CultureInfo.InvariantCulture, $"Column '{columns[c].Name}' is {type}, but row {r} holds {value}, which has {digits} integer digits: it does not fit."),
                        nameof(rows));
                }
            }
        }
    }

    private static (SchemaColumn[] Columns, Func<object, object?[]> Read) BuildAccessor([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] Type type)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0)
            .ToArray();
        if (properties.Length == 0)
        {
            throw new ArgumentException($"{type.Name} has no public properties to write as columns.", nameof(type));
        }

        var columns = properties.Select(p => new SchemaColumn(
            ColumnNames.Of(p),
            ClrSqlTypes.ToSqlType(p.PropertyType),
            !p.PropertyType.IsValueType || Nullable.GetUnderlyingType(p.PropertyType) is not null)).ToArray();
        if (!RuntimeFeature.IsDynamicCodeSupported)
        {
            // Native AOT: the getters are invoked through reflection (the same values, boxed the same way).
            return (columns, row => Array.ConvertAll(properties, p => p.GetValue(row)));
        }

        return (columns, CompileReader(type, properties));
    }

    [RequiresDynamicCode("Compiles an expression tree; BuildAccessor calls it only where dynamic code is supported.")]
    private static Func<object, object?[]> CompileReader(Type type, PropertyInfo[] properties)
    {
        var input = Expression.Parameter(typeof(object), "row");
        var typed = Expression.Convert(input, type);
        var body = Expression.NewArrayInit(typeof(object), properties.Select(p => Expression.Convert(Expression.Property(typed, p), typeof(object))));
        return Expression.Lambda<Func<object, object?[]>>(body, input).Compile();
    }

    private sealed class KeyTuple(object?[] values) : IEquatable<KeyTuple>
    {
        public object?[] Values { get; } = values;

        public bool Equals(KeyTuple? other)
        {
            if (other is null || Values.Length != other.Values.Length)
            {
                return false;
            }

            for (var i = 0; i < Values.Length; i++)
            {
                if (!KeyValueComparer.Instance.Equals(Values[i], other.Values[i]))
                {
                    return false;
                }
            }

            return true;
        }

        public override bool Equals(object? obj) => Equals(obj as KeyTuple);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            foreach (var v in Values)
            {
                hash.Add(v is null ? 0 : KeyValueComparer.Instance.GetHashCode(v));
            }

            return hash.ToHashCode();
        }
    }

    /// <summary>Key values compared as the MERGE compares them: by value, byte arrays by content.</summary>
    private sealed class KeyValueComparer : IEqualityComparer<object>
    {
        public static readonly KeyValueComparer Instance = new();

        public new bool Equals(object? x, object? y) =>
            x is byte[] a && y is byte[] b ? a.AsSpan().SequenceEqual(b) : object.Equals(x, y);

        public int GetHashCode(object obj)
        {
            if (obj is not byte[] bytes)
            {
                return obj.GetHashCode();
            }

            var hash = new HashCode();
            hash.AddBytes(bytes);
            return hash.ToHashCode();
        }
    }
}
