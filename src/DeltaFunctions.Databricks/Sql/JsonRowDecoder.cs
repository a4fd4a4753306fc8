using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// Decodes a downloaded JSON_ARRAY chunk (<c>[["1","a"],…]</c>, reference §4.4) straight from its UTF-8 bytes into
/// blocks of typed columns, a slice of rows at a time (so the first rows are readable before the chunk is decoded and
/// no chunk-sized list of rows is built): integer and floating-point cells are parsed from the bytes into typed arrays
/// without an intermediate string or a box; every other cell, and any number the fast path cannot read, goes through
/// <see cref="SqlValueDecoder.DecodeCell"/>, so values are exactly those of the string path.
/// </summary>
internal static class JsonRowDecoder
{
    /// <summary>Rows per decoded block.</summary>
    public const int SliceRows = 1024;

    /// <summary>Decodes a whole chunk to one array of values per row (the values <see cref="SqlRow"/> documents).</summary>
    public static List<object?[]> Decode(ReadOnlySpan<byte> json, SqlResultSchema schema)
    {
        var rows = new List<object?[]>();
        var cursor = default(Cursor);
        while (DecodeSlice(json, ref cursor, schema, SliceRows) is { } block)
        {
            for (var r = 0; r < block.Length; r++)
            {
                var values = new object?[schema.Count];
                for (var c = 0; c < values.Length; c++)
                {
                    values[c] = block.Columns[c].GetBoxed(r);
                }

                rows.Add(values);
            }
        }

        return rows;
    }

    /// <summary>Decodes a chunk lazily, <see cref="SliceRows"/> rows per block.</summary>
    public static IEnumerable<RowBlock> DecodeBlocks(ReadOnlyMemory<byte> json, SqlResultSchema schema)
    {
        var cursor = default(Cursor);
        while (DecodeSlice(json.Span, ref cursor, schema, SliceRows) is { } block)
        {
            yield return block;
        }
    }

    private static RowBlock? DecodeSlice(ReadOnlySpan<byte> json, ref Cursor cursor, SqlResultSchema schema, int maxRows)
    {
        if (cursor.Done)
        {
            return null;
        }

        var reader = new Utf8JsonReader(json[cursor.Consumed..], isFinalBlock: true, cursor.State);
        var builders = new ColumnBuilder[schema.Count];
        for (var c = 0; c < builders.Length; c++)
        {
            builders[c] = ColumnBuilder.For(schema.Types[c], maxRows);
        }

        var rows = 0;
        try
        {
            if (!cursor.Started)
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                {
                    throw new InvalidDataException("A JSON_ARRAY result chunk is not an array of rows.");
                }

                cursor.Started = true;
            }

            while (rows < maxRows)
            {
                if (!reader.Read())
                {
                    throw new InvalidDataException("A JSON_ARRAY result chunk ends before its closing bracket.");
                }

                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    cursor.Done = true;
                    break;
                }

                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    throw new InvalidDataException($"A JSON_ARRAY result row is a {reader.TokenType}, not an array of cells.");
                }

                var count = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (count < builders.Length)
                    {
                        builders[count].Add(ref reader, rows);
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

                rows++;
            }
        }
        catch (JsonException e)
        {
            throw new InvalidDataException("A JSON_ARRAY result chunk is not valid JSON.", e);
        }

        cursor.Consumed += (int)reader.BytesConsumed;
        cursor.State = reader.CurrentState;
        if (rows == 0)
        {
            return null;
        }

        var columns = new ColumnValues[builders.Length];
        for (var c = 0; c < columns.Length; c++)
        {
            columns[c] = builders[c].Build();
        }

        return new RowBlock(schema, columns, rows);
    }

    private static object? DecodeCell(ref Utf8JsonReader reader, SqlType type)
    {
        // Anything the typed fast paths do not take (strings, decimals, dates, nested JSON, NaN/Infinity, a number
        // sent unquoted) takes the string path.
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
        return SqlValueDecoder.DecodeCell(text, type);
    }

    /// <summary>Where the next slice of a chunk starts.</summary>
    private struct Cursor
    {
        public int Consumed;
        public JsonReaderState State;
        public bool Started;
        public bool Done;
    }

    /// <summary>Collects one column of a slice.</summary>
    private abstract class ColumnBuilder
    {
        public static ColumnBuilder For(SqlType type, int capacity) => type.Name.Value switch
        {
            "LONG" => new NumberBuilder<long>(type, capacity, NumberStyles.Integer),
            "INT" => new NumberBuilder<int>(type, capacity, NumberStyles.Integer),
            "SHORT" => new NumberBuilder<short>(type, capacity, NumberStyles.Integer),
            "BYTE" => new NumberBuilder<sbyte>(type, capacity, NumberStyles.Integer),
            "DOUBLE" => new NumberBuilder<double>(type, capacity, NumberStyles.Float),
            "STRING" or "CHAR" => new TextBuilder(capacity),
            _ => new ObjectBuilder(type, capacity),
        };

        public abstract void Add(ref Utf8JsonReader reader, int row);

        public abstract ColumnValues Build();
    }

    /// <summary>A numeric column parsed from the cell's bytes into a typed array.</summary>
    private sealed class NumberBuilder<T>(SqlType type, int capacity, NumberStyles styles) : ColumnBuilder
        where T : struct, INumberBase<T>
    {
        private readonly T[] _values = new T[capacity];
        private readonly bool[] _nulls = new bool[capacity];

        public override void Add(ref Utf8JsonReader reader, int row)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                _nulls[row] = true;
                return;
            }

            if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence)
            {
                var bytes = reader.ValueSpan;

                // Floating point only when the text starts like a number: NaN and Infinity take the string path.
                if ((styles != NumberStyles.Float || (bytes.Length > 0 && (char.IsAsciiDigit((char)bytes[0]) || bytes[0] == (byte)'-')))
                    && T.TryParse(bytes, styles, CultureInfo.InvariantCulture, out var value))
                {
                    _values[row] = value;
                    return;
                }
            }

            _values[row] = (T)DecodeCell(ref reader, type)!;
        }

        public override ColumnValues Build() => new BufferColumn<T>(_values, _nulls);
    }

    private sealed class TextBuilder(int capacity) : ColumnBuilder
    {
        private readonly string[] _values = new string[capacity];
        private readonly bool[] _nulls = new bool[capacity];

        public override void Add(ref Utf8JsonReader reader, int row)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                _nulls[row] = true;
                return;
            }

            _values[row] = reader.TokenType == JsonTokenType.String ? reader.GetString()! : (string)DecodeCell(ref reader, SqlType.String)!;
        }

        public override ColumnValues Build() => new BufferColumn<string>(_values, _nulls);
    }

    private sealed class ObjectBuilder(SqlType type, int capacity) : ColumnBuilder
    {
        private readonly object?[] _values = new object?[capacity];

        public override void Add(ref Utf8JsonReader reader, int row) =>
            _values[row] = reader.TokenType == JsonTokenType.Null ? null : DecodeCell(ref reader, type);

        public override ColumnValues Build() => new ObjectColumn(_values);
    }
}
