using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks.Tests.Sql;

public sealed class RowMapperTests
{
    internal static readonly SqlResultSchema Schema = new(
    [
        new ResultColumn { Name = "order_id", Position = 0, TypeName = SqlTypeName.Long },
        new ResultColumn { Name = "amount", Position = 1, TypeName = SqlTypeName.Decimal, TypeText = "DECIMAL(10,2)" },
        new ResultColumn { Name = "day", Position = 2, TypeName = SqlTypeName.Date },
        new ResultColumn { Name = "note", Position = 3, TypeName = SqlTypeName.String },
    ]);

    [Fact]
    public void For_RecordWithConstructor_MapsBySnakeCaseName()
    {
        var sut = RowMapper<OrderRecord>.For(Schema);

        var order = sut(Block(5L, 10.5m, new DateOnly(2024, 1, 2), null), 0);

        Assert.Equal(new OrderRecord(5, 10.5m, new DateOnly(2024, 1, 2), null), order);
    }

    [Fact]
    public void For_ClassWithSetters_MapsAndWidensNumbers()
    {
        var sut = RowMapper<OrderClass>.For(Schema);

        var order = sut(Block(5L, 10.5m, new DateOnly(2024, 1, 2), "x"), 0);

        Assert.Equal(5d, order.OrderId);
        Assert.Equal("x", order.Note);
        Assert.Equal(new DateTime(2024, 1, 2), order.Day);
    }

    [Fact]
    public void For_SameSchemaTwice_ReturnsCachedDelegate()
    {
        var first = RowMapper<OrderRecord>.For(Schema);

        var second = RowMapper<OrderRecord>.For(new SqlResultSchema(Schema.Columns));

        Assert.Same(first, second);
    }

    [Fact]
    public void For_NullIntoNonNullable_ThrowsNamingColumn()
    {
        var sut = RowMapper<OrderRecord>.For(Schema);

        var act = () => sut(Block(null, 1m, new DateOnly(2024, 1, 2), null), 0);

        var error = Assert.Throws<InvalidCastException>(act);
        Assert.Contains("order_id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void For_MissingConstructorColumn_Throws()
    {
        var act = () => RowMapper<Unmappable>.For(Schema);

        Assert.Throws<InvalidOperationException>(act);
    }

    [Fact]
    public void For_ScalarType_ReadsFirstColumn()
    {
        var sut = RowMapper<long>.For(Schema);

        var value = sut(Block(9L, null, null, null), 0);

        Assert.Equal(9L, value);
    }

    internal static RowBlock Block(params object?[] values) => RowBlock.FromValues(Schema, values);

    public sealed record OrderRecord(long OrderId, decimal Amount, DateOnly Day, string? Note);

    public sealed class OrderClass
    {
        public double OrderId { get; set; }

        public DateTime Day { get; set; }

        public string? Note { get; init; }
    }

    public sealed record Unmappable(string Missing);
}
