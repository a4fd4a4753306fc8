using System.Text;
using DeltaFunctions.Databricks.Delta;
using DeltaFunctions.Databricks.Schema;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Databricks.Tests.IntegrationTests;

namespace DeltaFunctions.Databricks.Tests.Delta;

/// <summary>
/// The idempotent batch append (<see cref="MergeBuilder.AsIdempotentAppend"/>) and the files source
/// (<see cref="MergeBuilder.UsingFiles"/>) of the merge builder: the statement shape as a dry run, and the effect
/// against the emulator over loopback.
/// </summary>
public sealed class DeltaClientBatchAppendTests(LakehouseEmulator lakehouse) : IClassFixture<LakehouseEmulator>
{
    private static readonly TableName Events = new("main", "sales", "events");

    private static readonly IReadOnlyList<SchemaColumn> NoteColumns = [SchemaColumn.Of("id", "BIGINT"), SchemaColumn.Of("note", "STRING")];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void ToSql_IdempotentAppendOfRows_AddsBoundBatchColumnAndInsertsOnlyUnmatched()
    {
        var sut = new MergeBuilder(Events).UsingRows([new Item(1, "a")], NoteColumns).AsIdempotentAppend("_batch_id", "b-1");

        var statement = sut.ToSql();

        Assert.StartsWith("MERGE INTO `main`.`sales`.`events` AS `t` USING (SELECT *, :p0 AS `_batch_id` FROM (SELECT `c0` AS `id`", statement.Text, StringComparison.Ordinal);
        Assert.EndsWith(") AS `b`) AS `s` ON `t`.`_batch_id` = `s`.`_batch_id` WHEN NOT MATCHED THEN INSERT *", statement.Text, StringComparison.Ordinal);
        Assert.Equal("b-1", statement.Parameters[0].Value);
        Assert.DoesNotContain("b-1", statement.Text, StringComparison.Ordinal);
        Assert.Equal(("_batch_id", "b-1"), sut.IdempotentAppend);
    }

    [Fact]
    public void ToSql_RowsCarryingTheBatchColumn_ColumnReplacedByTheBatchId()
    {
        IReadOnlyList<SchemaColumn> columns = [.. NoteColumns, SchemaColumn.Of("_batch_id", "STRING")];

        var statement = new MergeBuilder(Events).UsingRows([new Dictionary<string, object?> { ["id"] = 1L, ["note"] = "a", ["_batch_id"] = "forged" }], columns)
            .AsIdempotentAppend("_batch_id", "b-2")
            .ToSql();

        Assert.StartsWith("MERGE INTO `main`.`sales`.`events` AS `t` USING (SELECT * EXCEPT (`_batch_id`), :p0 AS `_batch_id` FROM", statement.Text, StringComparison.Ordinal);
        Assert.Equal("b-2", statement.Parameters[0].Value);
    }

    [Fact]
    public void ToSql_FilesSource_PathAndFormatBound()
    {
        var statement = new MergeBuilder(Events).UsingFiles("/Volumes/main/sales/in/b'; DROP TABLE x.json", "json").On("id").WhenNotMatchedInsertAll().ToSql();

        Assert.Equal(
            "MERGE INTO `main`.`sales`.`events` AS `t` USING (SELECT * FROM read_files(:p0, format => :p1)) AS `s` ON (`t`.`id` = `s`.`id`) WHEN NOT MATCHED THEN INSERT *",
            statement.Text);
        Assert.Equal(["/Volumes/main/sales/in/b'; DROP TABLE x.json", "json"], statement.Parameters.Select(p => p.Value));
    }

    [Theory]
    [InlineData("/tmp/x.json")]
    [InlineData("/Volumes/")]
    [InlineData("")]
    public void UsingFiles_PathOutsideVolumes_Throws(string path)
    {
        var act = () => new MergeBuilder(Events).UsingFiles(path, "json");

        Assert.Throws<ArgumentException>(act);
    }

    [Fact]
    public void IdempotentAppend_JoinOrClauseAddedAfter_Throws()
    {
        var sut = new MergeBuilder(Events).UsingTable(Events).AsIdempotentAppend("_batch_id", "b-3");

        Assert.Throws<InvalidOperationException>(() => sut.On("id"));
        Assert.Throws<InvalidOperationException>(() => sut.WhenMatchedUpdateAll());
    }

    [Fact]
    public async Task ExecuteAsync_SameBatchTwice_InsertsOnceThenNothing()
    {
        var table = await CreateTableAsync("(id BIGINT, note STRING, _batch_id STRING)");
        var delta = lakehouse.Client.GetDeltaClient("main", "default");
        Item[] rows = [new(1, "a"), new(1, "a"), new(2, "b")];

        var first = await delta.Merge(table).UsingRows(rows, NoteColumns).AsIdempotentAppend("_batch_id", "batch-7").ExecuteAsync(Ct);
        var second = await delta.Merge(table).UsingRows(rows, NoteColumns).AsIdempotentAppend("_batch_id", "batch-7").ExecuteAsync(Ct);
        var other = await delta.Merge(table).UsingRows(rows[..1], NoteColumns).AsIdempotentAppend("_batch_id", "batch-8").ExecuteAsync(Ct);

        Assert.Equal((3L, 0L, 1L), (first.NumInsertedRows, second.NumInsertedRows, other.NumInsertedRows));
        Assert.Equal(
            ["1 a batch-7", "1 a batch-7", "1 a batch-8", "2 b batch-7"],
            await RowsAsync($"SELECT id, note, _batch_id FROM {Name(table)} ORDER BY id, _batch_id"));
    }

