using DuckDB.NET.Data;

namespace DeltaFunctions.Lakehouse.Tests.Engine;

/// <summary>
/// Scans remember the columns each set of data files holds (so a repeated read binds the files once): what a read
/// returns must stay exactly what the files and the table schema say, whatever an earlier read remembered.
/// </summary>
public sealed partial class LakehouseEngineTests
{
    [Fact]
    public async Task ExecuteAsync_ReadAgainAfterAddColumns_OldFilesReadNullAndNewFilesTheirValues()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE t (id BIGINT, x INT)");
        await sut.Sql("INSERT INTO t VALUES (1, 10)");
        Assert.Equal([[1L, 10]], await sut.Rows("SELECT id, x FROM t"));
        Assert.Equal([[1L, 10]], await sut.Rows("SELECT id, x FROM t"));

        await sut.Sql("ALTER TABLE t ADD COLUMNS (name STRING)");
        var sameFiles = await sut.Sql("SELECT id, x, name FROM t");
        await sut.Sql("INSERT INTO t VALUES (2, 20, 'b')");
        var both = await sut.Rows("SELECT id, x, name FROM t ORDER BY id");

        Assert.Equal(["BIGINT", "INT", "STRING"], sameFiles.Columns.Select(c => c.TypeText));
        Assert.Equal([[1L, 10, null]], sameFiles.Rows);
        Assert.Equal([[1L, 10, null], [2L, 20, "b"]], both);
    }

    [Fact]
    public async Task ExecuteAsync_DataFileRewrittenInPlaceBetweenReads_ReadsTheColumnsTheFileHoldsNow()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE t (id BIGINT, x INT)");
        await sut.Sql("INSERT INTO t VALUES (1, 10)");
        Assert.Equal([[1L, 10]], await sut.Rows("SELECT id, x FROM t"));
        var file = Assert.Single(Directory.GetFiles(Path.Combine(sut.DataDirectory, "main", "default", "t"), "*.parquet"));

        // Not something a Delta writer does, but a scan must not answer from what the file held before: the file now
        // lacks `x` and holds `id` as INTEGER.
        RewriteDataFile(file, "SELECT 2::INTEGER AS id, 'padding to change the length' AS other");

        var result = await sut.Sql("SELECT id, x FROM t");

        Assert.Equal(["BIGINT", "INT"], result.Columns.Select(c => c.TypeText));
        Assert.Equal([[2L, null]], result.Rows);
    }

    [Fact]
    public async Task ExecuteAsync_InsertSelectWithColumnListAndByName_WritesNamedColumnsAndNullForTheRest()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE src AS SELECT CAST(id AS BIGINT) AS id, concat('n', CAST(id AS STRING)) AS name FROM range(3)");
        await sut.Sql("CREATE TABLE dst (id BIGINT, name STRING, score DOUBLE)");

        await sut.Sql("INSERT INTO dst (name, id) SELECT name, id + 10 FROM src");
        await sut.Sql("INSERT INTO dst BY NAME SELECT id + 20 AS ID, 1.5 AS score FROM src WHERE id = 0");
        var rows = await sut.Rows("SELECT id, name, score FROM dst ORDER BY id");

        Assert.Equal([[10L, "n0", null], [11L, "n1", null], [12L, "n2", null], [20L, null, 1.5]], rows);
    }

    [Fact]
    public async Task ExecuteAsync_ManyFilesWithTheSameColumns_ReadsEveryRowAgainAndAgain()
    {
        using var sut = new EngineScope(targetRowsPerFile: 250);
        await sut.Sql("CREATE TABLE t AS SELECT CAST(id AS BIGINT) AS id, concat('n', CAST(id AS STRING)) AS name, CAST(id AS DOUBLE) * 0.5 AS amount FROM range(1000)");
        await sut.Sql("INSERT INTO t VALUES (1000, 'last', 500.0)");
        const string Aggregate = "SELECT count(*), sum(id), sum(length(name)), sum(amount), max(name) FROM t";

        var first = await sut.Rows(Aggregate);
        var again = await sut.Rows(Aggregate);
        var edge = await sut.Rows("SELECT id, name, amount FROM t WHERE id IN (0, 249, 250, 999, 1000) ORDER BY id");

        Assert.Equal(5, sut.DataFileCount("t"));
        object?[] expected = [1001L, 500500L, 3894L, 250250.0, "n999"];
        Assert.Equal([expected], first);
        Assert.Equal([expected], again);
        Assert.Equal([[0L, "n0", 0.0], [249L, "n249", 124.5], [250L, "n250", 125.0], [999L, "n999", 499.5], [1000L, "last", 500.0]], edge);
    }

    [Fact]
    public async Task ExecuteAsync_OldFilesLackAnAddedColumn_ReadNullForOldRowsBeforeAndAfterNewFiles()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE t (id BIGINT, x INT)");
        await sut.Sql("INSERT INTO t VALUES (1, 10)");
        await sut.Sql("INSERT INTO t VALUES (2, 20)");
        Assert.Equal([[1L, 10], [2L, 20]], await sut.Rows("SELECT id, x FROM t ORDER BY id"));

        await sut.Sql("ALTER TABLE t ADD COLUMNS (name STRING)");
        var oldOnly = await sut.Rows("SELECT id, x, name FROM t ORDER BY id");
        await sut.Sql("INSERT INTO t VALUES (3, 30, 'c')");
        var mixed = await sut.Rows("SELECT id, x, name FROM t ORDER BY id");
        var mixedAgain = await sut.Rows("SELECT count(name), count(*), max(name) FROM t");

        Assert.Equal([[1L, 10, null], [2L, 20, null]], oldOnly);
        Assert.Equal([[1L, 10, null], [2L, 20, null], [3L, 30, "c"]], mixed);
        Assert.Equal([[1L, 3L, "c"]], mixedAgain);
    }

    [Fact]
    public async Task ExecuteAsync_OldFilesHoldANarrowerTypeThanNewFiles_ReadsEveryRowWidened()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE t (id INT, v SMALLINT) TBLPROPERTIES ('delta.enableTypeWidening' = 'true')");
        await sut.Sql("INSERT INTO t VALUES (1, 7)");
        await sut.Sql("INSERT INTO t VALUES (2147483647, 8)");
        await sut.Sql("ALTER TABLE t ALTER COLUMN id TYPE BIGINT");
        var oldOnly = await sut.Sql("SELECT id, v FROM t ORDER BY id");

        await sut.Sql("INSERT INTO t VALUES (5000000000, 9)");
        var mixed = await sut.Sql("SELECT id, v FROM t ORDER BY id");
        var sum = await sut.Scalar("SELECT sum(id) FROM t");

        Assert.Equal(["BIGINT", "SMALLINT"], oldOnly.Columns.Select(c => c.TypeText));
        Assert.Equal([[1L, (short)7], [2147483647L, (short)8]], oldOnly.Rows);
        Assert.Equal(["BIGINT", "SMALLINT"], mixed.Columns.Select(c => c.TypeText));
        Assert.Equal([[1L, (short)7], [2147483647L, (short)8], [5000000000L, (short)9]], mixed.Rows);
        Assert.Equal(1L + 2147483647L + 5000000000L, Convert.ToInt64(sum, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task ExecuteAsync_FilesHoldTheSameColumnsInAnotherOrder_ReadsEachColumnByName()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE t (id BIGINT, x INT)");
        await sut.Sql("INSERT INTO t VALUES (1, 10)");
        await sut.Sql("INSERT INTO t VALUES (2, 20)");
        Assert.Equal([[1L, 10], [2L, 20]], await sut.Rows("SELECT id, x FROM t ORDER BY id"));
        var file = Directory.GetFiles(Path.Combine(sut.DataDirectory, "main", "default", "t"), "*.parquet").Order(StringComparer.Ordinal).First();

        // Not something this engine writes, but other Delta writers may order a file's columns differently: the file now
        // holds `x` before `id` (and a row of its own, so the test sees which file it read).
        RewriteDataFile(file, "SELECT 30::INTEGER AS x, 3::BIGINT AS id");

        var rows = await sut.Rows("SELECT id, x FROM t ORDER BY id");

        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, r => Equals(r[0], 3L) && Equals(r[1], 30));
        Assert.All(rows, r => Assert.Equal((long)r[0]! * 10, (long)(int)r[1]!));
    }

    /// <summary>Overwrites a data file in place with what <paramref name="select"/> returns, as no Delta writer would.</summary>
    private static void RewriteDataFile(string file, string select)
    {
        using var duck = new DuckDBConnection("DataSource=:memory:");
        duck.Open();
        using var command = duck.CreateCommand();
        command.CommandText = $"COPY ({select}) TO '{file.Replace("'", "''", StringComparison.Ordinal)}' (FORMAT parquet)";
        command.ExecuteNonQuery();
    }
}
