namespace DeltaFunctions.Lakehouse.Tests.Engine;

public sealed partial class LakehouseEngineTests
{
    [Theory]
    [InlineData("SELECT nvl(NULL, 3)", 3)]
    [InlineData("SELECT datediff(DATE '2024-03-01', DATE '2024-02-01')", 29L)]
    [InlineData("SELECT date_add(DATE '2024-02-28', 2)", "2024-03-01")]
    [InlineData("SELECT concat('a', NULL)", null)]
    [InlineData("SELECT size(array(1, 2, 3))", 3L)]
    [InlineData("SELECT array_contains(array(1, 2), 2)", true)]
    [InlineData("SELECT date_format(TIMESTAMP '2024-06-10 08:05:00', 'yyyy/MM/dd HH:mm')", "2024/06/10 08:05")]
    [InlineData("SELECT regexp_extract('ab12cd', '([0-9]+)')", "12")]
    [InlineData("SELECT array(10, 20)[0]", 10)]
    [InlineData("SELECT 7 DIV 2", 3)]
    [InlineData("SELECT NULL <=> NULL", true)]
    [InlineData("SELECT CAST('5' AS LONG) + 1L", 6L)]
    [InlineData("SELECT upper(`x`) FROM (SELECT 'q' AS x)", "Q")]
    public async Task ExecuteAsync_SparkFunction_ComputesSparkResult(string query, object? expected)
    {
        using var sut = new EngineScope();

        var value = await sut.Scalar(query);

        Assert.Equal(expected, value is DateOnly d ? d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : value);
    }

    [Fact]
    public async Task ExecuteAsync_InsertByNameAndCollectList_Work()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE t (id INT, name STRING)");

        await sut.Sql("INSERT INTO t BY NAME SELECT 'n' AS name, 1 AS id");
        var list = await sut.Scalar("SELECT collect_list(name) FROM t");

        Assert.Equal(["n"], (IEnumerable<object?>)list!);
        Assert.Equal([[1, "n"]], await sut.Rows("SELECT * FROM t"));
    }
}
