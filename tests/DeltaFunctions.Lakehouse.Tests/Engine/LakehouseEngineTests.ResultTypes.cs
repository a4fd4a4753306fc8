namespace DeltaFunctions.Lakehouse.Tests.Engine;

/// <summary>
/// The engine remembers the result types of a query it ran (so running it again binds it once): the same statement
/// answers the same types and values every time, and whatever changes the types (another table version, a volume file
/// replaced under the same path, other parameters) is read afresh.
/// </summary>
public sealed partial class LakehouseEngineTests
{
    private const string EveryType =
        "SELECT 1 AS i, CAST(2 AS BIGINT) AS b, CAST(1.5 AS DECIMAL(10,2)) AS d, CAST('12345678901234567890.123456789012345678' AS DECIMAL(38,18)) AS w, " +
        "'x' AS s, X'0102' AS bin, true AS flag, CAST(0.25 AS DOUBLE) AS dbl, DATE '2024-01-02' AS dt, TIMESTAMP '2024-01-02 03:04:05' AS ts, " +
        "CAST('2024-01-02 03:04:05.5' AS TIMESTAMP_NTZ) AS ntz, array(1, NULL) AS arr, map('k', CAST(3 AS BIGINT)) AS m, " +
        "named_struct('a', 1, 'l', array(DATE'2024-02-29', NULL), 'w', CAST('-12345678901234567890.5' AS DECIMAL(38,1))) AS st";

    [Theory]
    [InlineData(EveryType)]
    [InlineData(EveryType + " WHERE false")]
    public async Task ExecuteAsync_SameQueryAgain_AnswersTheSameTypesAndValues(string query)
    {
        using var sut = new EngineScope();
        var first = await sut.Sql(query);

        var second = await sut.Sql(query);
        var streamed = await sut.Engine.ExecuteStreamingAsync(query, result => (Columns: result.Columns.ToList(), Rows: result.RowStream!.ToList()), cancellationToken: TestContext.Current.CancellationToken);

        string[] expected =
        [
            "INT", "BIGINT", "DECIMAL(10,2)", "DECIMAL(38,18)", "STRING", "BINARY", "BOOLEAN", "DOUBLE", "DATE", "TIMESTAMP", "TIMESTAMP_NTZ",
            "ARRAY<INT>", "MAP<STRING, BIGINT>", "STRUCT<a: INT, l: ARRAY<DATE>, w: DECIMAL(38,1)>",
        ];
        Assert.Equal(expected, first.Columns.Select(c => c.TypeText));
        Assert.Equal(first.Columns, second.Columns);
        Assert.Equal(first.Columns, streamed.Columns);
        Assert.Equal(first.Rows, second.Rows);
        Assert.Equal(first.Rows, streamed.Rows);
        if (first.Rows.Count > 0)
        {
            Assert.Equal("12345678901234567890.123456789012345678", second.Rows[0][3]);
            Assert.Equal([1, null], Assert.IsType<List<object?>>(second.Rows[0][11]));
            var fields = Assert.IsType<Dictionary<string, object?>>(second.Rows[0][13]);
            Assert.Equal([new DateOnly(2024, 2, 29), null], Assert.IsType<List<object?>>(fields["l"]));
            Assert.Equal(-12345678901234567890.5m, fields["w"]);
        }
    }

    [Fact]
    public async Task ExecuteAsync_CountStarAgain_KeepsSparkColumnName()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE t AS SELECT id FROM range(3)");
        _ = await sut.Sql("SELECT count(*) FROM t");

        var again = await sut.Sql("SELECT count(*) FROM t");

