using DeltaFunctions.Lakehouse.Log;
using DeltaFunctions.Lakehouse.Tests.Conformance;

namespace DeltaFunctions.Lakehouse.Tests.Log;

public sealed class DeltaLogTests
{
    private static readonly StructType Schema = DeltaTableFixture.Schema(("id", PrimitiveType.Long));

    [Fact]
    public void GetSnapshot_EmptyFolder_FailsWithMissingDeltaTable()
    {
        using var table = new DeltaTableFixture();

        var error = Assert.Throws<LakehouseException>(() => table.Log.GetSnapshot());

        Assert.Equal("DELTA_MISSING_DELTA_TABLE", error.ErrorClass);
        Assert.False(table.Log.Exists);
    }

    [Fact]
    public void GetSnapshot_VersionTravel_ReturnsEachVersionsRows()
    {
        using var table = new DeltaTableFixture();
        table.Create(Schema);
        table.Append("SELECT 1 AS id");
        table.Append("SELECT 2 AS id");

        var v1 = table.Log.GetSnapshot(1);
        var v2 = table.Log.GetSnapshot(2);

        Assert.Equal([[1L]], table.Rows(v1, "id"));
        Assert.Equal([[1L], [2L]], table.Rows(v2, "id"));
        Assert.Equal(0, table.Count(table.Log.GetSnapshot(0)));
        var error = Assert.Throws<LakehouseException>(() => table.Log.GetSnapshot(3));
        Assert.Equal("DELTA_VERSION_NOT_FOUND", error.ErrorClass);
    }

    [Fact]
    public void GetSnapshotAsOf_TimestampsBetweenCommits_PicksLatestCommitAtOrBefore()
    {
        using var table = new DeltaTableFixture();
        var t0 = table.Time.GetUtcNow();
        table.Create(Schema);
        table.Time.Advance(TimeSpan.FromMinutes(10));
        table.Append("SELECT 1 AS id");
        table.Time.Advance(TimeSpan.FromMinutes(10));
        table.Append("SELECT 2 AS id");

        var atCreate = table.Log.GetSnapshotAsOf(t0.AddMinutes(5));
        var atFirst = table.Log.GetSnapshotAsOf(t0.AddMinutes(10));
        var atLast = table.Log.GetSnapshotAsOf(t0.AddMinutes(20));

        Assert.Equal(0, atCreate.Version);
        Assert.Equal(1, atFirst.Version);
        Assert.Equal(2, atLast.Version);
        Assert.Equal(t0.AddMinutes(10), atFirst.Timestamp);
        Assert.Equal("DELTA_TIMESTAMP_EARLIER_THAN_COMMIT_RETENTION", Assert.Throws<LakehouseException>(() => table.Log.GetSnapshotAsOf(t0.AddMinutes(-1))).ErrorClass);
        Assert.Equal("DELTA_TIMESTAMP_GREATER_THAN_COMMIT", Assert.Throws<LakehouseException>(() => table.Log.GetSnapshotAsOf(t0.AddMinutes(21))).ErrorClass);
    }

