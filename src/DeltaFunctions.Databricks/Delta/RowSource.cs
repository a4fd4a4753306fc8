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
/// quoted identifiers and caller values only inside the parameter. The values are held column by column
/// (<see cref="SourceColumn"/>: typed arrays for the value types the row reader knows, filled without boxing), the one
/// model every way of sending them reads: the staged Parquet file (<see cref="StagedRows"/>) takes the typed arrays,
/// the JSON parameter, VALUES and the duplicate-key check a boxed view of the same columns.
/// </summary>
internal sealed class RowSource
{
    private static readonly ConcurrentDictionary<Type, object> Accessors = new();

    public RowSource(IReadOnlyList<SchemaColumn> columns, IReadOnlyList<SourceColumn> data)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(data);
        if (columns.Count == 0)
        {
            throw new ArgumentException("A row source needs at least one column.", nameof(columns));
        }

        if (data.Count != columns.Count || data.Any(d => d.Count != data[0].Count))
        {
            throw new ArgumentException("Every column needs one value per row.", nameof(data));
        }

        foreach (var column in columns)
        {
            SqlIdentifier.Validate(column.Name, nameof(columns));
            ValidateNestedNames(column.Type);
        }

        Columns = columns;
        Data = data;
        RowCount = data[0].Count;
        EnsureExact(columns, data);
    }

    public IReadOnlyList<SchemaColumn> Columns { get; }

    /// <summary>Gets the values, one column per entry of <see cref="Columns"/>.</summary>
    public IReadOnlyList<SourceColumn> Data { get; }

    /// <summary>Gets the number of rows.</summary>
    public int RowCount { get; }

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

        if (!Accessors.TryGetValue(typeof(T), out var cached))
        {
            cached = Accessors.GetOrAdd(typeof(T), BuildAccessor<T>());
        }

        // Each property's values go straight into its column: a typed array for the known value types, no box per value.
        var accessor = (RowAccessor<T>)cached;
        var capacity = rows.TryGetNonEnumeratedCount(out var count) ? count : 0;
        var data = Array.ConvertAll(accessor.PropertyTypes, t => SourceColumn.For(t, capacity));
        foreach (var row in rows)
        {
            if (row is null)
            {
                throw new ArgumentException("A row is null.", nameof(rows));
            }

            accessor.Read(row, data);
        }

        var inferred = accessor.Columns;
        if (columns is null)
        {
            return new RowSource(SizeDecimals(inferred, data), data);
        }

        // Caller-supplied columns override inferred types by name; properties not listed are dropped.
        var projected = new SourceColumn[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            var ordinal = Array.FindIndex(inferred, c => ColumnNames.Key(c.Name) == ColumnNames.Key(columns[i].Name));
            projected[i] = ordinal >= 0 ? data[ordinal] : throw new ArgumentException($"Column '{columns[i].Name}' is not a property of {typeof(T).Name}.", nameof(columns));
        }

        return new RowSource(columns, projected);
    }

    public static RowSource FromDictionaries(IEnumerable<IReadOnlyDictionary<string, object?>> rows, IReadOnlyList<SchemaColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(columns);
        var data = new SourceColumn.Objects[columns.Count];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = new SourceColumn.Objects(0);
        }

        foreach (var row in rows)
        {
            ArgumentNullException.ThrowIfNull(row, nameof(rows));
            for (var i = 0; i < columns.Count; i++)
            {
                data[i].Add(row.TryGetValue(columns[i].Name, out var v) ? v : null);
            }
        }

        return new RowSource(columns, data);
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
        if (RowCount == 0)
        {
            return "SELECT " + string.Join(", ", Columns.Select(c => $"CAST(NULL AS {c.Type}) AS {SqlIdentifier.Quote(c.Name)}")) + " WHERE FALSE";
        }

        var values = new StringBuilder();
        for (var r = 0; r < RowCount; r++)
        {
            values.Append(values.Length == 0 ? "(" : ", (");
            for (var i = 0; i < Columns.Count; i++)
            {
                if (i > 0)
                {
                    values.Append(", ");
                }

                values.Append(binder.Bind(Data[i].GetValue(r), Columns[i].Type));
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

    /// <summary>The first <paramref name="rows"/> rows (all when null) as the one-parameter JSON array.</summary>
    public string ToJson(int? rows = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        WriteJson(buffer, jsonLines: false, rows ?? RowCount);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes the first <paramref name="rows"/> rows as a JSON array, or as JSON lines with the real column names.</summary>
    public void WriteJson(IBufferWriter<byte> output, bool jsonLines, int rows)
    {
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = jsonLines });
        if (!jsonLines)
        {
            writer.WriteStartArray();
        }

        var names = Columns.Select((c, i) => JsonEncodedText.Encode(jsonLines ? c.Name : "c" + i.ToString(CultureInfo.InvariantCulture))).ToArray();
        for (var r = 0; r < Math.Min(rows, RowCount); r++)
        {
            writer.WriteStartObject();
            for (var i = 0; i < Columns.Count; i++)
            {
                writer.WritePropertyName(names[i]);
                WriteValue(writer, Data[i].GetValue(r), Columns[i].Type, Columns[i].Name);
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
        // The common single-key batch has no duplicates and is answered by one typed pass, without a key object per row.
        if (ordinals.Length == 1 && !Data[ordinals[0]].HasRepeatedValue())
        {
            return [];
        }

        var counts = new Dictionary<KeyTuple, int>(RowCount);
        for (var r = 0; r < RowCount; r++)
        {
            var values = new object?[ordinals.Length];
            for (var i = 0; i < ordinals.Length; i++)
            {
                values[i] = Data[ordinals[i]].GetValue(r);
            }

            CollectionsMarshal.GetValueRefOrAddDefault(counts, new KeyTuple(values), out _)++;
        }

        return [.. counts.Where(kv => kv.Value > 1)
            .Take(maxReported)
            .Select(kv => new DuplicateKey(
                keyColumns.Select((k, i) => (k, kv.Key.Values[i])).ToDictionary(p => p.k, p => p.Item2, StringComparer.OrdinalIgnoreCase),
                kv.Value))];
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
    private static SchemaColumn[] SizeDecimals(SchemaColumn[] inferred, SourceColumn[] rows)
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
            ForEachDecimal(rows[i], (_, d) =>
            {
                var (digits, valueScale) = DecimalShape(d);
                integerDigits = Math.Max(integerDigits, digits);
                scale = Math.Max(scale, valueScale);
                any = true;
            });

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

    /// <summary>Visits every <see cref="decimal"/> value of a column with its row: a typed column's without boxing.</summary>
    private static void ForEachDecimal(SourceColumn column, Action<int, decimal> visit)
    {
        if (column is SourceColumn.Typed<decimal> typed)
        {
            var values = typed.Values;
            for (var r = 0; r < values.Length; r++)
            {
                if (!typed.IsNull(r))
                {
                    visit(r, values[r]);
                }
            }
        }
        else if (column is SourceColumn.Objects)
        {
            for (var r = 0; r < column.Count; r++)
            {
                if (column.GetValue(r) is decimal d)
                {
                    visit(r, d);
                }
            }
        }
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
    private static void EnsureExact(IReadOnlyList<SchemaColumn> columns, IReadOnlyList<SourceColumn> rows)
    {
        for (var c = 0; c < columns.Count; c++)
        {
            var column = columns[c];
            var type = column.Type;
            if (type.Name != SqlTypeName.Decimal)
            {
                continue;
            }

            // A value whose raw scale fits and whose magnitude is below 10^(p-s) fits exactly; only the others are
            // normalized (trailing zeros dropped, integer digits counted), which costs decimal divisions per value.
            var limit = SqlValueText.IntegerDigitsLimit(type.Precision - type.Scale);
            ForEachDecimal(rows[c], (r, value) =>
            {
                if (value.Scale <= type.Scale && Math.Abs(value) < limit)
                {
                    return;
                }

                var (digits, scale) = DecimalShape(value);
                if (scale > type.Scale)
                {
                    throw new ArgumentException(
                        string.Create(CultureInfo.InvariantCulture, $"Column '{column.Name}' is {type}, but row {r} holds {value}, which has {scale} decimal places: it would be rounded. Widen the column's scale or round the value yourself."),
                        nameof(rows));
                }

                if (digits > type.Precision - type.Scale)
                {
                    throw new ArgumentException(
                        string.Create(CultureInfo.InvariantCulture, $"Column '{column.Name}' is {type}, but row {r} holds {value}, which has {digits} integer digits: it does not fit."),
                        nameof(rows));
                }
            });
        }
    }

    private static RowAccessor<T> BuildAccessor<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>()
    {
        var type = typeof(T);
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0)
            .ToArray();
        if (properties.Length == 0)
        {
            throw new ArgumentException($"{type.Name} has no public properties to write as columns.");
        }

        var columns = properties.Select(p => new SchemaColumn(
            ColumnNames.Of(p),
            ClrSqlTypes.ToSqlType(p.PropertyType),
            !p.PropertyType.IsValueType || Nullable.GetUnderlyingType(p.PropertyType) is not null)).ToArray();

        // Native AOT invokes the getters through reflection, each value boxed and unboxed into its typed column; with
        // dynamic code that is only the first rows' way, as for RowMapper, then the compiled reader takes over.
        Action<T, SourceColumn[]> reflected = (row, data) =>
        {
            for (var i = 0; i < properties.Length; i++)
            {
                data[i].AddBoxed(properties[i].GetValue(row));
            }
        };
        return new RowAccessor<T>(
            columns,
            Array.ConvertAll(properties, p => p.PropertyType),
            new(reflected, () => RuntimeFeature.IsDynamicCodeSupported ? CompileReader<T>(properties) : reflected));
    }

    /// <summary>Compiles <c>(row, data) =&gt; { ((Typed&lt;long&gt;)data[0]).Add(row.Id); … }</c>: no value boxed.</summary>
    [RequiresDynamicCode("Compiles an expression tree; RowAccessor calls it only where dynamic code is supported.")]
    private static Action<T, SourceColumn[]> CompileReader<T>(PropertyInfo[] properties)
    {
        var row = Expression.Parameter(typeof(T), "row");
        var data = Expression.Parameter(typeof(SourceColumn[]), "data");
        var body = Expression.Block(properties.Select((p, i) =>
            SourceColumn.For(p.PropertyType, 0).Append(Expression.ArrayIndex(data, Expression.Constant(i)), Expression.Property(row, p))));
        return Expression.Lambda<Action<T, SourceColumn[]>>(body, row, data).Compile();
    }

    /// <summary>
    /// The columns a row type maps to, their property types, and the reading of a row's values into its columns:
    /// through reflection for the first <see cref="TieredDelegate.CompileAfterCalls"/> rows of the type, then compiled
    /// (<see cref="TieredDelegate{TDelegate}"/>, as <see cref="RowMapper{T}"/> maps rows). Both append the same values to
    /// the same columns, so which one read a row is not observable.
    /// </summary>
    private sealed class RowAccessor<T>(SchemaColumn[] columns, Type[] propertyTypes, TieredDelegate<Action<T, SourceColumn[]>> reader)
    {
        public SchemaColumn[] Columns => columns;

        public Type[] PropertyTypes => propertyTypes;

        public void Read(T row, SourceColumn[] data) => reader.Next()(row, data);
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
                if (!SourceColumn.KeyValueComparer.Instance.Equals(Values[i], other.Values[i]))
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
                hash.Add(v is null ? 0 : SourceColumn.KeyValueComparer.Instance.GetHashCode(v));
            }

            return hash.ToHashCode();
        }
    }
}