        Assert.Equal("count(1)", Assert.Single(again.Columns).Name);
        Assert.Equal(3L, again.Rows[0][0]);
    }

    [Fact]
    public async Task ExecuteAsync_TableReplacedBetweenStatements_ReadsTheNewTypesAndRows()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE t (v INT)");
        await sut.Sql("INSERT INTO t VALUES (1)");
        var before = await sut.Sql("SELECT * FROM t");

        await sut.Sql("CREATE OR REPLACE TABLE t AS SELECT CAST(12.5 AS DECIMAL(38,4)) AS v, 'x' AS extra");
        var replaced = await sut.Sql("SELECT * FROM t");
        await sut.Sql("INSERT INTO t VALUES (CAST(1 AS DECIMAL(38,4)), 'y')");
        var inserted = await sut.Sql("SELECT * FROM t");

        Assert.Equal(["INT"], before.Columns.Select(c => c.TypeText));
        Assert.Equal([1], before.Rows.Select(r => r[0]));
        Assert.Equal(["DECIMAL(38,4)", "STRING"], replaced.Columns.Select(c => c.TypeText));
        Assert.Equal([12.5m], replaced.Rows.Select(r => r[0]));
        Assert.Equal(["DECIMAL(38,4)", "STRING"], inserted.Columns.Select(c => c.TypeText));
        Assert.Equal(["x", "y"], inserted.Rows.Select(r => r[1]).Order());
    }

    [Fact]
    public async Task ExecuteAsync_ColumnWidenedBetweenStatements_ReadsTheNewType()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE t (v INT) TBLPROPERTIES ('delta.enableTypeWidening' = 'true')");
        await sut.Sql("INSERT INTO t VALUES (7)");
        var before = await sut.Sql("SELECT v FROM t");

        await sut.Sql("ALTER TABLE t ALTER COLUMN v TYPE BIGINT");
        var after = await sut.Sql("SELECT v FROM t");

        Assert.Equal("INT", before.Columns[0].TypeText);
        Assert.Equal("BIGINT", after.Columns[0].TypeText);
        Assert.Equal(7L, after.Rows[0][0]);
    }

    [Fact]
    public async Task ExecuteAsync_VolumeFileReplacedUnderTheSamePath_ReadsTheNewTypes()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE VOLUME main.default.staging");
        await sut.Sql("CREATE TABLE ints AS SELECT CAST(1 AS INT) AS v");
        await sut.Sql("CREATE TABLE texts AS SELECT 'one' AS v");
        var path = sut.Engine.ResolveVolumePath("/Volumes/main/default/staging/p.parquet");
        File.Copy(DataFile(sut, "ints"), path);
        const string Query = "SELECT v FROM parquet.`/Volumes/main/default/staging/p.parquet`";
        var before = await sut.Sql(Query);

        File.Copy(DataFile(sut, "texts"), path, overwrite: true);
        var after = await sut.Sql(Query);

        Assert.Equal("INT", before.Columns[0].TypeText);
        Assert.Equal(1, before.Rows[0][0]);
        Assert.Equal("STRING", after.Columns[0].TypeText);
        Assert.Equal("one", after.Rows[0][0]);
    }

    [Fact]
    public async Task ExecuteAsync_SameTextOtherParameters_AnswersEachParametersTypes()
    {
        using var sut = new EngineScope();
        const string Query = "SELECT from_json(:doc, :schema) AS v";

        var ints = await sut.Sql(Query, new LakehouseParameter("doc", "{\"a\": 1}"), new LakehouseParameter("schema", "a INT"));
        var texts = await sut.Sql(Query, new LakehouseParameter("doc", "{\"a\": \"x\"}"), new LakehouseParameter("schema", "a STRING"));

        Assert.Equal("STRUCT<a: INT>", ints.Columns[0].TypeText);
        Assert.Equal("STRUCT<a: STRING>", texts.Columns[0].TypeText);
        Assert.Equal("x", Assert.IsType<Dictionary<string, object?>>(texts.Rows[0][0])["a"]);
    }

    private static string DataFile(EngineScope scope, string table) =>
        Directory.EnumerateFiles(scope.Engine.GetTable("main", "default", table)!.StorageLocation, "*.parquet").Single();
}
