namespace DeltaFunctions.Lakehouse.Tests.Engine;

public sealed partial class LakehouseEngineTests
{
    [Fact]
    public async Task ExecuteAsync_MarkersThatPrefixOthersAndRepeat_BindEachToItsOwnValue()
    {
        using var sut = new EngineScope();

        var row = (await sut.Rows(
            "SELECT :p1 AS a, :p10 AS b, :p1 + :p10 AS c, ':p1 $p1' AS literal, `:p10` AS quoted FROM (SELECT 5 AS `:p10`)",
            new LakehouseParameter("p1", "1", "INT"),
            new LakehouseParameter("p10", "10", "INT"))).Single();

        Assert.Equal(1, row[0]);
        Assert.Equal(10, row[1]);
        Assert.Equal(11, row[2]);
        Assert.Equal(":p1 $p1", row[3]);
        Assert.Equal(5, row[4]);
    }

    [Fact]
    public async Task ExecuteAsync_ValuesWithManyParameters_BindsEveryCell()
    {
        using var sut = new EngineScope();
        const int rows = 3_000;
        var parameters = Enumerable.Range(0, rows).SelectMany(i => new[]
        {
            new LakehouseParameter("p" + (2 * i), i.ToString(System.Globalization.CultureInfo.InvariantCulture), "BIGINT"),
            new LakehouseParameter("p" + ((2 * i) + 1), i % 7 == 0 ? null : "x" + i, "STRING"),
        }).ToArray();
        var values = string.Join(", ", Enumerable.Range(0, rows).Select(i => $"(:p{2 * i}, :p{(2 * i) + 1})"));

        var row = (await sut.Rows($"SELECT count(*), sum(id), count(s), max(s) FROM (VALUES {values}) AS v(id, s)", parameters)).Single();

        Assert.Equal((long)rows, Convert.ToInt64(row[0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((long)rows * (rows - 1) / 2, Convert.ToInt64(row[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((long)(rows - ((rows + 6) / 7)), Convert.ToInt64(row[2], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("x999", row[3]);
    }
}
