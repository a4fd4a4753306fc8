using System.Text;
using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using K4os.Compression.LZ4;
using K4os.Compression.LZ4.Streams;

namespace DeltaFunctions.Emulator.Sql;

/// <summary>Encodes result chunks for external links: compact JSON arrays, Arrow IPC streams or RFC 4180 CSV (§4.3).</summary>
internal static class ResultEncoder
{
    public static byte[] Encode(string format, IReadOnlyList<ColumnInfo> columns, IReadOnlyList<object?[]> rows, bool firstChunk) => format switch
    {
        "ARROW_STREAM" => EncodeArrow(columns, rows),
        "CSV" => EncodeCsv(columns, rows, firstChunk),
        _ => EncodeJson(columns, rows),
    };

    /// <summary>Wraps an encoded chunk in one LZ4 frame (<c>result_compression: LZ4_FRAME</c>, reference §4.1).</summary>
    public static byte[] Lz4Frame(byte[] blob)
    {
        using var output = new MemoryStream();
        using (var frame = LZ4Stream.Encode(output, LZ4Level.L00_FAST, leaveOpen: true))
        {
            frame.Write(blob);
        }

        return output.ToArray();
    }

    public static List<IReadOnlyList<string?>> FormatRows(IReadOnlyList<ColumnInfo> columns, IReadOnlyList<object?[]> rows)
    {
        var result = new List<IReadOnlyList<string?>>(rows.Count);
        foreach (var row in rows)
        {
            var cells = new string?[columns.Count];
            for (var i = 0; i < columns.Count; i++)
            {
                cells[i] = SqlTypes.FormatCell(row[i], columns[i]);
            }

            result.Add(cells);
        }

        return result;
    }

    /// <summary>The size of one row as JSON_ARRAY text: what the INLINE and byte limits are measured in.</summary>
    public static long JsonRowSize(IReadOnlyList<ColumnInfo> columns, object?[] row)
    {
        long size = 2;
        for (var i = 0; i < columns.Count; i++)
        {
            var cell = SqlTypes.FormatCell(row[i], columns[i]);
            size += cell is null ? 5 : Encoding.UTF8.GetByteCount(cell) + 3;
        }

        return size;
    }

    private static byte[] EncodeJson(IReadOnlyList<ColumnInfo> columns, IReadOnlyList<object?[]> rows) =>
        JsonSerializer.SerializeToUtf8Bytes(
            FormatRows(columns, rows).Select(r => r.ToList()).ToList(),
            EmulatorJsonContext.Default.ListListString);

    private static byte[] EncodeCsv(IReadOnlyList<ColumnInfo> columns, IReadOnlyList<object?[]> rows, bool firstChunk)
    {
        var text = new StringBuilder();
        if (firstChunk)
        {
            text.AppendJoin(',', columns.Select(c => Quote(c.Name))).Append("\r\n");
        }

        foreach (var row in FormatRows(columns, rows))
        {
            // Databricks writes SQL NULL as the bare word null.
            text.AppendJoin(',', row.Select(cell => cell is null ? "null" : Quote(cell))).Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static byte[] EncodeArrow(IReadOnlyList<ColumnInfo> columns, IReadOnlyList<object?[]> rows)
    {
        var types = columns.Select(SqlTypes.ArrowType).ToList();
        var schema = new Schema.Builder();
        for (var i = 0; i < columns.Count; i++)
        {
            schema.Field(f => f.Name(columns[i].Name).DataType(types[i]).Nullable(true));
        }

        var built = schema.Build();
        var arrays = columns.Select((c, i) => SqlTypes.BuildArrowArray(c, types[i], rows, i)).ToList();
        using var batch = new RecordBatch(built, arrays, rows.Count);
        using var buffer = new MemoryStream();
        using (var writer = new ArrowStreamWriter(buffer, built, leaveOpen: true))
        {
            writer.WriteRecordBatch(batch);
            writer.WriteEnd();
        }

        return buffer.ToArray();
    }
}
