using DeltaFunctions.Lakehouse.Sql;

namespace DeltaFunctions.Lakehouse.Tests.Sql;

public sealed class SqlRewriterTests
{
    [Fact]
    public void Rewrite_TablesInFromAndJoin_AreResolvedWithTheirNameAsAlias()
    {
        var resolver = new RecordingResolver();
        var sut = new SqlRewriter(new Dictionary<string, LakehouseParameter>(), resolver);

        var sql = sut.Rewrite(Fragment("SELECT orders.id, c.name FROM main.sales.orders JOIN `cust` c ON orders.cid = c.id, other"));

        Assert.Equal(["main.sales.orders", "cust", "other"], resolver.Tables.Select(t => t.Name.ToString()));
        Assert.Contains("FROM <main.sales.orders> AS \"orders\" JOIN <cust> c ON", sql, StringComparison.Ordinal);
        Assert.Contains(", <other> AS \"other\"", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Rewrite_CteNames_AreNotResolvedAsTables()
    {
        var resolver = new RecordingResolver();
        var sut = new SqlRewriter(new Dictionary<string, LakehouseParameter>(), resolver);

        sut.Rewrite(Fragment("WITH recent AS (SELECT * FROM t WHERE x > 1), b AS (SELECT 1) SELECT * FROM recent JOIN b ON true"));

        Assert.Equal(["t"], resolver.Tables.Select(t => t.Name.ToString()));
    }

    [Theory]
    [InlineData("SELECT * FROM t VERSION AS OF 3", 3L, null)]
    [InlineData("SELECT * FROM t@v7", 7L, null)]
    [InlineData("SELECT * FROM t TIMESTAMP AS OF '2024-06-10T08:00:00.000Z'", null, "2024-06-10T08:00:00.000Z")]
    [InlineData("SELECT * FROM t@20240610080000000", null, "2024-06-10 08:00:00.000")]
    public void Rewrite_TimeTravel_IsPassedToResolver(string text, long? version, string? timestamp)
    {
        var resolver = new RecordingResolver();
        var sut = new SqlRewriter(new Dictionary<string, LakehouseParameter>(), resolver);

        sut.Rewrite(Fragment(text));

        Assert.Equal(new TimeTravelSpec(version, timestamp), resolver.Tables.Single().TimeTravel);
    }

    [Fact]
    public void Rewrite_Parameters_AreBoundAndCastToTheirType()
    {
        var parameters = new Dictionary<string, LakehouseParameter>
        {
            ["id"] = new("id", "42", "BIGINT"),
            ["d"] = new("d", "2024-01-01", "DATE"),
            ["s"] = new("s", "x"),
            ["n"] = new("n", null, "INT"),
        };
        var sut = new SqlRewriter(parameters, new RecordingResolver());

        var sql = sut.Rewrite(Fragment("SELECT :id, :d, :s, :n"));

        Assert.Equal("SELECT CAST($id AS BIGINT) , CAST($d AS DATE) , $s , CAST($n AS INTEGER)", sql);
        Assert.Equal("42", sut.BoundParameters["id"]);
        Assert.Null(sut.BoundParameters["n"]);
    }

    [Fact]
    public void Rewrite_UnknownParameter_ThrowsUnbound()
    {
        var sut = new SqlRewriter(new Dictionary<string, LakehouseParameter>(), new RecordingResolver());

        var e = Assert.Throws<LakehouseException>(() => sut.Rewrite(Fragment("SELECT :missing")));

        Assert.Equal("UNBOUND_SQL_PARAMETER", e.ErrorClass);
    }

    [Theory]
    [InlineData("SELECT nvl(a, 1)", "SELECT coalesce ( a , 1 )")]
    [InlineData("SELECT datediff(b, a)", "SELECT date_diff('day', CAST(a AS DATE), CAST(b AS DATE))")]
    [InlineData("SELECT CAST(x AS STRING), y::TIMESTAMP", "SELECT CAST ( x AS VARCHAR ) , y ::TIMESTAMPTZ")]
    [InlineData("SELECT concat(a, 'b')", "SELECT (a || 'b')")]
    [InlineData("SELECT current_timestamp(), current_date()", "SELECT current_timestamp , current_date")]
    [InlineData("SELECT * EXCEPT (a) FROM x", "SELECT * EXCLUDE ( a ) FROM <x> AS \"x\"")]
    [InlineData("SELECT a == b, arr[0]", "SELECT a = b , arr[1]")]
    [InlineData("SELECT extract(YEAR FROM d)", "SELECT extract ( YEAR FROM d )")]
    [InlineData("SELECT TIMESTAMP '2024-01-01 00:00:00'", "SELECT CAST('2024-01-01 00:00:00' AS TIMESTAMPTZ)")]
    [InlineData("SELECT date_format(ts, 'yyyy-MM-dd HH:mm')", "SELECT strftime(ts, '%Y-%m-%d %H:%M')")]
    [InlineData("SELECT named_struct('a', 1)", "SELECT struct_pack(\"a\" := 1)")]
    [InlineData("SELECT t.`odd col` FROM x t", "SELECT t.\"odd col\" FROM <x> t")]
    public void Rewrite_SparkSpecifics_BecomeDuckDb(string text, string expected)
    {
        var sut = new SqlRewriter(new Dictionary<string, LakehouseParameter>(), new RecordingResolver());

        var sql = sut.Rewrite(Fragment(text));

        Assert.Equal(expected, sql);
    }

    [Fact]
    public void Rewrite_ReadFiles_PassesPathAndOptions()
    {
        var resolver = new RecordingResolver();
        var sut = new SqlRewriter(new Dictionary<string, LakehouseParameter>(), resolver);

        var sql = sut.Rewrite(Fragment("SELECT * FROM read_files('/Volumes/main/default/v/x', format => 'json')"));

        Assert.Equal("SELECT * FROM <files:/Volumes/main/default/v/x:json>", sql);
    }

    [Fact]
    public void Rewrite_PositionalMarker_IsRejected()
    {
        var sut = new SqlRewriter(new Dictionary<string, LakehouseParameter>(), new RecordingResolver());

        var e = Assert.Throws<LakehouseException>(() => sut.Rewrite(Fragment("SELECT ?")));

        Assert.StartsWith("UNSUPPORTED_FEATURE", e.ErrorClass, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT inline(x)", "SELECT unnest(x, max_depth := 2)")]
    [InlineData("SELECT inline_outer(x)", "SELECT unnest(CASE WHEN coalesce(len(x), 0) = 0 THEN [NULL] ELSE x END, max_depth := 2)")]
    [InlineData("SELECT from_json(j, 'a INT')", "SELECT CAST(CAST(__spark_from_json(CAST(j AS VARCHAR), 'a INT', '0;1;1;0;0;0;0;0;UTC;_corrupt_record') AS JSON) AS STRUCT(\"a\" INTEGER))")]
    [InlineData("SELECT from_json(j, 'MAP<STRING, BINARY>', map('mode', 'FAILFAST'))", "SELECT CAST(CAST(CAST(__spark_from_json(CAST(j AS VARCHAR), 'MAP<STRING, BINARY>', '1;1;1;0;0;0;0;0;UTC;_corrupt_record') AS JSON) AS MAP(VARCHAR, VARCHAR)) AS MAP(VARCHAR, BLOB))")]
    public void Rewrite_FromJsonAndInline_BecomeEngineFunctionAndUnnest(string text, string expected)
    {
        var sut = new SqlRewriter(new Dictionary<string, LakehouseParameter>(), new RecordingResolver());

        var sql = sut.Rewrite(Fragment(text));

        Assert.Equal(expected, sql);
    }

    [Fact]
    public void Rewrite_FromJsonSchemaFromParameter_IsReadAsConstant()
    {
        var parameters = new Dictionary<string, LakehouseParameter> { ["j"] = new("j", "[]"), ["s"] = new("s", "ARRAY<STRUCT<c0: BIGINT>>") };
        var sut = new SqlRewriter(parameters, new RecordingResolver());

        var sql = sut.Rewrite(Fragment("SELECT from_json(:j, :s)"));

        Assert.Contains("'ARRAY<STRUCT<c0: BIGINT>>'", sql, StringComparison.Ordinal);
        Assert.EndsWith("AS STRUCT(\"c0\" BIGINT)[])", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Rewrite_FromJsonSchemaFromColumn_IsRejected()
    {
        var sut = new SqlRewriter(new Dictionary<string, LakehouseParameter>(), new RecordingResolver());

        var e = Assert.Throws<LakehouseException>(() => sut.Rewrite(Fragment("SELECT from_json(j, schema_col)")));

        Assert.Equal("INVALID_SCHEMA.NON_STRING_LITERAL", e.ErrorClass);
    }

    private static SqlFragment Fragment(string text)
    {
        var tokens = SqlLexer.Tokenize(text);
        return new SqlFragment(tokens.Take(tokens.Count - 1).ToList());
    }

    private sealed class RecordingResolver : ISqlRelationResolver
    {
        public List<TableReference> Tables { get; } = [];

        public string ResolveTable(TableReference reference)
        {
            Tables.Add(reference);
            return "<" + reference.Name + ">";
        }

        public string ResolveFiles(string path, IReadOnlyDictionary<string, string> options) =>
            $"<files:{path}:{options.GetValueOrDefault("format")}>";
    }
}
