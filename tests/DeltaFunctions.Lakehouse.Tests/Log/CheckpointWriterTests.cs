using DeltaFunctions.Lakehouse.Log;

namespace DeltaFunctions.Lakehouse.Tests.Log;

public sealed class CheckpointWriterTests
{
    private static readonly StructType Schema = DeltaTableFixture.Schema(("id", PrimitiveType.Long), ("part", PrimitiveType.String));

    [Fact]
    public void Commit_TenthVersion_WritesParquetCheckpointAndLastCheckpoint()
    {
        using var table = new DeltaTableFixture();
        table.Create(Schema, ["part"]);

        for (var i = 1; i <= 10; i++)
        {
            table.Append($"SELECT {i} AS id, 'p{i % 3}' AS part");
        }

        var checkpoint = Path.Combine(table.Log.LogPath, "00000000000000000010.checkpoint.parquet");
        Assert.True(File.Exists(checkpoint));
        Assert.False(File.Exists(Path.Combine(table.Log.LogPath, "00000000000000000005.checkpoint.parquet")));
        var last = File.ReadAllText(Path.Combine(table.Log.LogPath, "_last_checkpoint"));
        Assert.Contains("\"version\":10", last, StringComparison.Ordinal);
    }

    [Fact]
    public void GetSnapshot_CommitsBeforeCheckpointDeleted_RebuildsStateFromCheckpoint()
    {
        using var table = new DeltaTableFixture();
        table.Create(Schema, ["part"], new Dictionary<string, string> { ["owner"] = "me" });
        for (var i = 1; i <= 10; i++)
        {
            table.Append($"SELECT {i} AS id, 'p{i % 3}' AS part");
        }

        var tx = new DeltaTransaction(table.Log, table.Log.GetSnapshot(), table.Options);
        tx.SetTransaction("app", 3);
        tx.Commit("WRITE", null, null, TestContext.Current.CancellationToken);
        table.Append("SELECT 12 AS id, NULL AS part");
        var expected = table.Rows(table.Log.GetSnapshot(), "id");

        for (var v = 0; v <= 10; v++)
        {
            File.Delete(table.Log.CommitPath(v));
        }

        var snapshot = table.Log.GetSnapshot();
        Assert.Equal(12, snapshot.Version);
        Assert.Equal(expected, table.Rows(snapshot, "id"));
        Assert.Equal("me", snapshot.Metadata.Configuration["owner"]);
        Assert.Equal(["part"], snapshot.Metadata.PartitionColumns);
        Assert.Equal(3, snapshot.Transactions["app"].Version);
        Assert.Equal(10, snapshot.Files.Count(f => f.PartitionValues["part"] is not null));
        Assert.Throws<LakehouseException>(() => table.Log.GetSnapshot(5));
    }

    [Fact]
    public void Write_TableWithRemovedFiles_KeepsTombstonesInCheckpoint()
    {
        using var table = new DeltaTableFixture(new LakehouseOptions { DataDirectory = Path.GetTempPath(), CheckpointInterval = 3 });
        table.Create(Schema);
        table.Append("SELECT 1 AS id, 'a' AS part");
        var snapshot = table.Log.GetSnapshot();
        var delete = new DeltaTransaction(table.Log, snapshot, table.Options);
        delete.ReadWholeTable();
        delete.RemoveFiles(snapshot.Files);
        delete.Commit("DELETE", null, null, TestContext.Current.CancellationToken);

        table.Append("SELECT 2 AS id, 'b' AS part");

        for (var v = 0; v <= 3; v++)
        {
            File.Delete(table.Log.CommitPath(v));
        }

        var restored = table.Log.GetSnapshot();
        Assert.Equal([[2L, "b"]], table.Rows(restored, "id"));
        var tombstone = Assert.Single(restored.Tombstones);
        Assert.Equal(snapshot.Files[0].Path, tombstone.Path);
    }
}