    [Fact]
    public async Task ExecuteAsync_TargetWithoutBatchColumn_FailsEvenWithSchemaEvolutionAndWritesNothing()
    {
        // The join reads t._batch_id, which schema evolution cannot add before the join is resolved.
        var table = await CreateTableAsync("(id BIGINT, note STRING)");

        var error = await Assert.ThrowsAsync<SqlStatementException>(() => lakehouse.Client.GetDeltaClient("main", "default").Merge(table)
            .UsingRows([new Item(5, "e")], NoteColumns).WithSchemaEvolution().AsIdempotentAppend("_batch_id", "evolved").ExecuteAsync(Ct));

        Assert.Contains("_batch_id", error.Message, StringComparison.Ordinal);
        Assert.Empty(await RowsAsync($"SELECT id FROM {Name(table)}"));
    }

    [Fact]
    public async Task ExecuteAsync_FilesInAVolume_AppendedOnceByBatch()
    {
        var table = await CreateTableAsync("(id BIGINT, note STRING, _batch_id STRING)");
        var path = await UploadJsonLinesAsync("{\"id\":1,\"note\":\"x\"}\n{\"id\":2,\"note\":\"y\"}\n");
        var delta = lakehouse.Client.GetDeltaClient("main", "default");

        var first = await delta.Merge(table).UsingFiles(path, "json").AsIdempotentAppend("_batch_id", "file-1").ExecuteAsync(Ct);
        var again = await delta.Merge(table).UsingFiles(path, "json").AsIdempotentAppend("_batch_id", "file-1").ExecuteAsync(Ct);

        Assert.Equal((2L, 0L), (first.NumInsertedRows, again.NumInsertedRows));
        Assert.Equal(["1 x file-1", "2 y file-1"], await RowsAsync($"SELECT id, note, _batch_id FROM {Name(table)} ORDER BY id"));
    }

    [Fact]
    public async Task ExecuteAsync_FilesWithDuplicateKeysForAnUpsert_PreflightRefusesAndChangesNothing()
    {
        var table = await CreateTableAsync("(id BIGINT, note STRING)");
        var path = await UploadJsonLinesAsync("{\"id\":1,\"note\":\"x\"}\n{\"id\":1,\"note\":\"y\"}\n");

        var error = await Assert.ThrowsAsync<DuplicateSourceKeysException>(() => lakehouse.Client.GetDeltaClient("main", "default").Merge(table)
            .UsingFiles(path, "json").On("id").WhenMatchedUpdateAll().WhenNotMatchedInsertAll().ExecuteAsync(Ct));

        Assert.Equal(2, Assert.Single(error.Keys).Count);
        Assert.Empty(await RowsAsync($"SELECT id FROM {Name(table)}"));
    }

    private static string Name(string table) => SqlIdentifier.QuoteParts("main", "default", table);

    private async Task<string> CreateTableAsync(string columns)
    {
        var table = "append_" + Guid.NewGuid().ToString("N")[..8];
        await lakehouse.Client.GetSqlClient().ExecuteAsync(SqlStatement.FromText($"CREATE TABLE {Name(table)} {columns} USING DELTA"), cancellationToken: Ct);
        return table;
    }

    /// <summary>Stores JSON lines as a file in a new volume and returns its path.</summary>
    private async Task<string> UploadJsonLinesAsync(string lines)
    {
        var volume = "vol_" + Guid.NewGuid().ToString("N")[..8];
        await lakehouse.Client.GetSqlClient().ExecuteAsync(SqlStatement.FromText($"CREATE VOLUME {SqlIdentifier.QuoteParts("main", "default", volume)}"), cancellationToken: Ct);
        var path = $"/Volumes/main/default/{volume}/in/batch.json";
        await lakehouse.Client.GetFilesClient().UploadAsync(path, Encoding.UTF8.GetBytes(lines), overwrite: true, Ct);
        return path;
    }

    private async Task<List<string>> RowsAsync(string sql) =>
        await lakehouse.Client.GetSqlClient().QueryAsync(SqlStatement.FromText(sql), cancellationToken: Ct)
            .Select(r => string.Join(' ', Enumerable.Range(0, r.FieldCount).Select(i => Convert.ToString(r[i], System.Globalization.CultureInfo.InvariantCulture))))
            .ToListAsync(Ct);

    public sealed record Item(long Id, string Note);
}
