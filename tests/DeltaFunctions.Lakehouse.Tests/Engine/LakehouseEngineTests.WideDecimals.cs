namespace DeltaFunctions.Lakehouse.Tests.Engine;

public sealed partial class LakehouseEngineTests
{
    [Fact]
    public async Task ExecuteAsync_WideDecimalsNestedInStructArrayAndMap_KeepEveryDigit()
    {
        using var sut = new EngineScope();
        const string Wide = "12345678901234567890.123456789012345678";

        var result = await sut.Sql(
            $"SELECT named_struct('w', CAST('{Wide}' AS DECIMAL(38,18)), 's', CAST('1.5' AS DECIMAL(38,18))), " +
            $"array(CAST('{Wide}' AS DECIMAL(38,18)), NULL), map('k', CAST('-{Wide}' AS DECIMAL(38,18)))");

        var fields = Assert.IsType<Dictionary<string, object?>>(result.Rows[0][0]);
        Assert.Equal(Wide, fields["w"]);
        Assert.Equal(1.5m, fields["s"]);
        Assert.Equal([Wide, null], Assert.IsType<List<object?>>(result.Rows[0][1]));
        Assert.Equal("-" + Wide, Assert.IsType<Dictionary<object, object?>>(result.Rows[0][2])["k"]);
        Assert.Equal("STRUCT<w: DECIMAL(38,18), s: DECIMAL(38,18)>", result.Columns[0].TypeText);
    }

    [Fact]
    public async Task ExecuteAsync_WideDecimalsNestedInTable_KeepEveryDigit()
    {
        using var sut = new EngineScope();
        const string Wide = "99999999999999999999999999999999999.999";
        await sut.Sql("CREATE TABLE w (v ARRAY<STRUCT<x: DECIMAL(38,3)>>)");

        await sut.Sql($"INSERT INTO w SELECT array(named_struct('x', CAST('{Wide}' AS DECIMAL(38,3))), named_struct('x', CAST(NULL AS DECIMAL(38,3))))");
        var value = await sut.Scalar("SELECT v FROM w");

        var list = Assert.IsType<List<object?>>(value);
        Assert.Equal(Wide, Assert.IsType<Dictionary<string, object?>>(list[0])["x"]);
        Assert.Null(Assert.IsType<Dictionary<string, object?>>(list[1])["x"]);
    }
}
