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

    [Fact]
    public void For_ManyRows_MapsByReflectionThenCompiledWithTheSameValues()
    {
        // A shape of its own (the extra column), so no other test has mapped rows of it yet.
        var schema = new SqlResultSchema([.. Schema.Columns, new ResultColumn { Name = "tiered", Position = 4, TypeName = SqlTypeName.Int }]);
        var block = RowBlock.FromValues(schema, [5L, 10.5m, new DateOnly(2024, 1, 2), "x", 1]);
        var first = RowMapper<OrderRecord>.For(schema);

        var mapped = Enumerable.Range(0, RowMapper<OrderRecord>.CompileAfterRows + 10).Select(_ => first(block, 0)).ToList();
        var later = RowMapper<OrderRecord>.For(schema);

        Assert.All(mapped, m => Assert.Equal(new OrderRecord(5, 10.5m, new DateOnly(2024, 1, 2), "x"), m));
        Assert.IsType<RowMapper<OrderRecord>.Tiered>(first.Target);
        Assert.IsNotType<RowMapper<OrderRecord>.Tiered>(later.Target);
        Assert.Equal(new OrderRecord(5, 10.5m, new DateOnly(2024, 1, 2), "x"), later(block, 0));
    }

    [Fact]
    public void Reflect_ConstructorOrSetterThrows_ThrowsTheCallersExceptionAsCompiled()
    {
        var block = Block(-1L, 1m, new DateOnly(2024, 1, 2), "n");

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => RowMapper<Guarded>.Reflect(Schema)(block, 0));
        var setter = Assert.Throws<ArgumentException>(() => RowMapper<GuardedSetter>.Reflect(Schema)(block, 0));

        Assert.Equal(Assert.Throws<ArgumentOutOfRangeException>(() => RowMapper<Guarded>.Compile(Schema)(block, 0)).Message, error.Message);
        Assert.Equal(Assert.Throws<ArgumentException>(() => RowMapper<GuardedSetter>.Compile(Schema)(block, 0)).Message, setter.Message);
    }

    private static RowBlock Block(params object?[] values) => RowMapperTests.Block(values);

    public sealed record Guarded
    {
        public Guarded(long orderId)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(orderId);
            OrderId = orderId;
        }

        public long OrderId { get; }
    }

    public sealed class GuardedSetter
    {
        public string? Note
        {
            get => null;
            set => throw new ArgumentException($"note '{value}' refused", nameof(value));
        }
    }

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
