namespace DeltaFunctions.Lakehouse.Tests.Engine;

public sealed partial class LakehouseEngineTests
{
    [Fact]
    public async Task ExecuteAsync_SelectWithoutTable_ReturnsDatabricksTypesAndClrValues()
    {
        using var sut = new EngineScope();

        var result = await sut.Sql("SELECT 1 AS i, CAST(2 AS BIGINT) AS b, CAST(1.5 AS DECIMAL(10,2)) AS d, 'x' AS s, DATE '2024-01-02' AS dt, TIMESTAMP '2024-01-02 03:04:05' AS ts, array(1, 2) AS arr");

        Assert.Equal(["INT", "BIGINT", "DECIMAL(10,2)", "STRING", "DATE", "TIMESTAMP", "ARRAY<INT>"], result.Columns.Select(c => c.TypeText));
        var row = result.Rows.Single();
        Assert.Equal(1, row[0]);
        Assert.Equal(2L, row[1]);
        Assert.Equal(1.5m, row[2]);
        Assert.Equal("x", row[3]);
        Assert.Equal(new DateOnly(2024, 1, 2), row[4]);
        Assert.Equal(new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc), row[5]);
        Assert.Equal(DateTimeKind.Utc, ((DateTime)row[5]!).Kind);
        Assert.Equal([1, 2], ((IReadOnlyList<object?>)row[6]!).Cast<int>());
    }

    [Fact]
    public async Task ExecuteAsync_TypedParameters_AreCastAndNullBindsNull()
    {
        using var sut = new EngineScope();

        var row = (await sut.Rows(
            "SELECT :id + 1 AS id, :day AS day, :name AS name, :missing AS missing",
            new LakehouseParameter("id", "41", "BIGINT"),
            new LakehouseParameter("day", "2024-06-10", "DATE"),
            new LakehouseParameter("name", "o'brien"),
            new LakehouseParameter("missing", null, "INT"))).Single();

        Assert.Equal(42L, row[0]);
        Assert.Equal(new DateOnly(2024, 6, 10), row[1]);
        Assert.Equal("o'brien", row[2]);
        Assert.Null(row[3]);
    }

    [Fact]
    public async Task ExecuteAsync_BadParameterValue_FailsWithCastError()
    {
        using var sut = new EngineScope();

        var e = await sut.Fails("SELECT :id AS id", new LakehouseParameter("id", "not a number", "BIGINT"));

        Assert.Equal("CAST_INVALID_INPUT", e.ErrorClass);
    }

    [Fact]
    public async Task ExecuteAsync_JoinsCtesAggregatesAndWindows_ComputeLikeSpark()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE orders (id BIGINT, cust STRING, amt DECIMAL(10,2))");
        await sut.Sql("CREATE TABLE main.default.customers (cust STRING, region STRING)");
        await sut.Sql("INSERT INTO orders VALUES (1, 'a', 10.00), (2, 'a', 5.50), (3, 'b', 7.25)");
        await sut.Sql("INSERT INTO `main`.`default`.`customers` VALUES ('a', 'north'), ('b', 'south')");

        var rows = await sut.Rows("""
            WITH totals AS (SELECT cust, sum(amt) AS total, count(*) AS n FROM orders GROUP BY cust)
            SELECT c.region, t.total, t.n, rank() OVER (ORDER BY t.total DESC) AS rk
            FROM totals t JOIN customers c ON t.cust = c.cust
            ORDER BY rk
            """);

        Assert.Equal(2, rows.Count);
        Assert.Equal(["north", 15.50m, 2L, 1L], rows[0]);
        Assert.Equal(["south", 7.25m, 1L, 2L], rows[1]);
    }

    [Fact]
    public async Task ExecuteAsync_IdentifierClause_ResolvesTableFromParameter()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE IDENTIFIER(:t) (id INT)", new LakehouseParameter("t", "main.default.`My Table`"));
        await sut.Sql("INSERT INTO IDENTIFIER(:t) VALUES (7)", new LakehouseParameter("t", "main.default.`my table`"));

        var value = await sut.Scalar("SELECT id FROM IDENTIFIER(:t) WHERE id = :id", new LakehouseParameter("t", "MAIN.DEFAULT.`MY TABLE`"), new LakehouseParameter("id", "7", "INT"));

        Assert.Equal(7, value);
        Assert.Contains(sut.Engine.ListTables("main", "default"), t => t.Name == "my table");
    }

    [Fact]
    public async Task ExecuteAsync_MissingTable_FailsWithTableOrViewNotFound()
    {
        using var sut = new EngineScope();

        var e = await sut.Fails("SELECT * FROM main.default.nope");

        Assert.Equal("TABLE_OR_VIEW_NOT_FOUND", e.ErrorClass);
        Assert.Equal("42P01", e.SqlState);
    }

    [Theory]
    [InlineData("SELEC 1")]
    [InlineData("SELECT FROM WHERE")]
    [InlineData("CREATE TABLE t (id INT")]
    [InlineData("GRANT SELECT ON TABLE t TO `x`")]
    public async Task ExecuteAsync_BadSyntax_FailsWithParseSyntaxError(string statement)
    {
        using var sut = new EngineScope();

        var e = await sut.Fails(statement);

        Assert.Equal("PARSE_SYNTAX_ERROR", e.ErrorClass);
        Assert.Equal("42601", e.SqlState);
    }

    [Fact]
    public async Task ExecuteAsync_UnknownColumn_FailsWithDatabricksClassNotDuckDbException()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE t (id INT)");

        var e = await sut.Fails("SELECT nope FROM t");

        Assert.Equal("UNRESOLVED_COLUMN.WITH_SUGGESTION", e.ErrorClass);
    }

    [Fact]
    public async Task ExecuteScriptAsync_UseAndSemicolons_RunsInOrderAndStopsAtFailure()
    {
        using var sut = new EngineScope();

        var results = await sut.Engine.ExecuteScriptAsync(
            "CREATE SCHEMA s1; USE SCHEMA s1; CREATE TABLE t (v STRING); INSERT INTO t VALUES ('a;b'); SELECT v FROM main.s1.t;",
            cancellationToken: TestContext.Current.CancellationToken);
        var e = await Assert.ThrowsAsync<LakehouseException>(() => sut.Engine.ExecuteScriptAsync(
            "INSERT INTO main.s1.t VALUES ('c'); SELECT * FROM missing; INSERT INTO main.s1.t VALUES ('d')",
            cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(5, results.Count);
        Assert.Equal("a;b", results[^1].Rows.Single()[0]);
        Assert.Equal("TABLE_OR_VIEW_NOT_FOUND", e.ErrorClass);
        Assert.Equal(2L, await sut.Scalar("SELECT count(*) FROM main.s1.t"));
    }

    [Fact]
    public async Task ExecuteAsync_ValuesAndTableStatements_RunAsQueries()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE t (id INT)");
        await sut.Sql("INSERT INTO t VALUES (3)");

        var values = await sut.Rows("VALUES (1, 'a'), (2, 'b')");
        var table = await sut.Rows("TABLE t");
        var count = await sut.Sql("SELECT count(*) FROM t");

        Assert.Equal([[1, "a"], [2, "b"]], values);
        Assert.Equal([[3]], table);
        Assert.Equal("count(1)", count.Columns[0].Name);
    }

    [Fact]
    public async Task ExecuteAsync_ParametersSharingAPrefix_BindIndependently()
    {
        using var sut = new EngineScope();

        var row = (await sut.Rows("SELECT :id AS a, :idx AS b", new LakehouseParameter("id", "1", "INT"), new LakehouseParameter("idx", "2", "INT"))).Single();

        Assert.Equal([1, 2], row);
    }

    [Fact]
    public async Task ExecuteAsync_TimeTravelInsideJoin_ReadsEachSideAtItsVersion()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE t (id INT, v STRING)");
        await sut.Sql("INSERT INTO t VALUES (1, 'old')");
        await sut.Sql("UPDATE t SET v = 'new'");

        var row = (await sut.Rows("SELECT a.v, b.v FROM t VERSION AS OF 1 AS a JOIN t@v2 b ON a.id = b.id")).Single();

        Assert.Equal(["old", "new"], row);
    }

    [Fact]
    public async Task ExecuteAsync_UnboundOrCollectionParameters_AreRejected()
    {
        using var sut = new EngineScope();

        var unbound = await sut.Fails("SELECT :nope");
        var collection = await sut.Fails("SELECT :a", new LakehouseParameter("a", "[1]", "ARRAY<INT>"));

        Assert.Equal("UNBOUND_SQL_PARAMETER", unbound.ErrorClass);
        Assert.Equal("INVALID_PARAMETER_VALUE", collection.ErrorClass);
    }

    [Fact]
    public async Task ExecuteAsync_ShowTablesLikeAndMissingSchema_FilterAndFail()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE sales_a (id INT)");
        await sut.Sql("CREATE TABLE other (id INT)");

        var tables = await sut.Rows("SHOW TABLES LIKE 'sales*'");
        var missing = await sut.Fails("SHOW TABLES IN main.nope");

        Assert.Equal([["default", "sales_a", false]], tables);
        Assert.Equal("SCHEMA_NOT_FOUND", missing.ErrorClass);
        Assert.Null(sut.Engine.GetTable("main", "default", "nope"));
    }

    [Theory]
    [InlineData("SELECT CAST('x' AS INT)", "CAST_INVALID_INPUT")]
    [InlineData("SELECT nosuch FROM t", "UNRESOLVED_COLUMN.WITH_SUGGESTION")]
    [InlineData("SELECT sum(DATE'2020-01-01') FROM t", "DATATYPE_MISMATCH")]
    [InlineData("SELECT no_such_function(1)", "UNRESOLVED_ROUTINE")]
    [InlineData("SELECT 1 FROM t WHERE", "PARSE_SYNTAX_ERROR")]
    public async Task ExecuteAsync_EngineFailure_ReadsAsADatabricksErrorWithoutEngineWording(string sql, string errorClass)
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE t (id INT)");

        var e = await sut.Fails(sql);

        Assert.Equal(errorClass, e.ErrorClass);
        Assert.Matches(@"^\[[A-Z_.]+\] .+ SQLSTATE: [0-9A-Z]{5}$", e.Message);
        Assert.DoesNotMatch("(Binder|Conversion|Catalog|Parser|Invalid Input|Permission|Internal) Error", e.Message);
        Assert.DoesNotContain("DuckDB", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ExecuteAsync_RangeTableFunction_NamesItsColumnIdAsSparkDoes()
    {
        using var sut = new EngineScope();

        var result = await sut.Sql("SELECT id FROM range(3)");
        var stepped = await sut.Rows("SELECT r.id FROM range(1, 10, 4) AS r ORDER BY r.id");
        var missing = await sut.Fails("SELECT range FROM range(3)");

        Assert.Equal("id", result.Columns.Single().Name);
        Assert.Equal([[0L], [1L], [2L]], result.Rows);
        Assert.Equal([[1L], [5L], [9L]], stepped);
        Assert.Equal("UNRESOLVED_COLUMN.WITH_SUGGESTION", missing.ErrorClass);
    }

    [Fact]
    public async Task ExecuteAsync_ColumnsNamedLikeEngineKeywords_AreSelectableUnquoted()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE t (at INT, `primary` STRING, `only` INT)");
        await sut.Sql("INSERT INTO t VALUES (1, 'a', 2)");

        var rows = await sut.Rows("SELECT at, t.primary, only FROM t WHERE at = 1 ORDER BY at");

        Assert.Equal([[1, "a", 2]], rows);
    }

    [Fact]
    public async Task ExecuteAsync_VoidColumnWrittenBySpark_ReadsAsNull()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE t (id INT)");
        await sut.Sql("INSERT INTO t VALUES (1), (2)");
        var log = Path.Combine(sut.Engine.GetTable("main", "default", "t")!.StorageLocation, "_delta_log");
        var metadata = File.ReadAllLines(Path.Combine(log, "00000000000000000000.json"))
            .Select(l => System.Text.Json.Nodes.JsonNode.Parse(l)!.AsObject())
            .Single(a => a.ContainsKey("metaData"));
        var schema = System.Text.Json.Nodes.JsonNode.Parse((string)metadata["metaData"]!["schemaString"]!)!;
        schema["fields"]!.AsArray().Add(new System.Text.Json.Nodes.JsonObject { ["name"] = "v", ["type"] = "void", ["nullable"] = true, ["metadata"] = new System.Text.Json.Nodes.JsonObject() });
        metadata["metaData"]!["schemaString"] = schema.ToJsonString();
        await File.WriteAllTextAsync(Path.Combine(log, "00000000000000000002.json"), metadata.ToJsonString() + "\n", TestContext.Current.CancellationToken);

        var rows = await sut.Rows("SELECT id, v FROM t ORDER BY id");
        var nulls = await sut.Scalar("SELECT count(*) FROM t WHERE v IS NULL");

        Assert.Equal([[1, null], [2, null]], rows);
        Assert.Equal(2L, nulls);
    }

    [Fact]
    public async Task ExecuteStreamingAsync_QueryOfAHundredBillionRows_IsReadOnlyAsFarAsTheReaderGoes()
    {
        using var sut = new EngineScope();

        // A result that materialized first could never be read: the rows come from DuckDB as they are enumerated.
        var (name, first) = await sut.Engine.ExecuteStreamingAsync(
            "SELECT id, id * 2 AS twice FROM range(100000000000)",
            result => (result.Columns[1].Name, result.RowStream!.Take(3).Select(r => (long)r[1]!).ToList()),
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("twice", name);
        Assert.Equal([0L, 2L, 4L], first);
    }

    [Fact]
    public async Task ExecuteStreamingAsync_Command_PassesItsRowsAndFailingRowsRaiseLakehouseException()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE t (id INT)");

        var (inserted, streamed) = await sut.Engine.ExecuteStreamingAsync(
            "INSERT INTO t VALUES (1), (2)", result => (result.Rows.Single()[result.Columns.Count - 1], result.RowStream), cancellationToken: TestContext.Current.CancellationToken);
        var error = await Assert.ThrowsAsync<LakehouseException>(() => sut.Engine.ExecuteStreamingAsync(
            "SELECT CAST(concat('x', CAST(id AS STRING)) AS INT) FROM range(10)", result => result.RowStream!.Count(), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(2L, Convert.ToInt64(inserted, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Null(streamed);
        Assert.Equal(2L, await sut.Scalar("SELECT count(*) FROM t"));
        Assert.Equal("CAST_INVALID_INPUT", error.ErrorClass);
    }
}
