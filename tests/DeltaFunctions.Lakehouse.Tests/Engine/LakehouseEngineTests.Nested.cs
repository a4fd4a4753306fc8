namespace DeltaFunctions.Lakehouse.Tests.Engine;

public sealed partial class LakehouseEngineTests
{
    [Theory]
    [InlineData("SELECT array(DATE'2024-02-29', NULL)", "ARRAY<DATE>")]
    [InlineData("SELECT array(TIMESTAMP'2024-02-29 10:00:00', NULL)", "ARRAY<TIMESTAMP>")]
    [InlineData("SELECT array(CAST(1.5 AS DECIMAL(10,2)), NULL)", "ARRAY<DECIMAL(10,2)>")]
    [InlineData("SELECT array(CAST(7 AS BIGINT), NULL)", "ARRAY<BIGINT>")]
    [InlineData("SELECT array(1, NULL)", "ARRAY<INT>")]
    [InlineData("SELECT array(true, NULL)", "ARRAY<BOOLEAN>")]
    public async Task ExecuteAsync_ArrayWithNullElement_KeepsNullAndElementType(string query, string expectedType)
    {
        using var sut = new EngineScope();

        var result = await sut.Sql(query);

        Assert.Equal(expectedType, result.Columns[0].TypeText);
        var list = Assert.IsType<List<object?>>(result.Rows[0][0]);
        Assert.Equal(2, list.Count);
        Assert.NotNull(list[0]);
        Assert.Null(list[1]);
    }

    [Fact]
    public async Task ExecuteAsync_NestedArraysWithNullElements_KeepNullsAtEveryLevel()
    {
        using var sut = new EngineScope();

        var value = await sut.Scalar("SELECT array(array(DATE'2024-02-29', NULL), NULL)");

        var outer = Assert.IsType<List<object?>>(value);
        Assert.Equal([new DateOnly(2024, 2, 29), null], Assert.IsType<List<object?>>(outer[0]));
        Assert.Null(outer[1]);
    }

    [Fact]
    public async Task ExecuteAsync_MapAndNamedStructWithNullValues_KeepNulls()
    {
        using var sut = new EngineScope();

        var map = await sut.Scalar("SELECT map('a', DATE'2024-02-29', 'b', NULL)");
        var row = await sut.Scalar("SELECT named_struct('d', DATE'2024-02-29', 'n', CAST(NULL AS BIGINT))");

        var entries = Assert.IsType<Dictionary<object, object?>>(map);
        Assert.Equal(new DateOnly(2024, 2, 29), entries["a"]);
        Assert.Null(entries["b"]);
        var fields = Assert.IsType<Dictionary<string, object?>>(row);
        Assert.Equal(new DateOnly(2024, 2, 29), fields["d"]);
        Assert.Null(fields["n"]);
    }

    [Fact]
    public async Task ExecuteAsync_MapOfBigintWithNullValueInTable_ReadsBack()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE m (id INT, tags MAP<STRING, BIGINT>)");

        await sut.Sql("INSERT INTO m SELECT 1, map('a', 1, 'b', NULL)");
        await sut.Sql("INSERT INTO m SELECT 2, from_json('{\"c\": 3, \"d\": null}', 'MAP<STRING, BIGINT>')");
        var rows = await sut.Rows("SELECT id, tags FROM m ORDER BY id");

        Assert.Equal(2, rows.Count);
        var first = Assert.IsType<Dictionary<object, object?>>(rows[0][1]);
        Assert.Equal(1L, first["a"]);
        Assert.True(first.ContainsKey("b"));
        Assert.Null(first["b"]);
        var second = Assert.IsType<Dictionary<object, object?>>(rows[1][1]);
        Assert.Equal(3L, second["c"]);
        Assert.True(second.ContainsKey("d"));
        Assert.Null(second["d"]);
    }
}
