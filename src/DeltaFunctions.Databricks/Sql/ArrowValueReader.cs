using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
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
    public static IEnumerable<SqlRow> ReadRows(RecordBatch batch, SqlResultSchema schema) => ReadBlock(batch, schema).Rows();

    /// <summary>
    /// The batch as a block of columns read in place: integers, floating point, booleans and strings are read typed
    /// on demand; every other column is decoded once, here, to the values <see cref="SqlRow"/> documents. Releasing the
    /// block (<see cref="RowBlock.Release"/>) disposes the batch.
    /// </summary>
    public static RowBlock ReadBlock(RecordBatch batch, SqlResultSchema schema)
    {
        if (batch.ColumnCount != schema.Count)
        {
            throw new InvalidDataException($"The Arrow batch has {batch.ColumnCount} columns but the manifest lists {schema.Count}.");
        }

        var columns = new ColumnValues[schema.Count];
        for (var c = 0; c < columns.Length; c++)
        {
            columns[c] = Column(batch.Column(c), schema.Types[c], batch.Length);
        }

        return new RowBlock(schema, columns, batch.Length, batch);
    }

    private static ColumnValues Column(IArrowArray array, SqlType type, int length)
    {
        switch (array)
        {
            case BooleanArray a:
                return new BooleanColumn(a);
            case Int8Array a:
                return new PrimitiveColumn<sbyte>(a);
            case Int16Array a:
                return new PrimitiveColumn<short>(a);
            case Int32Array a:
                return new PrimitiveColumn<int>(a);
            case Int64Array a:
                return new PrimitiveColumn<long>(a);
            case UInt8Array a:
                return new PrimitiveColumn<byte>(a);
            case FloatArray a:
                return new PrimitiveColumn<float>(a);
            case DoubleArray a:
                return new PrimitiveColumn<double>(a);
            case StringArray a when type.Name == SqlTypeName.String || type.Name == SqlTypeName.Char:
                return new StringColumn(a);
            default:
                var read = Reader(array, type);
                var values = new object?[length];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = read(i);
                }

                return new ObjectColumn(values);
        }
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

    /// <summary>
    /// An Arrow primitive column read in place. When its buffers are managed arrays (bodies from
    /// <see cref="ManagedArrowAllocator"/> or an attachment's bytes) values are read from the array directly, bounds
    /// checked, rather than through Arrow's <c>Values</c> span, which it rebuilds from the buffer's memory on every read.
    /// </summary>
    private sealed class PrimitiveColumn<T> : ColumnValues<T>
        where T : struct, IEquatable<T>
    {
        private readonly PrimitiveArray<T> _array;
        private readonly Validity _validity;
        private readonly byte[]? _bytes;
        private readonly int _start;

        public PrimitiveColumn(PrimitiveArray<T> array)
        {
            _array = array;
            _validity = new Validity(array);
            if (MemoryMarshal.TryGetArray(array.ValueBuffer.Memory, out var segment))
            {
                _bytes = segment.Array;
                _start = segment.Offset + (array.Offset * Unsafe.SizeOf<T>());
            }
        }

        public override bool IsNull(int row) => _validity.IsNull(row);

        public override T Get(int row) =>
            _bytes is { } bytes ? MemoryMarshal.Read<T>(bytes.AsSpan(_start + (row * Unsafe.SizeOf<T>()), Unsafe.SizeOf<T>())) : _array.Values[row];

        public override bool TryGet(int row, out T value)
        {
            if (_validity.IsNull(row))
            {
                value = default;
                return false;
            }

            value = Get(row);
            return true;
        }
    }

    private sealed class BooleanColumn(BooleanArray array) : ColumnValues<bool>
    {
        public override bool IsNull(int row) => array.IsNull(row);

        public override bool Get(int row) => array.GetValue(row).GetValueOrDefault();
    }

    /// <summary>A STRING column: each read decodes the UTF-8 text (from the managed arrays directly, as <see cref="PrimitiveColumn{T}"/>).</summary>
    private sealed class StringColumn : ColumnValues<string>
    {
        private readonly StringArray _array;
        private readonly Validity _validity;
        private readonly byte[]? _offsets;
        private readonly int _offsetsStart;
        private readonly byte[]? _data;
        private readonly int _dataStart;

        public StringColumn(StringArray array)
        {
            _array = array;
            _validity = new Validity(array);
            if (MemoryMarshal.TryGetArray(array.ValueOffsetsBuffer.Memory, out var offsets)
                && MemoryMarshal.TryGetArray(array.ValueBuffer.Memory, out var data))
            {
                _offsets = offsets.Array;
                _offsetsStart = offsets.Offset + (array.Offset * sizeof(int));
                _data = data.Array;
                _dataStart = data.Offset;
            }
        }

        public override bool IsNull(int row) => _validity.IsNull(row);

        public override string Get(int row)
        {
            if (_offsets is not { } offsets)
            {
                return _array.GetString(row);
            }

            var bounds = offsets.AsSpan(_offsetsStart + (row * sizeof(int)), 2 * sizeof(int));
            var begin = MemoryMarshal.Read<int>(bounds);
            var length = MemoryMarshal.Read<int>(bounds[sizeof(int)..]) - begin;
            return length == 0 ? string.Empty : Encoding.UTF8.GetString(_data.AsSpan(_dataStart + begin, length));
        }

        public override bool TryGet(int row, [MaybeNullWhen(false)] out string value)
        {
            if (_validity.IsNull(row))
            {
                value = null;
                return false;
            }

            value = Get(row);
            return true;
        }
    }

    /// <summary>
    /// An array's null flags as Arrow reads them (no nulls when the null count is 0 or the bitmap is absent, else bit
    /// <c>offset + row</c> clear), from the bitmap's managed array when it is one.
    /// </summary>
    private readonly struct Validity
    {
        private readonly IArrowArray? _fallback;
        private readonly byte[]? _bitmap;
        private readonly int _start;
        private readonly int _bitOffset;

        public Validity(IArrowArray array)
        {
            if (array.NullCount == 0 || array.Data.Buffers[0].IsEmpty)
            {
                return;
            }

            if (MemoryMarshal.TryGetArray(array.Data.Buffers[0].Memory, out var segment))
            {
                _bitmap = segment.Array;
                _start = segment.Offset;
                _bitOffset = array.Offset;
            }
            else
            {
                _fallback = array;
            }
        }

        public bool IsNull(int row)
        {
            if (_bitmap is { } bitmap)
            {
                var bit = _bitOffset + row;
                return (bitmap[_start + (bit >> 3)] & (1 << (bit & 7))) == 0;
            }

            return _fallback?.IsNull(row) ?? false;
        }
    }
}
