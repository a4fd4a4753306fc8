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

    [Fact]
    public async Task ExecuteAsync_StructWithArraysAndMapsHoldingNulls_KeepsValuesAndNulls()
    {
        using var sut = new EngineScope();

        var result = await sut.Sql(
            "SELECT named_struct(" +
            "'i', array(1, NULL), 'b', array(CAST(7 AS BIGINT), NULL), 's', array(CAST(-3 AS SMALLINT), NULL), 't', array(CAST(4 AS TINYINT), NULL), " +
            "'f', array(CAST(0.5 AS FLOAT), CAST('Infinity' AS DOUBLE), NULL), 'd', array(CAST(0.25 AS DOUBLE), NULL), 'z', array(true, NULL), " +
            "'m', array(CAST(1.25 AS DECIMAL(10,2)), NULL), 'dt', array(DATE'2024-02-29', NULL), " +
            "'ts', array(TIMESTAMP'2024-02-29 10:11:12.345678', NULL), 'ntz', array(CAST('2024-02-29 10:11:12.5' AS TIMESTAMP_NTZ), NULL), " +
            "'str', array('x', NULL), 'mp', map('a', CAST(1 AS BIGINT), 'b', NULL), 'nested', array(array(DATE'2024-01-01', NULL)))");

        var fields = Assert.IsType<Dictionary<string, object?>>(result.Rows[0][0]);
        Assert.Equal([1, null], Assert.IsType<List<object?>>(fields["i"]));
        Assert.Equal([7L, null], Assert.IsType<List<object?>>(fields["b"]));
        Assert.Equal([(short)-3, null], Assert.IsType<List<object?>>(fields["s"]));
        Assert.Equal([(sbyte)4, null], Assert.IsType<List<object?>>(fields["t"]));
        Assert.Equal([0.5, double.PositiveInfinity, null], Assert.IsType<List<object?>>(fields["f"]).Select(v => v is float f ? (double)f : v));
        Assert.Equal([0.25, null], Assert.IsType<List<object?>>(fields["d"]));
        Assert.Equal([true, null], Assert.IsType<List<object?>>(fields["z"]));
        Assert.Equal([1.25m, null], Assert.IsType<List<object?>>(fields["m"]));
        Assert.Equal([new DateOnly(2024, 2, 29), null], Assert.IsType<List<object?>>(fields["dt"]));
        var ts = Assert.IsType<DateTime>(Assert.IsType<List<object?>>(fields["ts"])[0]);
        Assert.Equal((new DateTime(2024, 2, 29, 10, 11, 12, DateTimeKind.Utc).AddTicks(3456780), DateTimeKind.Utc), (ts, ts.Kind));
        var ntz = Assert.IsType<DateTime>(Assert.IsType<List<object?>>(fields["ntz"])[0]);
        Assert.Equal((new DateTime(2024, 2, 29, 10, 11, 12, 500), DateTimeKind.Unspecified), (ntz, ntz.Kind));
        Assert.Equal(["x", null], Assert.IsType<List<object?>>(fields["str"]));
        var map = Assert.IsType<Dictionary<object, object?>>(fields["mp"]);
        Assert.Equal((1L, null), (map["a"], map["b"]));
        Assert.Equal([new DateOnly(2024, 1, 1), null], Assert.IsType<List<object?>>(Assert.IsType<List<object?>>(fields["nested"])[0]));
    }

    [Fact]
    public async Task ExecuteAsync_ArrayOfStructsWithArrayFieldHoldingNullInTable_ReadsBack()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE s (v ARRAY<STRUCT<id: BIGINT, days: ARRAY<DATE>>>)");

        await sut.Sql("INSERT INTO s SELECT from_json('[{\"id\": 1, \"days\": [\"2024-02-29\", null]}, null]', 'ARRAY<STRUCT<id: BIGINT, days: ARRAY<DATE>>>')");
        var value = await sut.Scalar("SELECT v FROM s");

        var list = Assert.IsType<List<object?>>(value);
        var first = Assert.IsType<Dictionary<string, object?>>(list[0]);
        Assert.Equal(1L, first["id"]);
        Assert.Equal([new DateOnly(2024, 2, 29), null], Assert.IsType<List<object?>>(first["days"]));
        Assert.Null(list[1]);
    }
}
