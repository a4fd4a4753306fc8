using DeltaFunctions.Lakehouse.Log;

namespace DeltaFunctions.Lakehouse.Tests.Log;

public sealed class DeltaTransactionTests
{
    private static readonly StructType Schema = DeltaTableFixture.Schema(("id", PrimitiveType.Long), ("name", PrimitiveType.String));

    [Fact]
    public void Commit_CreateThenAppend_ReadsBackRowsAndWritesCommitInfoFirst()
    {
        using var table = new DeltaTableFixture();
        table.Create(Schema);

        var version = table.Append("SELECT * FROM (VALUES (1, 'a'), (2, 'b')) v(id, name)");

        var snapshot = table.Log.GetSnapshot();
        Assert.Equal(1, version);
        Assert.Equal([[1L, "a"], [2L, "b"]], table.Rows(snapshot, "id"));
        var firstLine = File.ReadLines(table.Log.CommitPath(1)).First();
        Assert.StartsWith("{\"commitInfo\":", firstLine, StringComparison.Ordinal);
        var add = Assert.Single(snapshot.Files);
        Assert.Equal(2, add.NumRecords);
        Assert.Contains("\"minValues\":{\"id\":1,\"name\":\"a\"}", add.Stats, StringComparison.Ordinal);
    }

    [Fact]
    public void Commit_CreateOverExistingTable_FailsWithTableAlreadyExists()
    {
        using var table = new DeltaTableFixture();
        table.Create(Schema);

        var error = Assert.Throws<LakehouseException>(() => table.Create(Schema));

        Assert.Equal("DELTA_TABLE_ALREADY_EXISTS", error.ErrorClass);
        Assert.Equal(0, table.Log.LatestVersion);
    }

    [Fact]
    public void Commit_TwoBlindAppendsRacing_BothLand()
    {
        using var table = new DeltaTableFixture();
        table.Create(Schema);
        var snapshot = table.Log.GetSnapshot();
        var first = new DeltaTransaction(table.Log, snapshot, table.Options);
        first.AddFiles(table.WriteFiles(snapshot, "SELECT 1 AS id, 'a' AS name"));
        var second = new DeltaTransaction(table.Log, snapshot, table.Options);
        second.AddFiles(table.WriteFiles(snapshot, "SELECT 2 AS id, 'b' AS name"));

        var v1 = first.Commit("WRITE", null, null, TestContext.Current.CancellationToken);
        var v2 = second.Commit("WRITE", null, null, TestContext.Current.CancellationToken);

        Assert.Equal(1, v1);
        Assert.Equal(2, v2);
        Assert.Equal([[1L], [2L]], table.Rows(table.Log.GetSnapshot(), "id", "id"));
    }

    [Fact]
    public void Commit_RewriteOfFileDeletedConcurrently_FailsWithDeleteReadAndChangesNothing()
    {
        using var table = new DeltaTableFixture();
        table.Create(Schema);
        table.Append("SELECT * FROM (VALUES (1, 'a'), (2, 'b')) v(id, name)");
        var snapshot = table.Log.GetSnapshot();
        var winner = new DeltaTransaction(table.Log, snapshot, table.Options);
        winner.ReadWholeTable();
        winner.RemoveFiles(snapshot.Files);
        winner.AddFiles(table.WriteFiles(snapshot, "SELECT 1 AS id, 'a' AS name"));
        var loser = new DeltaTransaction(table.Log, snapshot, table.Options);
        loser.ReadFiles(snapshot.Files);
        loser.RemoveFiles(snapshot.Files);
        loser.AddFiles(table.WriteFiles(snapshot, "SELECT * FROM (VALUES (1, 'A'), (2, 'B')) v(id, name)"));
        winner.Commit("DELETE", null, null, TestContext.Current.CancellationToken);

        var error = Assert.Throws<LakehouseException>(() => loser.Commit("UPDATE", null, null, TestContext.Current.CancellationToken));

        Assert.Equal("DELTA_CONCURRENT_DELETE_READ", error.ErrorClass);
        Assert.Equal("2D521", error.SqlState);
        Assert.Contains("DELETE", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, table.Log.LatestVersion);
        Assert.False(File.Exists(table.Log.CommitPath(3)));
        Assert.Empty(Directory.GetFiles(table.Log.LogPath, "*.tmp"));
        Assert.Equal([[1L, "a"]], table.Rows(table.Log.GetSnapshot(), "id"));
    }

