using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks.Tests.Sql;

/// <summary>
/// The reflection mapper native AOT uses (no dynamic code) against the compiled one the JIT uses: the same members
/// filled from the same columns, the same conversions, the same errors. The columns are RowMapperTests' (order_id,
/// amount, day, note).
/// </summary>
public sealed class RowMapperFallbackTests
{
    private static readonly SqlResultSchema Schema = RowMapperTests.Schema;

    [Fact]
    public void Reflect_RecordWithConstructorAndDefault_MapsAsCompiled()
    {
        var block = Block(5L, 10.5m, new DateOnly(2024, 1, 2), "x");

        var mapped = RowMapper<OrderRecord>.Reflect(Schema)(block, 0);

        Assert.Equal(new OrderRecord(5, 10.5m, new DateOnly(2024, 1, 2), "x"), mapped);
        Assert.Equal(RowMapper<OrderRecord>.Compile(Schema)(block, 0), mapped);
    }

    [Fact]
    public void Reflect_ClassWithSetters_WidensAndConvertsAsCompiled()
    {
        var block = Block(5L, 10.5m, new DateOnly(2024, 1, 2), null);

        var mapped = RowMapper<OrderClass>.Reflect(Schema)(block, 0);

        var compiled = RowMapper<OrderClass>.Compile(Schema)(block, 0);
        Assert.Equal((5d, new DateTime(2024, 1, 2), (string?)null, (int?)null), (mapped.OrderId, mapped.Day, mapped.Note, mapped.Missing));
        Assert.Equal((compiled.OrderId, compiled.Day, compiled.Note), (mapped.OrderId, mapped.Day, mapped.Note));
    }

    [Fact]
    public void Reflect_MutableStruct_SetsPropertiesOnTheValue()
    {
        var mapped = RowMapper<OrderStruct>.Reflect(Schema)(Block(7L, 1.25m, null, "n"), 0);

        Assert.Equal(new OrderStruct { OrderId = 7, Amount = 1.25m, Note = "n" }, mapped);
    }

    [Fact]
    public void Reflect_NullIntoNonNullable_ThrowsTheCompiledMessage()
    {
        var block = Block(null, 1m, new DateOnly(2024, 1, 2), null);

        var error = Assert.Throws<InvalidCastException>(() => RowMapper<OrderRecord>.Reflect(Schema)(block, 0));

        var compiled = Assert.Throws<InvalidCastException>(() => RowMapper<OrderRecord>.Compile(Schema)(block, 0));
        Assert.Equal("Column 'order_id' is NULL but Int64 cannot hold null; use a nullable type.", error.Message);
        Assert.Equal(compiled.Message, error.Message);
    }

    [Fact]
    public void Reflect_UnconvertibleValue_ThrowsTheCompiledMessage()
    {
        var block = Block(5L, 1m, new DateOnly(2024, 1, 2), "not a number");

        var error = Assert.Throws<InvalidCastException>(() => RowMapper<NoteAsNumber>.Reflect(Schema)(block, 0));

        var compiled = Assert.Throws<InvalidCastException>(() => RowMapper<NoteAsNumber>.Compile(Schema)(block, 0));
        Assert.Equal("Column 'note' holds a String that cannot become Int32.", error.Message);
        Assert.Equal(compiled.Message, error.Message);
    }

    [Fact]
    public void Reflect_MissingConstructorColumn_ThrowsNamingIt()
    {
        var error = Assert.Throws<InvalidOperationException>(() => RowMapper<Unmappable>.Reflect(Schema));

        Assert.Equal("Unmappable needs constructor parameter 'Missing' (column 'missing') but the result has no such column.", error.Message);
    }

    [Fact]
    public void Reflect_NullableScalar_ReadsFirstColumnAndNull()
    {
        var sut = RowMapper<long?>.Reflect(Schema);

        Assert.Equal(9L, sut(Block(9L, null, null, null), 0));
        Assert.Null(sut(Block(null, null, null, null), 0));
    }

    private static RowBlock Block(params object?[] values) => RowMapperTests.Block(values);

    public sealed record OrderRecord(long OrderId, decimal Amount, DateOnly Day, string? Note = "default");

    public sealed class OrderClass
    {
        public double OrderId { get; set; }

        public DateTime Day { get; set; }

        public string? Note { get; init; }

        public int? Missing { get; set; }
    }

    public record struct OrderStruct
    {
        public long OrderId { get; set; }

        public decimal Amount { get; set; }

        public string? Note { get; set; }
    }

    public sealed record NoteAsNumber(long OrderId, int Note);

    public sealed record Unmappable(string Missing);
}
