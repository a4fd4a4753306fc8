using System.Text.Json.Nodes;
using DeltaFunctions.Lakehouse.Log;

namespace DeltaFunctions.Lakehouse.Tests.Log;

public sealed class DataFileWriterTests
{
    private static readonly StructType EveryStatType = DeltaTableFixture.Schema(
        ("b", PrimitiveType.Byte),
        ("s", PrimitiveType.Short),
        ("i", PrimitiveType.Integer),
        ("l", PrimitiveType.Long),
        ("f", PrimitiveType.Float),
        ("d", PrimitiveType.Double),
        ("dec", new DecimalType(38, 3)),
        ("str", PrimitiveType.String),
        ("huge", PrimitiveType.String),
        ("day", PrimitiveType.Date),
        ("ts", PrimitiveType.Timestamp),
        ("ntz", PrimitiveType.TimestampNtz),
        ("flag", PrimitiveType.Boolean),
        ("bin", PrimitiveType.Binary),
        ("none", PrimitiveType.Long),
        ("nan", PrimitiveType.Double),
        ("inf", PrimitiveType.Double));

    private const string EveryStatTypeRows = """
        SELECT * FROM (VALUES
            (-5::TINYINT, -3::SMALLINT, 1, 10::BIGINT, 0.1::REAL, 1.5::DOUBLE, 12345678901234567890.123::DECIMAL(38,3), 'abc', repeat('é', 6000),
             DATE '2024-01-01', TIMESTAMPTZ '2024-01-01 00:00:09.123456+00', TIMESTAMP '2024-01-01 00:00:09.987654', true, '\x01'::BLOB, NULL::BIGINT, 'NaN'::DOUBLE, 'infinity'::DOUBLE),
            (7, 9, -1, NULL, 3.3, 2.25, -1.5, 'zz' || repeat('y', 40), 'a',
             DATE '1900-01-01', TIMESTAMPTZ '1900-01-01 00:00:00+00', TIMESTAMP '0001-01-01 00:00:00', NULL, NULL, NULL, 1.0, 1.0),
            (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL))
            AS v(b, s, i, l, f, d, dec, str, huge, day, ts, ntz, flag, bin, none, nan, inf)
        """;

    [Fact]
    public void Write_EveryStatType_StatsEqualTheAggregatesOfTheRows()
    {
        using var table = new DeltaTableFixture();
        table.Create(EveryStatType);

        var add = Assert.Single(table.WriteFiles(table.Log.GetSnapshot(), EveryStatTypeRows));

        // What aggregating the rows gives: NaN and infinite bounds left out, timestamps to the millisecond, strings
        // cut to 32 characters (a cut maximum raised by U+FFFF), Boolean and binary with null counts only; `huge` is a
        // string DuckDB keeps no Parquet bounds for, so its bounds come from aggregating the file.
        var expected = JsonNode.Parse("""
            {
              "numRecords": 3,
              "minValues": { "b": -5, "s": -3, "i": -1, "l": 10, "f": 0.1, "d": 1.5, "dec": -1.500, "str": "abc", "huge": "a",
                             "day": "1900-01-01", "ts": "1900-01-01T00:00:00.000Z", "ntz": "0001-01-01T00:00:00.000", "nan": 1.0, "inf": 1.0 },
              "maxValues": { "b": 7, "s": 9, "i": 1, "l": 10, "f": 3.3, "d": 2.25, "dec": 12345678901234567890.123,
                             "str": "STR_MAX", "huge": "HUGE_MAX",
                             "day": "2024-01-01", "ts": "2024-01-01T00:00:09.123Z", "ntz": "2024-01-01T00:00:09.987" },
              "nullCount": { "b": 1, "s": 1, "i": 1, "l": 2, "f": 1, "d": 1, "dec": 1, "str": 1, "huge": 1, "day": 1, "ts": 1, "ntz": 1,
                             "flag": 2, "bin": 2, "none": 3, "nan": 1, "inf": 1 }
            }
            """.Replace("STR_MAX", "zz" + new string('y', 30) + "\\uFFFF", StringComparison.Ordinal).Replace("HUGE_MAX", new string('é', 32) + "\\uFFFF", StringComparison.Ordinal));
        Assert.Equal(expected!.ToJsonString(), JsonNode.Parse(add.Stats!)!.ToJsonString());
        Assert.Equal(new FileInfo(table.Log.ResolveDataPath(add.Path)).Length, add.Size);
    }

