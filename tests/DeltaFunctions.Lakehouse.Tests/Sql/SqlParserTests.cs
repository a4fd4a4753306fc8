using DeltaFunctions.Lakehouse.Sql;

namespace DeltaFunctions.Lakehouse.Tests.Sql;

public sealed class SqlParserTests
{
    private static readonly Dictionary<string, LakehouseParameter> NoParameters = [];

    [Fact]
    public void Parse_CreateTableWithEverything_ReadsAllClauses()
    {
        var sql = "CREATE TABLE IF NOT EXISTS main.sales.orders (id BIGINT NOT NULL COMMENT 'key', amt DECIMAL(10, 2), tags ARRAY<STRING>, s STRUCT<a: INT, b: STRING>, day DATE) "
            + "USING DELTA PARTITIONED BY (day) COMMENT 'orders' TBLPROPERTIES ('delta.enableTypeWidening' = 'true')";

        var statement = Assert.IsType<CreateTableStatement>(SqlParser.Parse(sql, NoParameters));

        Assert.True(statement.IfNotExists);
        Assert.Equal(["main", "sales", "orders"], statement.Name.Parts);
        Assert.Equal(["BIGINT", "DECIMAL(10,2)", "ARRAY<STRING>", "STRUCT<a: INT, b: STRING>", "DATE"], statement.Columns!.Select(c => c.TypeText));
        Assert.False(statement.Columns![0].Nullable);
        Assert.Equal("key", statement.Columns![0].Comment);
        Assert.Equal(["day"], statement.PartitionColumns);
        Assert.Equal("true", statement.Properties["delta.enableTypeWidening"]);
        Assert.Equal("orders", statement.Comment);
    }

    [Fact]
    public void Parse_Ctas_KeepsQuery()
    {
        var statement = Assert.IsType<CreateTableStatement>(SqlParser.Parse("CREATE OR REPLACE TABLE t AS SELECT 1 AS id", NoParameters));

        Assert.True(statement.OrReplace);
        Assert.Null(statement.Columns);
        Assert.Equal("SELECT 1 AS id", statement.AsQuery!.ToString());
    }

    [Fact]
    public void Parse_MergeWithEveryClause_ReadsClausesInOrder()
    {
        var sql = """
            MERGE WITH SCHEMA EVOLUTION INTO t AS tgt USING (SELECT * FROM s) AS src ON tgt.id = src.id
            WHEN MATCHED AND src.op = 'D' THEN DELETE
            WHEN MATCHED AND CASE WHEN src.x THEN true ELSE false END THEN UPDATE SET amt = src.amt, note = DEFAULT
            WHEN MATCHED THEN UPDATE SET *
            WHEN NOT MATCHED BY TARGET AND src.op <> 'D' THEN INSERT *
            WHEN NOT MATCHED THEN INSERT (id, amt) VALUES (src.id, coalesce(src.amt, 0))
            WHEN NOT MATCHED BY SOURCE AND tgt.old THEN DELETE
            WHEN NOT MATCHED BY SOURCE THEN UPDATE SET active = false
            """;

        var statement = Assert.IsType<MergeStatement>(SqlParser.Parse(sql, NoParameters));

        Assert.True(statement.SchemaEvolution);
        Assert.Equal("tgt", statement.TargetAlias);
        Assert.Equal("src", statement.SourceAlias);
        Assert.Equal(
            [MergeActionKind.Delete, MergeActionKind.Update, MergeActionKind.UpdateAll, MergeActionKind.InsertAll, MergeActionKind.Insert, MergeActionKind.Delete, MergeActionKind.Update],
            statement.Clauses.Select(c => c.Action));
        Assert.Equal(MergeMatchKind.NotMatchedBySource, statement.Clauses[^1].Match);
        Assert.Null(statement.Clauses[1].Assignments[1].Value);
        Assert.Equal("coalesce ( src . amt , 0 )", statement.Clauses[4].InsertValues[1].ToString());
    }

    [Fact]
    public void Parse_IdentifierClauseWithParameters_BuildsName()
    {
        var parameters = new Dictionary<string, LakehouseParameter> { ["s"] = new("s", "sales"), ["t"] = new("t", "`order items`") };

        var statement = Assert.IsType<DropStatement>(SqlParser.Parse("DROP TABLE IDENTIFIER('main.' || :s || '.' || :t)", parameters));

        Assert.Equal(["main", "sales", "order items"], statement.Name.Parts);
    }

    [Fact]
    public void Parse_IdentifierClauseWithMissingParameter_ThrowsUnbound()
    {
        var e = Assert.Throws<LakehouseException>(() => SqlParser.Parse("SELECT * FROM IDENTIFIER(:tbl)", NoParameters));

        Assert.Equal("UNBOUND_SQL_PARAMETER", e.ErrorClass);
    }

