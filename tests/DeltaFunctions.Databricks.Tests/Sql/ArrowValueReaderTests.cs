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
}
