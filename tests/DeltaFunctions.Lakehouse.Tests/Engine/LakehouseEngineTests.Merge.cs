namespace DeltaFunctions.Lakehouse.Tests.Engine;

public sealed partial class LakehouseEngineTests
{
    private static async Task<EngineScope> MergeTargetAsync()
    {
        var scope = new EngineScope();
        await scope.Sql("CREATE TABLE tgt (id INT, amt INT, note STRING)");
        await scope.Sql("INSERT INTO tgt VALUES (1, 10, 'one'), (2, 20, 'two'), (3, 30, 'three'), (4, 40, 'four')");
        return scope;
    }

    [Fact]
    public async Task ExecuteAsync_MergeWithEveryClauseKind_AppliesFirstMatchingClause()
    {
        using var sut = await MergeTargetAsync();

        var result = await sut.Sql("""
            MERGE INTO tgt AS t
            USING (SELECT * FROM VALUES (1, 11, 'U'), (2, 0, 'D'), (5, 50, 'I'), (6, 60, 'D') AS v(id, amt, op)) AS s
            ON t.id = s.id
            WHEN MATCHED AND s.op = 'D' THEN DELETE
            WHEN MATCHED THEN UPDATE SET amt = s.amt, note = 'updated'
            WHEN NOT MATCHED BY TARGET AND s.op <> 'D' THEN INSERT (id, amt) VALUES (s.id, s.amt)
            WHEN NOT MATCHED BY SOURCE AND t.id = 4 THEN DELETE
            WHEN NOT MATCHED BY SOURCE THEN UPDATE SET note = 'untouched'
            """);

        Assert.Equal(["num_affected_rows", "num_updated_rows", "num_deleted_rows", "num_inserted_rows"], result.Columns.Select(c => c.Name));
        Assert.Equal([5L, 2L, 2L, 1L], result.Rows.Single());
        Assert.Equal(
            [[1, 11, "updated"], [3, 30, "untouched"], [5, 50, null]],
            await sut.Rows("SELECT id, amt, note FROM tgt ORDER BY id"));
        var history = await sut.Rows("DESCRIBE HISTORY tgt LIMIT 1");
        var metrics = (IReadOnlyDictionary<object, object?>)history[0][12]!;
        Assert.Equal("MERGE", history[0][4]);
        Assert.Equal("1", metrics["numTargetRowsInserted"]);
        Assert.Equal("2", metrics["numTargetRowsUpdated"]);
        Assert.Equal("2", metrics["numTargetRowsDeleted"]);
    }

    [Fact]
    public async Task ExecuteAsync_MergeStarClausesFromTable_UpsertsByName()
    {
        using var sut = await MergeTargetAsync();
        await sut.Sql("CREATE TABLE src (note STRING, id INT, amt INT)");
        await sut.Sql("INSERT INTO src VALUES ('new', 2, 22), ('fresh', 9, 90)");

        var result = await sut.Sql("MERGE INTO tgt USING src ON tgt.id = src.id WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *");

        Assert.Equal([2L, 1L, 0L, 1L], result.Rows.Single());
        Assert.Equal([[2, 22, "new"], [9, 90, "fresh"]], await sut.Rows("SELECT id, amt, note FROM tgt WHERE id IN (2, 9) ORDER BY id"));
        Assert.Equal(5L, await sut.Scalar("SELECT count(*) FROM tgt"));
    }

    [Fact]
    public async Task ExecuteAsync_MergeTwoSourceRowsMatchOneTarget_FailsAndChangesNothing()
    {
        using var sut = await MergeTargetAsync();

        var e = await sut.Fails("""
            MERGE INTO tgt t USING (SELECT 1 AS id, 100 AS amt UNION ALL SELECT 1, 200) s ON t.id = s.id
            WHEN MATCHED THEN UPDATE SET amt = s.amt
            """);

        Assert.Equal("DELTA_MULTIPLE_SOURCE_ROW_MATCHING_TARGET_ROW_IN_MERGE", e.ErrorClass);
        Assert.Equal("21506", e.SqlState);
        Assert.Equal(10, await sut.Scalar("SELECT amt FROM tgt WHERE id = 1"));
        Assert.Equal(1L, sut.Engine.GetTable("main", "default", "tgt")!.Version);
    }

    [Fact]
    public async Task ExecuteAsync_MergeWithSchemaEvolution_AddsSourceColumnAndReadsOldFilesAsNull()
    {
        using var sut = await MergeTargetAsync();

        await sut.Sql("""
            MERGE WITH SCHEMA EVOLUTION INTO tgt t
            USING (SELECT 1 AS id, 15 AS amt, 'x' AS note, true AS flag UNION ALL SELECT 7, 70, 'seven', false) s ON t.id = s.id
            WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *
            """);

        var columns = (await sut.Rows("DESCRIBE TABLE tgt")).Select(r => r[0]).ToList();
        Assert.Equal(["id", "amt", "note", "flag"], columns);
        Assert.Equal(
            [[1, 15, true], [2, 20, null], [3, 30, null], [4, 40, null], [7, 70, false]],
            await sut.Rows("SELECT id, amt, flag FROM tgt ORDER BY id"));
    }

    [Fact]
    public async Task ExecuteAsync_MergeStarWithMissingSourceColumn_FailsWithoutEvolution()
    {
        using var sut = await MergeTargetAsync();

        var e = await sut.Fails("MERGE INTO tgt t USING (SELECT 1 AS id) s ON t.id = s.id WHEN NOT MATCHED THEN INSERT *");

        Assert.Equal("DELTA_MERGE_UNRESOLVED_EXPRESSION", e.ErrorClass);
    }
}
