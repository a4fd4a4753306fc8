using System.Globalization;
using DeltaFunctions.Lakehouse.Log;
using DuckDB.NET.Data;

namespace DeltaFunctions.Lakehouse.Tests.Conformance;

/// <summary>
/// Row-level checks on shared tables that ship no expected-results parquet, using the facts the manifest's
/// sourceNotes record from the source repositories' own tests.
/// </summary>
[Trait("Category", DeltaTestData.Trait)]
public sealed class SharedTableContentTests
{
    [Fact]
    public void Scan_TableWithDvSmall_ReturnsValuesOneToEight()
    {
        var rows = Query("table-with-dv-small", null, "SELECT value FROM {0} AS t ORDER BY value");

        Assert.Equal(Enumerable.Range(1, 8).Select(v => (object?)v), rows.Select(r => r[0]));
    }

    [Fact]
    public void Scan_TableWithDvSmallVersionZero_ReturnsAllTenValues()
    {
        var rows = Query("table-with-dv-small", 0, "SELECT value FROM {0} AS t ORDER BY value");

        Assert.Equal(Enumerable.Range(0, 10).Select(v => (object?)v), rows.Select(r => r[0]));
    }

    [Fact]
    public void Scan_BasicDvWithCheckpoint_DropsEveryMultipleOfEleven()
    {
        var rows = Query("basic-dv-with-checkpoint", null, "SELECT count(*), count(*) FILTER (WHERE id % 11 = 0), min(id), max(id) FROM {0} AS t");

        Assert.Equal([454L, 0L, 1L, 499L], rows[0].Select(v => Convert.ToInt64(v, CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Scan_SimpleTableLatest_ReturnsIdsFiveSevenNine()
    {
        var rows = Query("simple_table", null, "SELECT id FROM {0} AS t ORDER BY id");

        Assert.Equal([5L, 7L, 9L], rows.Select(r => (long)r[0]!));
    }

    [Fact]
    public void Scan_Delta080Partitioned_ReturnsStringPartitionValues()
    {
        var rows = Query("delta-0.8.0-partitioned", null, "SELECT value, year, month, day FROM {0} AS t WHERE year = '2021' ORDER BY value");

        Assert.Equal([["4", "2021", "4", "5"], ["5", "2021", "12", "4"], ["6", "2021", "12", "20"], ["7", "2021", "12", "20"]], rows);
    }

    [Fact]
    public void Scan_ColumnMappedPartitionColumn_ReadsValuesKeyedByPhysicalName()
    {
        var rows = Query("table_with_column_mapping", null, "SELECT count(*), count(\"Company Very Short\"), count(DISTINCT \"Company Very Short\") FROM {0} AS t");

        Assert.Equal(5L, Convert.ToInt64(rows[0][0], CultureInfo.InvariantCulture));
        Assert.Equal(5L, Convert.ToInt64(rows[0][1], CultureInfo.InvariantCulture));
        Assert.True(Convert.ToInt64(rows[0][2], CultureInfo.InvariantCulture) > 1);
    }

    [Fact]
    public void Scan_TypeWidening_ReadsOldFilesAsWidenedTypes()
    {
        var rows = Query("type-widening", null, "SELECT byte_long, int_long, float_double, byte_double, CAST(date_timestamp_ntz AS VARCHAR), typeof(byte_long), typeof(float_double) FROM {0} AS t ORDER BY byte_long");

        Assert.Equal(2, rows.Count);
        Assert.Equal([1L, 2L, 3.4000000953674316, 5.0, "2024-09-09 00:00:00", "BIGINT", "DOUBLE"], rows[0]);
        Assert.Equal(long.MaxValue, rows[1][0]);
        Assert.Equal("2024-09-09 12:34:56.123456", rows[1][4]);
    }

    [Fact]
    public void Scan_Iso8601TimestampPartition_ReadsUtcInstants()
    {
        var rows = Query("kernel-timestamp-partition-col-ISO8601", null, "SELECT str, epoch_us(ts) FROM {0} AS t ORDER BY str");

        Assert.Equal([["2024-01-01 10:00:00", 1704103200000000L], ["2024-01-02 12:30:00", 1704198600000000L]], rows);
    }

    [Fact]
    public void GetSnapshot_CheckpointCdfTableWithoutEarlyCommits_StartsAtCheckpointAndRefusesOlderVersions()
    {
        var log = DeltaLog.ForTable(DeltaTestData.TablePath("checkpoint-cdf-table"), TimeProvider.System);

        var error = Assert.Throws<LakehouseException>(() => log.GetSnapshot(2));

        Assert.Equal("DELTA_VERSION_NOT_FOUND", error.ErrorClass);
        Assert.Equal(5, log.GetSnapshot().Version);
    }

    [Fact]
    public void GetSnapshot_AppTxnCheckpoint_ExposesApplicationTransactions()
    {
        var snapshot = DeltaLog.ForTable(DeltaTestData.TablePath("app-txn-checkpoint"), TimeProvider.System).GetSnapshot();

        Assert.Equal(3, snapshot.Transactions["my-app"].Version);
        Assert.Equal(2, snapshot.Transactions["my-app2"].Version);
    }

    private static List<object?[]> Query(string table, long? version, string sqlFormat)
    {
        var snapshot = DeltaLog.ForTable(DeltaTestData.TablePath(table), TimeProvider.System).GetSnapshot(version);
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = string.Format(CultureInfo.InvariantCulture, sqlFormat, snapshot.CreateScan(connection));
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }
}