    [Fact]
    public void Write_OverTheRowTarget_SplitsInRowOrderWithPerFileStats()
    {
        using var table = new DeltaTableFixture(new LakehouseOptions { DataDirectory = Path.GetTempPath(), TargetRowsPerFile = 4 });
        table.Create(DeltaTableFixture.Schema(("id", PrimitiveType.Long), ("name", PrimitiveType.String)));

        var adds = table.WriteFiles(table.Log.GetSnapshot(), "SELECT range AS id, 'n' || range AS name FROM range(10) ORDER BY range");

        Assert.Equal(
            [(4L, "0", "3", "n0", "n3"), (4L, "4", "7", "n4", "n7"), (2L, "8", "9", "n8", "n9")],
            adds.Select(a => JsonNode.Parse(a.Stats!)!).Select(s => (
                (long)s["numRecords"]!,
                s["minValues"]!["id"]!.ToJsonString(),
                s["maxValues"]!["id"]!.ToJsonString(),
                (string)s["minValues"]!["name"]!,
                (string)s["maxValues"]!["name"]!)));
        Assert.All(adds, a => Assert.Equal(new FileInfo(table.Log.ResolveDataPath(a.Path)).Length, a.Size));
        Assert.Equal(["t"], Directory.GetFileSystemEntries(table.Root).Select(Path.GetFileName));
        Assert.DoesNotContain(Directory.GetDirectories(table.TablePath), d => Path.GetFileName(d).StartsWith("_delta_write_", StringComparison.Ordinal));
    }

    [Fact]
    public void Write_PartitionedWithEmptyAndNullValues_BothReadAsNullAndStatsPerPartition()
    {
        using var table = new DeltaTableFixture();
        table.Create(DeltaTableFixture.Schema(("id", PrimitiveType.Long), ("p", PrimitiveType.String)), ["p"]);

        var adds = table.WriteFiles(table.Log.GetSnapshot(), "SELECT * FROM (VALUES (1, 'n'), (2, ''), (3, NULL), (4, 'v'), (5, 'n'), (6, 'NULL')) v(id, p)");

        var byValue = adds.GroupBy(a => a.PartitionValues["p"] ?? "<null>").ToDictionary(g => g.Key, g => Assert.Single(g));
        Assert.Equal(["<null>", "NULL", "n", "v"], byValue.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, (long)JsonNode.Parse(byValue["<null>"].Stats!)!["numRecords"]!);
        Assert.Equal(2, (long)JsonNode.Parse(byValue["n"].Stats!)!["numRecords"]!);
        Assert.Equal("6", JsonNode.Parse(byValue["NULL"].Stats!)!["minValues"]!["id"]!.ToJsonString());
        Assert.StartsWith("p=__HIVE_DEFAULT_PARTITION__/", byValue["<null>"].Path, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_NullIntoNotNullColumnMidStream_FailsAndLeavesNoFiles()
    {
        using var table = new DeltaTableFixture();
        table.Create(new StructType([new StructField("id", PrimitiveType.Long, Nullable: false), new StructField("v", PrimitiveType.Long, Nullable: false)]));

        var error = Assert.Throws<LakehouseException>(() =>
            table.WriteFiles(table.Log.GetSnapshot(), "SELECT range AS id, CASE WHEN range = 50000 THEN NULL ELSE range END AS v FROM range(100000)"));

        Assert.Equal("DELTA_NOT_NULL_CONSTRAINT_VIOLATED", error.ErrorClass);
        Assert.Contains("column: v.", error.Message, StringComparison.Ordinal);
        Assert.Equal(["_delta_log"], Directory.GetFileSystemEntries(table.TablePath).Select(Path.GetFileName));
    }
}
