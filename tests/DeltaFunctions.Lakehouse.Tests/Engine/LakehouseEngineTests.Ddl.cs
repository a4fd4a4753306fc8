namespace DeltaFunctions.Lakehouse.Tests.Engine;

public sealed partial class LakehouseEngineTests
{
    [Fact]
    public async Task ExecuteAsync_CreateCatalogSchemaVolume_AreListedLowerCase()
    {
        using var sut = new EngineScope();

        await sut.Sql("CREATE CATALOG Sales COMMENT 'c'");
        await sut.Sql("CREATE SCHEMA IF NOT EXISTS sales.Raw");
        await sut.Sql("CREATE SCHEMA IF NOT EXISTS SALES.raw");
        await sut.Sql("CREATE VOLUME sales.raw.Landing");
        var again = await sut.Fails("CREATE SCHEMA sales.raw");

        Assert.Equal(["main", "sales"], (await sut.Rows("SHOW CATALOGS")).Select(r => r[0]));
        Assert.Equal(["default", "raw"], (await sut.Rows("SHOW SCHEMAS IN sales")).Select(r => r[0]));
        Assert.Equal("c", sut.Engine.GetCatalog("SALES")!.Comment);
        Assert.Equal("landing", Assert.Single(sut.Engine.ListVolumes("sales", "raw")).Name);
        Assert.Equal("SCHEMA_ALREADY_EXISTS", again.ErrorClass);
        Assert.Equal(["default"], sut.Engine.ListSchemas("main").Select(s => s.Name));
    }

    [Fact]
    public async Task ExecuteAsync_CreateTableVariants_CreateDeltaTables()
    {
        using var sut = new EngineScope();

        await sut.Sql("CREATE TABLE t1 (id BIGINT NOT NULL COMMENT 'key', amt DECIMAL(10,2), day DATE) USING DELTA PARTITIONED BY (day) TBLPROPERTIES ('delta.appendOnly' = 'false')");
        await sut.Sql("CREATE TABLE IF NOT EXISTS t1 (other INT)");
        var exists = await sut.Fails("CREATE TABLE t1 (other INT)");
        await sut.Sql("CREATE TABLE t2 AS SELECT 1 AS id, 'a' AS s UNION ALL SELECT 2, 'b'");

        var t1 = sut.Engine.GetTable("main", "default", "T1")!;
        Assert.Equal(["id", "amt", "day"], t1.Columns.Select(c => c.Name));
        Assert.Equal(["bigint", "decimal(10,2)", "date"], t1.Columns.Select(c => c.TypeText));
        Assert.False(t1.Columns[0].Nullable);
        Assert.Equal("key", t1.Columns[0].Comment);
        Assert.Equal(["day"], t1.PartitionColumns);
        Assert.Equal(0, t1.Columns[2].PartitionIndex);
        Assert.Equal("false", t1.Properties["delta.appendOnly"]);
        Assert.Equal("MANAGED", t1.TableType);
        Assert.Equal("TABLE_OR_VIEW_ALREADY_EXISTS", exists.ErrorClass);
        Assert.Equal([[1, "a"], [2, "b"]], await sut.Rows("SELECT * FROM t2 ORDER BY id"));
        Assert.Equal(["t1", "t2"], (await sut.Rows("SHOW TABLES IN main.default")).Select(r => r[1]));
    }

    [Fact]
    public async Task ExecuteAsync_CreateTableLocation_RegistersExistingDeltaTable()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE src (id INT)");
        await sut.Sql("INSERT INTO src VALUES (1), (2)");
        var location = sut.Engine.GetTable("main", "default", "src")!.StorageLocation;
        await sut.Sql("CREATE SCHEMA ext");

        await sut.Sql($"CREATE TABLE ext.linked USING DELTA LOCATION '{location}'");
        await sut.Sql("DROP TABLE ext.linked");

