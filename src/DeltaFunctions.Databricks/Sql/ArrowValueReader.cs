using Apache.Arrow;
using Apache.Arrow.Types;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// Reads values out of Arrow arrays as the same .NET types the JSON_ARRAY decoder produces. Databricks may send
/// complex types, decimals or intervals as Arrow strings (its default unless native complex types are enabled);
/// those are decoded from their text with the manifest's type, so both formats give identical rows.
/// </summary>
internal static class ArrowValueReader
{
    /// <summary>Decodes every row of a batch.</summary>
    public static IEnumerable<SqlRow> ReadRows(RecordBatch batch, SqlResultSchema schema)
    {
        var readers = CreateReaders(batch, schema);
        for (var row = 0; row < batch.Length; row++)
        {
            var values = new object?[readers.Length];
            for (var c = 0; c < readers.Length; c++)
            {
                values[c] = readers[c](row);
            }

            yield return new SqlRow(schema, values);
        }
    }

    public static Func<int, object?>[] CreateReaders(RecordBatch batch, SqlResultSchema schema)
    {
        if (batch.ColumnCount != schema.Count)
        {
            throw new InvalidDataException($"The Arrow batch has {batch.ColumnCount} columns but the manifest lists {schema.Count}.");
        }

        var readers = new Func<int, object?>[schema.Count];
        for (var c = 0; c < readers.Length; c++)
        {
            readers[c] = Reader(batch.Column(c), schema.Types[c]);
        }

        return readers;
    }

    public static Func<int, object?> Reader(IArrowArray array, SqlType type)
    {
        Func<int, object?> read = array switch
        {
            BooleanArray a => i => a.GetValue(i),
            Int8Array a => i => a.GetValue(i),
            Int16Array a => i => a.GetValue(i),
            Int32Array a => i => a.GetValue(i),
            Int64Array a => i => a.GetValue(i),
            UInt8Array a => i => a.GetValue(i),
            FloatArray a => i => a.GetValue(i),
            DoubleArray a => i => a.GetValue(i),
            Decimal128Array a => i => a.IsNull(i) ? null : DecimalValue(a, i),
            Date32Array a => i => a.GetDateOnly(i),
            Date64Array a => i => a.IsNull(i) ? null : DateOnly.FromDateTime(a.GetDateTime(i)!.Value),
            TimestampArray a => TimestampReader(a, type),
            StringArray a => StringReader(a, type),
            BinaryArray a => i => a.IsNull(i) ? null : a.GetBytes(i).ToArray(),
            MapArray a => MapReader(a, type),
            ListArray a => ListReader(a, type),
            StructArray a => StructReader(a, type),
            NullArray => _ => null,
            _ => throw new NotSupportedException($"Arrow type {array.Data.DataType.Name} is not supported."),
        };

        return read;
    }

    private static object DecimalValue(Decimal128Array array, int index)
    {
        try
        {
            return array.GetValue(index)!.Value;
        }
        catch (OverflowException)
        {
            // Wider than System.Decimal: keep the exact text, as the JSON decoder does.
            return array.GetString(index)!;
        }
    }

    private static Func<int, object?> TimestampReader(TimestampArray array, SqlType type)
    {
        var zoned = ((TimestampType)array.Data.DataType).IsTimeZoneAware;
        if (type.Name == SqlTypeName.TimestampNtz || (!zoned && type.Name != SqlTypeName.Timestamp))
        {
            return i => array.IsNull(i) ? null : array.GetTimestampUnchecked(i).DateTime;
        }

        return i => array.IsNull(i) ? null : array.GetTimestampUnchecked(i).ToUniversalTime();
    }

    private static Func<int, object?> StringReader(StringArray array, SqlType type)
    {
        if (type.Name == SqlTypeName.String || type.Name == SqlTypeName.Char)
        {
            return i => array.GetString(i);
        }

        return i => SqlValueDecoder.DecodeCell(array.GetString(i), type);
    }

    private static Func<int, object?> ListReader(ListArray array, SqlType type)
    {
        var element = type.ElementType ?? SqlType.String;
        var values = Reader(array.Values, element);
        return i =>
        {
            if (array.IsNull(i))
            {
                return null;
            }

            var start = array.ValueOffsets[i];
            var length = array.GetValueLength(i);
            var list = new List<object?>(length);
            for (var j = 0; j < length; j++)
            {
                list.Add(values(start + j));
            }

            return list;
        };
    }

    private static Func<int, object?> MapReader(MapArray array, SqlType type)
    {
        var keys = Reader(array.Keys, type.KeyType ?? SqlType.String);
        var values = Reader(array.Values, type.ValueType ?? SqlType.String);
        return i =>
        {
            if (array.IsNull(i))
            {
                return null;
            }

            var start = array.ValueOffsets[i];
            var length = array.GetValueLength(i);
            var map = new Dictionary<object, object?>(length);
            for (var j = 0; j < length; j++)
            {
                map[keys(start + j)!] = values(start + j);
            }

            return map;
        };
    }

    private static Func<int, object?> StructReader(StructArray array, SqlType type)
    {
        var structType = (StructType)array.Data.DataType;
        var names = structType.Fields.Select(f => f.Name).ToArray();
        var readers = new Func<int, object?>[names.Length];
        for (var f = 0; f < names.Length; f++)
        {
            var fieldType = type.Fields.FirstOrDefault(x => string.Equals(x.Name, names[f], StringComparison.OrdinalIgnoreCase))?.Type
                ?? SqlType.String;
            readers[f] = Reader(array.Fields[f], fieldType);
        }

        return i =>
        {
            if (array.IsNull(i))
            {
                return null;
            }

            var record = new Dictionary<string, object?>(names.Length, StringComparer.OrdinalIgnoreCase);
            for (var f = 0; f < names.Length; f++)
            {
                record[names[f]] = readers[f](i);
            }

            return record;
        };
    }
}