    [Fact]
    public void Commit_ReadWholeTableWhileMergeAddedData_FailsWithConcurrentAppend()
    {
        using var table = new DeltaTableFixture();
        table.Create(Schema);
        var snapshot = table.Log.GetSnapshot();
        var merge = new DeltaTransaction(table.Log, snapshot, table.Options);
        merge.ReadWholeTable();
        merge.AddFiles(table.WriteFiles(snapshot, "SELECT 1 AS id, 'a' AS name"));
        var update = new DeltaTransaction(table.Log, snapshot, table.Options);
        update.ReadWholeTable();
        update.AddFiles(table.WriteFiles(snapshot, "SELECT 2 AS id, 'b' AS name"));
        merge.Commit("MERGE", null, null, TestContext.Current.CancellationToken);

        var error = Assert.Throws<LakehouseException>(() => update.Commit("UPDATE", null, null, TestContext.Current.CancellationToken));

        Assert.Equal("DELTA_CONCURRENT_APPEND", error.ErrorClass);
        Assert.Equal(1, table.Log.LatestVersion);
    }

    [Fact]
    public void Commit_ReadWholeTableWhileBlindAppend_SucceedsUnderWriteSerializable()
    {
        using var table = new DeltaTableFixture();
        table.Create(Schema);
        var snapshot = table.Log.GetSnapshot();
        var update = new DeltaTransaction(table.Log, snapshot, table.Options);
        update.ReadWholeTable();
        update.AddFiles(table.WriteFiles(snapshot, "SELECT 2 AS id, 'b' AS name"));
        table.Append("SELECT 1 AS id, 'a' AS name");

        var version = update.Commit("UPDATE", null, null, TestContext.Current.CancellationToken);

        Assert.Equal(2, version);
    }

    [Fact]
    public void Commit_BothDeleteSameFileWithoutReading_FailsWithDeleteDelete()
    {
        using var table = new DeltaTableFixture();
        table.Create(Schema);
        table.Append("SELECT 1 AS id, 'a' AS name");
        var snapshot = table.Log.GetSnapshot();
        var first = new DeltaTransaction(table.Log, snapshot, table.Options);
        first.RemoveFiles(snapshot.Files);
        var second = new DeltaTransaction(table.Log, snapshot, table.Options);
        second.RemoveFiles(snapshot.Files);
        first.Commit("DELETE", null, null, TestContext.Current.CancellationToken);

        var error = Assert.Throws<LakehouseException>(() => second.Commit("DELETE", null, null, TestContext.Current.CancellationToken));

        Assert.Equal("DELTA_CONCURRENT_DELETE_DELETE", error.ErrorClass);
    }

    [Fact]
    public void Commit_AfterConcurrentMetadataChange_FailsWithMetadataChanged()
    {
        using var table = new DeltaTableFixture();
        table.Create(Schema);
        var snapshot = table.Log.GetSnapshot();
        var alter = new DeltaTransaction(table.Log, snapshot, table.Options);
        alter.UpdateMetadata(snapshot.Metadata with { Configuration = new Dictionary<string, string> { ["k"] = "v" } });
        var writer = new DeltaTransaction(table.Log, snapshot, table.Options);
        writer.AddFiles(table.WriteFiles(snapshot, "SELECT 1 AS id, 'a' AS name"));
        alter.Commit("SET TBLPROPERTIES", null, null, TestContext.Current.CancellationToken);

        var error = Assert.Throws<LakehouseException>(() => writer.Commit("WRITE", null, null, TestContext.Current.CancellationToken));

        Assert.Equal("DELTA_METADATA_CHANGED", error.ErrorClass);
    }

    [Fact]
    public void Commit_ManyWritersInParallel_EveryAppendLandsOnce()
    {
        using var table = new DeltaTableFixture();
        table.Create(Schema);
        var snapshot = table.Log.GetSnapshot();
        var transactions = Enumerable.Range(0, 8).Select(i =>
        {
            var tx = new DeltaTransaction(table.Log, snapshot, table.Options);
            tx.AddFiles(table.WriteFiles(snapshot, $"SELECT {i} AS id, 'x' AS name"));
            return tx;
        }).ToList();

        var versions = transactions.AsParallel().Select(tx => tx.Commit("WRITE", null, null, TestContext.Current.CancellationToken)).ToList();

        Assert.Equal(Enumerable.Range(1, 8).Select(v => (long)v), versions.Order());
        Assert.Equal(8, table.Count(table.Log.GetSnapshot()));
    }

    [Fact]
    public void Commit_TxnAction_IsVisibleInSnapshotTransactions()
    {
        using var table = new DeltaTableFixture();
        table.Create(Schema);
        var tx = new DeltaTransaction(table.Log, table.Log.GetSnapshot(), table.Options);
        tx.SetTransaction("my-app", 7);

        tx.Commit("WRITE", null, null, TestContext.Current.CancellationToken);

        Assert.Equal(7, table.Log.GetSnapshot().Transactions["my-app"].Version);
    }
}
