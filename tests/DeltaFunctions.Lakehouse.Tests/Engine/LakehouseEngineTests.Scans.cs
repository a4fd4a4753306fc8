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
        using (var duck = new DuckDBConnection("DataSource=:memory:"))
        {
            duck.Open();
            using var command = duck.CreateCommand();
            command.CommandText = $"COPY (SELECT 2::INTEGER AS id, 'padding to change the length' AS other) TO '{file.Replace("'", "''", StringComparison.Ordinal)}' (FORMAT parquet)";
            command.ExecuteNonQuery();
        }

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
}