    [Fact]
    public void GetSnapshotAsOf_InCommitTimestampsEnabled_UsesCommitInfoNotFileTimes()
    {
        using var table = new DeltaTableFixture();
        var t0 = table.Time.GetUtcNow();
        table.Create(Schema, null, new Dictionary<string, string> { ["delta.enableInCommitTimestamps"] = "true" });
        table.Time.Advance(TimeSpan.FromHours(1));
        table.Append("SELECT 1 AS id");
        File.SetLastWriteTimeUtc(table.Log.CommitPath(1), new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        var snapshot = table.Log.GetSnapshotAsOf(t0.AddMinutes(60));

        Assert.Equal(1, snapshot.Version);
        Assert.Equal(t0.AddHours(1), snapshot.Timestamp);
        Assert.Contains("inCommitTimestamp", table.Log.GetSnapshot().Protocol.WriterFeatures!);
    }

    [Fact]
    public void GetHistory_AfterWrites_ListsNewestFirstWithOperationDetails()
    {
        using var table = new DeltaTableFixture();
        table.Create(Schema);
        table.Append("SELECT 1 AS id");
        table.Append("SELECT 2 AS id");

        var history = table.Log.GetHistory(2);

        Assert.Equal([2L, 1L], history.Select(h => h.Version));
        Assert.All(history, h => Assert.Equal("WRITE", h.Operation));
        Assert.Equal(1, history[0].ReadVersion);
        Assert.Equal("Append", history[0].OperationParameters["mode"]);
        Assert.Equal("1", history[0].OperationMetrics!["numFiles"]);
        Assert.True(history[0].IsBlindAppend);
        Assert.Equal("WriteSerializable", history[0].IsolationLevel);
    }

    [Fact]
    [Trait("Category", DeltaTestData.Trait)]
    public void GetSnapshot_CommitGap_FailsWithVersionsNotContiguous()
    {
        var log = DeltaLog.ForTable(DeltaTestData.TablePath("versions-not-contiguous"), TimeProvider.System);

        var error = Assert.Throws<LakehouseException>(() => log.GetSnapshot());

        Assert.Equal("DELTA_VERSIONS_NOT_CONTIGUOUS", error.ErrorClass);
    }

    [Fact]
    [Trait("Category", DeltaTestData.Trait)]
    public void GetSnapshot_ReaderVersion99_FailsWithInvalidProtocolVersion()
    {
        var log = DeltaLog.ForTable(DeltaTestData.TablePath("deltalog-invalid-protocol-version"), TimeProvider.System);

        var error = Assert.Throws<LakehouseException>(() => log.GetSnapshot());

        Assert.Equal("DELTA_INVALID_PROTOCOL_VERSION", error.ErrorClass);
        Assert.Contains("99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", DeltaTestData.Trait)]
    public void GetSnapshot_VariantTable_RefusedNamingTheFeature()
    {
        var log = DeltaLog.ForTable(DeltaTestData.TablePath("unshredded-variant"), TimeProvider.System);

        var error = Assert.Throws<LakehouseException>(() => log.GetSnapshot());

        Assert.Equal("DELTA_UNSUPPORTED_FEATURES_FOR_READ", error.ErrorClass);
        Assert.Contains("variantType-preview", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", DeltaTestData.Trait)]
    public void GetSnapshot_LogWithoutProtocol_FailsWithStateRecoverError()
    {
        var log = DeltaLog.ForTable(DeltaTestData.TablePath("deltalog-state-reconstruction-without-protocol"), TimeProvider.System);

        var error = Assert.Throws<LakehouseException>(() => log.GetSnapshot());

        Assert.Equal("DELTA_STATE_RECOVER_ERROR", error.ErrorClass);
    }

    [Fact]
    [Trait("Category", DeltaTestData.Trait)]
    public void GetSnapshot_MultiPartAndV2SidecarCheckpoints_ReadAllFiles()
    {
        var multi = DeltaLog.ForTable(DeltaTestData.TablePath("multi-part-checkpoint"), TimeProvider.System).GetSnapshot();
        var sidecars = DeltaLog.ForTable(DeltaTestData.TablePath("v2-checkpoints-json-with-sidecars"), TimeProvider.System).GetSnapshot();

        Assert.Equal(31, multi.StatsRowCount() ?? CountFiles(multi));
        Assert.Equal(6, sidecars.Version);
        Assert.NotEmpty(sidecars.Files);
    }

    [Fact]
    public void CreateScan_AbsentDataFile_FailsWithFileNotFound()
    {
        using var table = new DeltaTableFixture();
        table.Create(Schema);
        table.Append("SELECT 1 AS id");
        var snapshot = table.Log.GetSnapshot();
        File.Delete(table.Log.ResolveDataPath(snapshot.Files[0].Path));

        var error = Assert.Throws<LakehouseException>(() => snapshot.CreateScan(table.Connection));

        Assert.Equal("DELTA_FILE_NOT_FOUND_DETAILED", error.ErrorClass);
    }

    [Fact]
    public void CreateScan_EmptyTable_YieldsZeroRowsWithTypedColumns()
    {
        using var table = new DeltaTableFixture();
        table.Create(DeltaTableFixture.Schema(("id", PrimitiveType.Long), ("amount", new DecimalType(10, 2)), ("ts", PrimitiveType.Timestamp)));
        var snapshot = table.Log.GetSnapshot();

        var types = table.Query($"SELECT typeof(id), typeof(amount), typeof(ts) FROM (SELECT * FROM {snapshot.CreateScan(table.Connection)} AS t UNION ALL SELECT NULL, NULL, NULL)");

        Assert.Equal([["BIGINT", "DECIMAL(10,2)", "TIMESTAMP WITH TIME ZONE"]], types);
        Assert.Equal(0, table.Count(snapshot));
    }

    [Fact]
    public void CreateScan_WithFileColumn_ReturnsEachRowsAddPath()
    {
        using var table = new DeltaTableFixture();
        table.Create(Schema);
        table.Append("SELECT 1 AS id");
        table.Append("SELECT 2 AS id");
        var snapshot = table.Log.GetSnapshot();

        var rows = table.Query($"SELECT id, {Snapshot.FileColumn} FROM {snapshot.CreateScan(table.Connection, includeFileColumn: true)} AS t ORDER BY id");

        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Contains(snapshot.Files, f => f.Path == (string)r[1]!));
        Assert.NotEqual(rows[0][1], rows[1][1]);
    }

    private static long CountFiles(Snapshot snapshot) => snapshot.Files.Count;
}