        Assert.Equal(2L, await sut.Scalar($"SELECT count(*) FROM delta.`{location}`"));
        Assert.Empty(sut.Engine.ListTables("main", "ext"));
        Assert.Equal(2L, await sut.Scalar("SELECT count(*) FROM src"));
    }

    [Fact]
    public async Task ExecuteAsync_ExternalTable_IsListedAsExternalAndSurvivesDrop()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE src (id INT)");
        await sut.Sql("INSERT INTO src VALUES (5)");
        var location = sut.Engine.GetTable("main", "default", "src")!.StorageLocation;

        await sut.Sql($"CREATE TABLE linked USING DELTA LOCATION '{location}'");
        var entry = sut.Engine.GetTable("main", "default", "linked")!;
        await sut.Sql("DROP TABLE linked");
        var missing = await sut.Fails("SELECT * FROM linked");

        Assert.Equal("EXTERNAL", entry.TableType);
        Assert.Equal(5, await sut.Scalar("SELECT id FROM src"));
        Assert.Equal("TABLE_OR_VIEW_NOT_FOUND", missing.ErrorClass);
    }

    [Fact]
    public async Task ExecuteAsync_DropTable_RemovesManagedTable()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE t (id INT)");

        await sut.Sql("DROP TABLE t");
        await sut.Sql("DROP TABLE IF EXISTS t");
        var e = await sut.Fails("DROP TABLE t");

        Assert.Null(sut.Engine.GetTable("main", "default", "t"));
        Assert.Equal("TABLE_OR_VIEW_NOT_FOUND", e.ErrorClass);
    }

    [Fact]
    public async Task ExecuteAsync_DescribeTableAndDetail_ReturnDatabricksColumns()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE t (id BIGINT COMMENT 'key', day DATE) PARTITIONED BY (day) COMMENT 'facts'");
        await sut.Sql("INSERT INTO t VALUES (1, DATE '2024-01-01'), (2, DATE '2024-01-02')");

        var describe = await sut.Sql("DESCRIBE TABLE t");
        var detail = await sut.Sql("DESCRIBE DETAIL t");

        Assert.Equal(["col_name", "data_type", "comment"], describe.Columns.Select(c => c.Name));
        Assert.Equal(["id", "bigint", "key"], describe.Rows[0]);
        Assert.Contains(describe.Rows, r => Equals(r[0], "# Partition Information"));
        var row = detail.Rows.Single();
        string[] expected = ["format", "id", "name", "description", "location", "createdAt", "lastModified", "partitionColumns", "clusteringColumns", "numFiles", "sizeInBytes", "properties", "minReaderVersion", "minWriterVersion", "tableFeatures"];
        Assert.Equal(expected, detail.Columns.Select(c => c.Name));
        Assert.Equal("delta", row[0]);
        Assert.Equal("main.default.t", row[2]);
        Assert.Equal("facts", row[3]);
        Assert.Equal(["day"], (IEnumerable<object?>)row[7]!);
        Assert.Equal(2L, row[9]);
    }

    [Fact]
    public async Task ExecuteAsync_AlterTableAddColumns_OldRowsReadNull()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE t (id INT)");
        await sut.Sql("INSERT INTO t VALUES (1)");

        await sut.Sql("ALTER TABLE t ADD COLUMNS (name STRING COMMENT 'n', score DOUBLE)");
        await sut.Sql("INSERT INTO t VALUES (2, 'b', 1.5)");
        var duplicate = await sut.Fails("ALTER TABLE t ADD COLUMN name STRING");

        Assert.Equal([[1, null, null], [2, "b", 1.5]], await sut.Rows("SELECT * FROM t ORDER BY id"));
        Assert.Equal("COLUMN_ALREADY_EXISTS", duplicate.ErrorClass);
        Assert.Equal(["WRITE", "ADD COLUMNS", "WRITE", "CREATE TABLE"], (await sut.Rows("DESCRIBE HISTORY t")).Select(r => r[4]));
    }

    [Fact]
    public async Task ExecuteAsync_AlterColumnTypeWithWidening_ReadsOldFilesWidened()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE t (id INT, v SMALLINT) TBLPROPERTIES ('delta.enableTypeWidening' = 'true')");
        await sut.Sql("INSERT INTO t VALUES (1, 7)");

        await sut.Sql("ALTER TABLE t ALTER COLUMN id TYPE BIGINT");
        await sut.Sql("INSERT INTO t VALUES (5000000000, 8)");
        var narrowing = await sut.Fails("ALTER TABLE t ALTER COLUMN id TYPE INT");
        var notAllowed = await sut.Fails("ALTER TABLE t ALTER COLUMN v TYPE STRING");

        var result = await sut.Sql("SELECT id FROM t ORDER BY id");
        Assert.Equal("BIGINT", result.Columns[0].TypeText);
        Assert.Equal([1L, 5000000000L], result.Rows.Select(r => r[0]));
        Assert.Equal("DELTA_UNSUPPORTED_ALTER_TABLE_CHANGE_COL_OP", narrowing.ErrorClass);
        Assert.Equal("DELTA_UNSUPPORTED_ALTER_TABLE_CHANGE_COL_OP", notAllowed.ErrorClass);
    }

    [Fact]
    public async Task ExecuteAsync_AlterColumnTypeWithoutWidening_IsRefused()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE t (id INT)");

        var refused = await sut.Fails("ALTER TABLE t ALTER COLUMN id TYPE BIGINT");
        await sut.Sql("ALTER TABLE t SET TBLPROPERTIES ('delta.enableTypeWidening' = 'true')");
        await sut.Sql("ALTER TABLE t ALTER COLUMN id TYPE BIGINT");

        Assert.Equal("DELTA_UNSUPPORTED_ALTER_TABLE_CHANGE_COL_OP", refused.ErrorClass);
        Assert.Equal("true", sut.Engine.GetTable("main", "default", "t")!.Properties["delta.enableTypeWidening"]);
        Assert.Equal("bigint", sut.Engine.GetTable("main", "default", "t")!.Columns[0].TypeText);
        Assert.Contains(await sut.Rows("SHOW TBLPROPERTIES t"), r => Equals(r[0], "delta.enableTypeWidening"));
    }
}
