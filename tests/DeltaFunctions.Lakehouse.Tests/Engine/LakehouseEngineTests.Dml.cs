namespace DeltaFunctions.Lakehouse.Tests.Engine;

public sealed partial class LakehouseEngineTests
{
    [Fact]
    public async Task ExecuteAsync_InsertValuesAndSelect_ReturnsInsertMetrics()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE t (id BIGINT, name STRING)");

        var first = await sut.Sql("INSERT INTO t VALUES (1, 'a'), (2, 'b')");
        var second = await sut.Sql("INSERT INTO t (name, id) SELECT name || '!', id + 10 FROM t");

        Assert.Equal(["num_affected_rows", "num_inserted_rows"], first.Columns.Select(c => c.Name));
        Assert.Equal([2L, 2L], first.Rows.Single());
        Assert.Equal([2L, 2L], second.Rows.Single());
        Assert.Equal(["a!", "b!"], (await sut.Rows("SELECT name FROM t WHERE id > 10 ORDER BY id")).Select(r => r[0]));
    }

    [Fact]
    public async Task ExecuteAsync_InsertWrongArity_FailsWithoutWriting()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE t (id BIGINT, name STRING)");

        var e = await sut.Fails("INSERT INTO t VALUES (1)");

        Assert.Equal("INSERT_COLUMN_ARITY_MISMATCH", e.ErrorClass);
        Assert.Equal(0L, await sut.Scalar("SELECT count(*) FROM t"));
    }

    [Fact]
    public async Task ExecuteAsync_InsertOverwrite_ReplacesRowsAndKeepsOldVersionReadable()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE t (id INT)");
        await sut.Sql("INSERT INTO t VALUES (1), (2), (3)");

        await sut.Sql("INSERT OVERWRITE TABLE t VALUES (9)");

        Assert.Equal([9], (await sut.Rows("SELECT id FROM t")).Select(r => r[0]));
        Assert.Equal(3L, await sut.Scalar("SELECT count(*) FROM t VERSION AS OF 1"));
        Assert.Equal(3L, await sut.Scalar("SELECT count(*) FROM t@v1"));
        Assert.Equal(0L, await sut.Scalar("SELECT count(*) FROM t VERSION AS OF 0"));
    }

    [Fact]
    public async Task ExecuteAsync_TimestampAsOf_ReadsTheVersionCommittedBefore()
    {
        using var sut = new EngineScope(fakeClock: true);
        await sut.Sql("CREATE TABLE t (id INT)");
        sut.Clock!.Advance(TimeSpan.FromMinutes(1));
        await sut.Sql("INSERT INTO t VALUES (1)");
        sut.Clock.Advance(TimeSpan.FromMinutes(1));
        await sut.Sql("INSERT OVERWRITE t VALUES (2), (3)");

        var atFirstInsert = await sut.Rows("SELECT id FROM t TIMESTAMP AS OF '2026-01-01 00:01:30'");
        var e = await sut.Fails("SELECT * FROM t TIMESTAMP AS OF '2030-01-01'");

        Assert.Equal([1], atFirstInsert.Select(r => r[0]));
        Assert.StartsWith("DELTA_", e.ErrorClass, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_ReplaceWhere_ReplacesOnlyMatchingRows()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE t (day DATE, v INT) PARTITIONED BY (day)");
        await sut.Sql("INSERT INTO t VALUES (DATE '2024-06-01', 1), (DATE '2024-06-02', 2), (DATE '2024-07-01', 3)");

        await sut.Sql("INSERT INTO t REPLACE WHERE day >= '2024-06-01' AND day < '2024-07-01' SELECT DATE '2024-06-05' AS day, 50 AS v");
        var bad = await sut.Fails("INSERT INTO t REPLACE WHERE day < '2024-07-01' SELECT DATE '2024-08-01', 1");

        Assert.Equal([3, 50], (await sut.Rows("SELECT v FROM t ORDER BY v")).Select(r => r[0]));
        Assert.Equal("DELTA_REPLACE_WHERE_MISMATCH", bad.ErrorClass);
    }

    [Fact]
    public async Task ExecuteAsync_UpdateWithAliasAndWhere_UpdatesMatchingRows()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE t (id INT, v STRING, n INT)");
        await sut.Sql("INSERT INTO t VALUES (1, 'a', 1), (2, 'b', 2), (3, 'c', 3)");

        var result = await sut.Sql("UPDATE t AS x SET x.v = upper(v), n = n * 10 WHERE x.id >= :min", new LakehouseParameter("min", "2", "INT"));

        Assert.Equal(["num_affected_rows"], result.Columns.Select(c => c.Name));
        Assert.Equal(2L, result.Rows.Single()[0]);
        Assert.Equal([[1, "a", 1], [2, "B", 20], [3, "C", 30]], await sut.Rows("SELECT * FROM t ORDER BY id"));
        Assert.Equal("UPDATE", (await sut.Rows("DESCRIBE HISTORY t LIMIT 1"))[0][4]);
    }

    [Fact]
    public async Task ExecuteAsync_Delete_RemovesMatchingRowsOnly()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE t (id INT, v STRING)");
        await sut.Sql("INSERT INTO t VALUES (1, 'a'), (2, NULL), (3, 'c')");

        var deleted = await sut.Sql("DELETE FROM t WHERE v = 'a' OR id = 3");
        var none = await sut.Sql("DELETE FROM t WHERE id = 99");
        var all = await sut.Sql("DELETE FROM t");

        Assert.Equal(2L, deleted.Rows.Single()[0]);
        Assert.Equal(0L, none.Rows.Single()[0]);
        Assert.Equal(1L, all.Rows.Single()[0]);
        Assert.Equal(3L, await sut.Scalar("SELECT count(*) FROM t VERSION AS OF 1"));
        Assert.Equal(0L, await sut.Scalar("SELECT count(*) FROM t"));
    }

    [Fact]
    public async Task ExecuteAsync_DmlOnMissingTable_FailsWithTableOrViewNotFound()
    {
        using var sut = new EngineScope();

        var insert = await sut.Fails("INSERT INTO nope VALUES (1)");
        var update = await sut.Fails("UPDATE nope SET a = 1");
        var delete = await sut.Fails("DELETE FROM nope");

        Assert.All([insert, update, delete], e => Assert.Equal("TABLE_OR_VIEW_NOT_FOUND", e.ErrorClass));
    }
}
