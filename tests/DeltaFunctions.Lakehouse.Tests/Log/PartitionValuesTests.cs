using DeltaFunctions.Lakehouse.Log;
using DeltaFunctions.Lakehouse.Tests.Conformance;

namespace DeltaFunctions.Lakehouse.Tests.Log;

public sealed class PartitionValuesTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a:b", "a%3Ab")]
    [InlineData("x=1/y", "x%3D1%2Fy")]
    [InlineData("100%", "100%25")]
    [InlineData("with space", "with space")]
    [InlineData(null, "__HIVE_DEFAULT_PARTITION__")]
    public void EscapePathValue_SpecialCharacters_EscapedAsHive(string? value, string expected)
    {
        var escaped = PartitionValues.EscapePathValue(value);

        Assert.Equal(expected, escaped);
        Assert.Equal(value, PartitionValues.UnescapePathValue(escaped));
    }

    [Fact]
    public void Write_PartitionedTableWithSpecialValuesAndNull_RoundTripsValuesAndEncodesPaths()
    {
        using var table = new DeltaTableFixture();
        var schema = DeltaTableFixture.Schema(("id", PrimitiveType.Long), ("p", PrimitiveType.String), ("ts", PrimitiveType.Timestamp));
        table.Create(schema, ["p", "ts"]);

        table.Append("SELECT * FROM (VALUES (1, 'a:b c', TIMESTAMPTZ '2024-01-02 03:04:05.123456+00'), (2, NULL, NULL), (3, '%x', TIMESTAMPTZ '2024-01-02 03:04:05+00')) v(id, p, ts)");

        var snapshot = table.Log.GetSnapshot();
        var first = snapshot.Files.Single(f => f.PartitionValues["p"] == "a:b c");
        Assert.Equal("2024-01-02 03:04:05.123456", first.PartitionValues["ts"]);
        Assert.StartsWith("p=a%253Ab%20c/ts=2024-01-02%2003%253A04%253A05.123456/", first.Path, StringComparison.Ordinal);
        Assert.True(File.Exists(table.Log.ResolveDataPath(first.Path)));
        Assert.Null(snapshot.Files.Single(f => f.PartitionValues["p"] is null).PartitionValues["ts"]);
        var rows = table.Rows(snapshot, "id", "id, p, CAST(ts AS VARCHAR)");
        Assert.Equal([[1L, "a:b c", "2024-01-02 03:04:05.123456+00"], [2L, null, null], [3L, "%x", "2024-01-02 03:04:05+00"]], rows);
    }

    [Fact]
    [Trait("Category", DeltaTestData.Trait)]
    public void CreateScan_TimestampPartitionWithoutZone_ReadAsUtc()
    {
        var log = DeltaLog.ForTable(DeltaTestData.TablePath("data-reader-partition-values"), TimeProvider.System);
        using var table = new DeltaTableFixture();

        var rows = table.Query($"SELECT DISTINCT CAST(as_timestamp AS VARCHAR) FROM {log.GetSnapshot().CreateScan(table.Connection)} AS t WHERE as_timestamp IS NOT NULL");

        Assert.Equal([["2021-09-08 11:11:11+00"]], rows);
    }

    [Fact]
    public void Write_TargetRowsPerFile_SplitsIntoSeveralFilesWithStats()
    {
        using var table = new DeltaTableFixture(new LakehouseOptions { DataDirectory = Path.GetTempPath(), TargetRowsPerFile = 4 });
        table.Create(DeltaTableFixture.Schema(("id", PrimitiveType.Long)));

        table.Append("SELECT range AS id FROM range(10)");

        var snapshot = table.Log.GetSnapshot();
        Assert.Equal(3, snapshot.Files.Count);
        Assert.Equal(10, snapshot.StatsRowCount());
        Assert.Equal(45L, Convert.ToInt64(table.Query($"SELECT CAST(sum(id) AS BIGINT) FROM {snapshot.CreateScan(table.Connection)} AS t")[0][0], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Write_NullIntoNotNullColumn_FailsWithNotNullConstraint()
    {
        using var table = new DeltaTableFixture();
        table.Create(new StructType([new StructField("id", PrimitiveType.Long, Nullable: false)]));

        var error = Assert.Throws<LakehouseException>(() => table.Append("SELECT NULL AS id"));

        Assert.Equal("DELTA_NOT_NULL_CONSTRAINT_VIOLATED", error.ErrorClass);
        Assert.Equal(0, table.Log.LatestVersion);
    }
}