    [Theory]
    [InlineData("VACUUM t RETAIN 0 HOURS DRY RUN", 0.0, true)]
    [InlineData("VACUUM t", null, false)]
    public void Parse_Vacuum_ReadsRetentionAndDryRun(string sql, double? hours, bool dryRun)
    {
        var statement = Assert.IsType<VacuumStatement>(SqlParser.Parse(sql, NoParameters));

        Assert.Equal(hours, statement.RetainHours);
        Assert.Equal(dryRun, statement.DryRun);
    }

    [Fact]
    public void Parse_InsertReplaceWhere_SplitsPredicateAndQuery()
    {
        var statement = Assert.IsType<InsertStatement>(SqlParser.Parse("INSERT INTO t REPLACE WHERE day >= '2024-06-01' SELECT * FROM s", NoParameters));

        Assert.Equal("day >= '2024-06-01'", statement.ReplaceWhere!.ToString());
        Assert.Equal("SELECT * FROM s", statement.Query.ToString());
    }

    [Fact]
    public void Parse_RestoreAndHistory_ReadVersions()
    {
        var restore = Assert.IsType<RestoreStatement>(SqlParser.Parse("RESTORE TABLE t TO VERSION AS OF 3", NoParameters));
        var history = Assert.IsType<DescribeHistoryStatement>(SqlParser.Parse("DESCRIBE HISTORY t LIMIT 2", NoParameters));
        var byTime = Assert.IsType<RestoreStatement>(SqlParser.Parse("RESTORE t TO TIMESTAMP AS OF '2024-01-01'", NoParameters));

        Assert.Equal(3, restore.Target.Version);
        Assert.Equal(2, history.Limit);
        Assert.Equal("2024-01-01", byTime.Target.Timestamp);
    }

    [Fact]
    public void Parse_RestoreWithBoundParameters_ReadsTheirValues()
    {
        var parameters = new Dictionary<string, LakehouseParameter>
        {
            ["v"] = new("v", "4", "BIGINT"),
            ["ts"] = new("ts", "2024-01-01T00:00:00Z", "TIMESTAMP"),
            ["bad"] = new("bad", "four", "STRING"),
        };

        var byVersion = Assert.IsType<RestoreStatement>(SqlParser.Parse("RESTORE t TO VERSION AS OF :v", parameters));
        var byTime = Assert.IsType<RestoreStatement>(SqlParser.Parse("RESTORE t TO TIMESTAMP AS OF :ts", parameters));
        var unbound = Assert.Throws<LakehouseException>(() => SqlParser.Parse("RESTORE t TO TIMESTAMP AS OF :missing", parameters));
        var notInteger = Assert.Throws<LakehouseException>(() => SqlParser.Parse("RESTORE t TO VERSION AS OF :bad", parameters));

        Assert.Equal(4, byVersion.Target.Version);
        Assert.Equal("2024-01-01T00:00:00Z", byTime.Target.Timestamp);
        Assert.Equal("UNBOUND_SQL_PARAMETER", unbound.ErrorClass);
        Assert.Contains("four", notInteger.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Set_ReadsDottedKeyAndValue()
    {
        var statement = Assert.IsType<SetStatement>(SqlParser.Parse("SET spark.databricks.delta.retentionDurationCheck.enabled = false", NoParameters));

        Assert.Equal("spark.databricks.delta.retentionDurationCheck.enabled", statement.Key);
        Assert.Equal("false", statement.Value);
    }

    [Theory]
    [InlineData("SELEC 1")]
    [InlineData("CREATE TABLE")]
    [InlineData("MERGE INTO t USING s ON t.id = s.id")]
    [InlineData("UPDATE t SET")]
    [InlineData("GRANT SELECT ON t TO x")]
    [InlineData("DROP TABLE t extra")]
    public void Parse_UnsupportedOrBrokenSyntax_ThrowsParseSyntaxError(string sql)
    {
        var e = Assert.Throws<LakehouseException>(() => SqlParser.Parse(sql, NoParameters));

        Assert.Equal("PARSE_SYNTAX_ERROR", e.ErrorClass);
        Assert.Equal("42601", e.SqlState);
    }

    [Fact]
    public void SplitScript_SemicolonsInStringsAndComments_AreNotSeparators()
    {
        var script = "SELECT ';' AS a; -- x; y\nSELECT 2 /* ; */;;\n";

        var statements = SqlParser.SplitScript(script);

        Assert.Equal(2, statements.Count);
        Assert.Equal("SELECT ';' AS a", statements[0]);
    }
}
