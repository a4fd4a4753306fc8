using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks.Tests.Sql;

public sealed class ArrowValueReaderTests
{
    [Fact]
    public async Task ReadRows_ArrowStream_DecodesLikeJsonArray()
    {
        var batch = new RecordBatch.Builder()
            .Append("id", false, c => c.Int64(b => b.Append(1).Append(2)))
            .Append("amt", true, c => c.Decimal128(new Decimal128Type(10, 2), b => b.Append(10.50m).AppendNull()))
            .Append("day", true, c => c.Date32(b => b.Append(new DateOnly(2024, 6, 10)).AppendNull()))
            .Append("ts", true, c => c.Timestamp(b => b.Append(new DateTimeOffset(2024, 6, 10, 8, 0, 0, TimeSpan.Zero)).AppendNull()))
            .Append("tags", true, c => c.String(b => b.Append("[\"a\",\"b\"]").AppendNull()))
            .Build();
        using var stream = new MemoryStream();
        using (var writer = new ArrowStreamWriter(stream, batch.Schema, leaveOpen: true))
        {
            await writer.WriteRecordBatchAsync(batch, TestContext.Current.CancellationToken);
            await writer.WriteEndAsync(TestContext.Current.CancellationToken);
        }

        stream.Position = 0;
        using var reader = new ArrowStreamReader(stream);
        var read = await reader.ReadNextRecordBatchAsync(TestContext.Current.CancellationToken);
        var schema = new SqlResultSchema(
        [
            new ResultColumn { Name = "id", Position = 0, TypeName = SqlTypeName.Long, TypeText = "BIGINT" },
            new ResultColumn { Name = "amt", Position = 1, TypeName = SqlTypeName.Decimal, TypeText = "DECIMAL(10,2)" },
            new ResultColumn { Name = "day", Position = 2, TypeName = SqlTypeName.Date, TypeText = "DATE" },
            new ResultColumn { Name = "ts", Position = 3, TypeName = SqlTypeName.Timestamp, TypeText = "TIMESTAMP" },
            new ResultColumn { Name = "tags", Position = 4, TypeName = SqlTypeName.Array, TypeText = "ARRAY<STRING>" },
        ]);

        var rows = ArrowValueReader.ReadRows(read, schema).ToList();

        Assert.Equal(2, rows.Count);
        Assert.Equal(1L, rows[0]["id"]);
        Assert.Equal(10.50m, rows[0]["amt"]);
        Assert.Equal(new DateOnly(2024, 6, 10), rows[0]["day"]);
        Assert.Equal(new DateTimeOffset(2024, 6, 10, 8, 0, 0, TimeSpan.Zero), rows[0]["ts"]);
        Assert.Equal(new object?[] { "a", "b" }, (IEnumerable<object?>)rows[0]["tags"]!);
        Assert.Null(rows[1]["amt"]);
        Assert.Null(rows[1]["tags"]);
    }

    [Fact]
    public void ReadBlock_ColumnCountMismatch_Throws()
    {
        var batch = new RecordBatch.Builder().Append("id", false, c => c.Int32(b => b.Append(1))).Build();
        var schema = new SqlResultSchema([]);

        var act = () => ArrowValueReader.ReadBlock(batch, schema);

        Assert.Throws<InvalidDataException>(act);
    }

    [Theory]
    [InlineData(0, 37)]
    [InlineData(3, 20)]
    [InlineData(8, 1)]
    public async Task ReadBlock_ManagedBuffersWithNullsAndSlices_ReadsWhatArrowReads(int offset, int length)
    {
        var texts = new[] { "a", string.Empty, "größer", "日本語", "x y z" };
        var batch = new RecordBatch.Builder()
            .Append("id", true, c => c.Int64(b =>
            {
                for (var i = 0; i < 37; i++)
                {
                    _ = i % 3 == 2 ? b.AppendNull() : b.Append(i * 1_000_003L);
                }
            }))
            .Append("v", true, c => c.Double(b =>
            {
                for (var i = 0; i < 37; i++)
                {
                    _ = i % 5 == 4 ? b.AppendNull() : b.Append(i * 1.5);
                }
            }))
            .Append("s", true, c => c.String(b =>
            {
                for (var i = 0; i < 37; i++)
                {
                    _ = i % 4 == 1 ? b.AppendNull() : b.Append(texts[i % texts.Length]);
                }
            }))
            .Build();
        using var stream = new MemoryStream();
        using (var writer = new ArrowStreamWriter(stream, batch.Schema, leaveOpen: true))
        {
            await writer.WriteRecordBatchAsync(batch, TestContext.Current.CancellationToken);
            await writer.WriteEndAsync(TestContext.Current.CancellationToken);
        }

        // Read over the bytes in memory, as result attachments are: every buffer is a slice of one managed array.
        using var reader = new ArrowStreamReader(new ReadOnlyMemory<byte>(stream.ToArray()));
        var read = (await reader.ReadNextRecordBatchAsync(TestContext.Current.CancellationToken))!;
        var arrays = Enumerable.Range(0, read.ColumnCount).Select(c => ArrowArrayFactory.Slice(read.Column(c), offset, length)).ToList();
        var sliced = new RecordBatch(read.Schema, arrays, length);
        var schema = new SqlResultSchema(
        [
            new ResultColumn { Name = "id", Position = 0, TypeName = SqlTypeName.Long, TypeText = "BIGINT" },
            new ResultColumn { Name = "v", Position = 1, TypeName = SqlTypeName.Double, TypeText = "DOUBLE" },
            new ResultColumn { Name = "s", Position = 2, TypeName = SqlTypeName.String, TypeText = "STRING" },
        ]);

        var rows = ArrowValueReader.ReadRows(sliced, schema).ToList();

        var (ids, values, strings) = ((Int64Array)arrays[0], (DoubleArray)arrays[1], (StringArray)arrays[2]);
        Assert.Equal(length, rows.Count);
        Assert.Contains(rows, r => r["id"] is null);
        for (var i = 0; i < length; i++)
        {
            Assert.Equal(ids.GetValue(i), rows[i]["id"]);
            Assert.Equal(ids.GetValue(i), rows[i].Get<long?>(0));
            Assert.Equal(values.GetValue(i), rows[i]["v"]);
            Assert.Equal(values.GetValue(i), rows[i].Get<double?>("v"));
            Assert.Equal(strings.GetString(i), rows[i]["s"]);
            Assert.Equal(strings.GetString(i), rows[i].Get<string?>(2));
        }
    }
}
