using System.Globalization;
using System.Text;

namespace DeltaFunctions.Lakehouse.Tests.Engine;

public sealed partial class LakehouseEngineTests
{
    private const string RowSchema = "ARRAY<STRUCT<`c0`: BIGINT, `c1`: STRING, `c2`: DECIMAL(38,18), `c3`: DOUBLE, `c4`: BOOLEAN, `c5`: DATE, `c6`: TIMESTAMP, `c7`: TIMESTAMP_NTZ, `c8`: BINARY, `c9`: FLOAT, `c10`: INT, `c11`: SMALLINT, `c12`: TINYINT>>";

    [Fact]
    public async Task ExecuteAsync_InlineFromJsonParameter_ExpandsEveryScalarTypeExactly()
    {
        using var sut = new EngineScope();
        const string json = """
            [{"c0": 9223372036854775807, "c1": "it's `x`\n\"q\" \u00e9 \ud83d\ude00", "c2": "12345678901234567890.123456789012345678",
              "c3": 0.1, "c4": true, "c5": "2024-02-29", "c6": "2024-06-10T08:05:03.123456Z", "c7": "2024-06-10T08:05:03.654321",
              "c8": "AAH/", "c9": 1.5, "c10": -2147483648, "c11": 32767, "c12": -128},
             {"c0": null, "c1": null, "c2": null, "c3": "NaN", "c4": false, "c5": null, "c6": 0, "c7": null, "c8": "", "c9": "-Infinity"}]
            """;

        var rows = await sut.Rows(
            $"SELECT `c0` AS `id`, `c1` AS `s`, CAST(`c2` AS STRING) AS `d`, `c3`, `c4`, `c5`, `c6`, `c7`, `c8`, `c9`, `c10`, `c11`, `c12` FROM (SELECT inline(from_json(:p0, '{RowSchema}')))",
            new LakehouseParameter("p0", json, "STRING"));

        Assert.Equal(2, rows.Count);
        Assert.Equal(
            [long.MaxValue, "it's `x`\n\"q\" é 😀", "12345678901234567890.123456789012345678", 0.1, true, new DateOnly(2024, 2, 29),
             new DateTime(2024, 6, 10, 8, 5, 3, DateTimeKind.Utc).AddTicks(1234560), new DateTime(2024, 6, 10, 8, 5, 3, DateTimeKind.Unspecified).AddTicks(6543210),
             new byte[] { 0, 1, 255 }, 1.5f, int.MinValue, (short)32767, (sbyte)-128],
            rows[0]);
        Assert.Equal(
            [null, null, null, double.NaN, false, null, DateTime.UnixEpoch, null, Array.Empty<byte>(), float.NegativeInfinity, null, null, null],
            rows[1]);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("[1, 2")]
    [InlineData("{\"c0\": 1")]
    [InlineData("nonsense")]
    [InlineData("null")]
    [InlineData("[{\"c0\": 1}, 5]")]
    public async Task ExecuteAsync_InlineOfEmptyNullOrMalformedArray_YieldsNoRows(string? json)
    {
        using var sut = new EngineScope();

        var rows = await sut.Rows("SELECT c0 FROM (SELECT inline(from_json(:p0, 'ARRAY<STRUCT<c0: INT>>')))", new LakehouseParameter("p0", json, "STRING"));

        Assert.Empty(rows);
    }

    [Fact]
    public async Task ExecuteAsync_InlineOuterOfEmptyArray_YieldsOneRowOfNulls()
    {
        using var sut = new EngineScope();

        var empty = await sut.Rows("SELECT a, b FROM (SELECT inline_outer(from_json('[]', 'ARRAY<STRUCT<a: INT, b: STRING>>')))");
        var some = await sut.Rows("SELECT a, b FROM (SELECT inline_outer(from_json('[{\"a\":1},null]', 'ARRAY<STRUCT<a: INT, b: STRING>>')))");

        Assert.Equal([[null, null]], empty);
        Assert.Equal([[1, null], [null, null]], some);
    }

    [Fact]
    public async Task ExecuteAsync_FromJsonMissingAndExtraKeys_MissingAreNullExtraIgnoredNamesCaseSensitive()
    {
        using var sut = new EngineScope();

        var rows = await sut.Rows("SELECT a, b FROM (SELECT inline(from_json(:p, 'ARRAY<STRUCT<a: INT, b: STRING>>')))", new LakehouseParameter("p", """[{"a": 1, "zzz": [1, {"x": 2}], "B": "upper"}, {"b": "only b"}]"""));

        Assert.Equal([[1, null], [null, "only b"]], rows);
    }

    [Fact]
    public async Task ExecuteAsync_FromJsonNestedArrayMapStruct_ReadsNestedValues()
    {
        using var sut = new EngineScope();
        const string json = """[{"tags": ["a", null, "c"], "attrs": {"k1": "1", "k2": null, "k1": "last wins"}, "pos": {"x": 1.25, "inner": {"when": "2024-01-02"}}, "grid": [[1, 2], [], null]}]""";

        var row = (await sut.Rows(
            "SELECT tags, attrs, pos, grid FROM (SELECT inline(from_json(:p, 'ARRAY<STRUCT<tags: ARRAY<STRING>, attrs: MAP<STRING, STRING>, pos: STRUCT<x: DOUBLE, inner: STRUCT<when: DATE>>, grid: ARRAY<ARRAY<INT>>>>')))",
            new LakehouseParameter("p", json))).Single();

        Assert.Equal(["a", null, "c"], (IEnumerable<object?>)row[0]!);
        Assert.Equal(new Dictionary<object, object?> { ["k1"] = "last wins", ["k2"] = null }, (IDictionary<object, object?>)row[1]!);
        var pos = (IDictionary<string, object?>)row[2]!;
        Assert.Equal(1.25, pos["x"]);
        Assert.Equal(new DateOnly(2024, 1, 2), ((IDictionary<string, object?>)pos["inner"]!)["when"]);
        var grid = ((IEnumerable<object?>)row[3]!).ToList();
        Assert.Equal([1, 2], (IEnumerable<object?>)grid[0]!);
        Assert.Empty((IEnumerable<object?>)grid[1]!);
        Assert.Null(grid[2]);
    }

    [Theory]
    [InlineData("a INT, b STRING")]
    [InlineData("STRUCT<a: INT, b: STRING>")]
    [InlineData("struct<a int, b string>")]
    public async Task ExecuteAsync_FromJsonStructSchemaForms_ReturnStruct(string schema)
    {
        using var sut = new EngineScope();

        var value = await sut.Scalar("SELECT from_json('{\"a\": 7, \"b\": \"x\"}', :schema)", new LakehouseParameter("schema", schema));

        Assert.Equal(new Dictionary<string, object?> { ["a"] = 7, ["b"] = "x" }, (IDictionary<string, object?>)value!);
    }

    [Fact]
    public async Task ExecuteAsync_FromJsonMapSchema_ReturnsMap()
    {
        using var sut = new EngineScope();

        var value = await sut.Scalar("SELECT from_json('{\"x\": 1.5, \"y\": -2}', 'MAP<STRING, DOUBLE>')");

        Assert.Equal(new Dictionary<object, object?> { ["x"] = 1.5, ["y"] = -2.0 }, (IDictionary<object, object?>)value!);
    }

    [Fact]
    public async Task ExecuteAsync_FromJsonBadFieldPermissive_KeepsOtherFields()
    {
        using var sut = new EngineScope();

        var partial = await sut.Scalar("SELECT from_json('{\"a\": \"not a number\", \"b\": \"kept\"}', 'a INT, b STRING')");
        var malformed = await sut.Scalar("SELECT from_json('{\"a\" 1}', 'a INT, b STRING')");

        Assert.Equal(new Dictionary<string, object?> { ["a"] = null, ["b"] = "kept" }, (IDictionary<string, object?>)partial!);
        Assert.Equal(new Dictionary<string, object?> { ["a"] = null, ["b"] = null }, (IDictionary<string, object?>)malformed!);
    }

    [Fact]
    public async Task ExecuteAsync_FromJsonFailFastOnMalformed_FailsWithMalformedRecord()
    {
        using var sut = new EngineScope();

        var e = await sut.Fails("SELECT from_json('{\"a\": \"x\"}', 'a INT', map('mode', 'FAILFAST'))");

        Assert.Equal("MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION", e.ErrorClass);
    }

    [Theory]
    [InlineData("SELECT from_json('{}', 'MAP<INT, STRING>')", "DATATYPE_MISMATCH.INVALID_JSON_MAP_KEY_TYPE")]
    [InlineData("SELECT from_json('{}', 'INT')", "DATATYPE_MISMATCH.INVALID_JSON_SCHEMA")]
    [InlineData("SELECT from_json('{}', 'a INT,, b')", "INVALID_SCHEMA.PARSE_ERROR")]
    [InlineData("SELECT from_json('{}', 'a INT', 'mode')", "INVALID_OPTIONS.NON_MAP_FUNCTION")]
    [InlineData("SELECT from_json('{}', 'a INT', map('mode', 'DROPMALFORMED'))", "PARSE_MODE_UNSUPPORTED")]
    [InlineData("SELECT from_json('{}')", "WRONG_NUM_ARGS.WITHOUT_SUGGESTION")]
    public async Task ExecuteAsync_FromJsonInvalidSchemaOrOptions_FailsAtAnalysis(string sql, string errorClass)
    {
        using var sut = new EngineScope();

        var e = await sut.Fails(sql);

        Assert.Equal(errorClass, e.ErrorClass);
    }

    [Fact]
    public async Task ExecuteAsync_InlineTenThousandElementsWithLongStrings_ReturnsEveryRow()
    {
        using var sut = new EngineScope();
        var longText = new string('x', 100_000) + "\"'`\\\n";
        var json = new StringBuilder("[");
        for (var i = 0; i < 10_000; i++)
        {
            json.Append(i == 0 ? string.Empty : ",").Append(CultureInfo.InvariantCulture, $"{{\"c0\": {i}, \"c1\": {(i == 42 ? System.Text.Json.JsonSerializer.Serialize(longText) : "\"v" + i + "\"")}}}");
        }

        json.Append(']');

        var rows = await sut.Rows("SELECT c0, c1 FROM (SELECT inline(from_json(:p, 'ARRAY<STRUCT<c0: BIGINT, c1: STRING>>'))) ORDER BY c0", new LakehouseParameter("p", json.ToString()));

        Assert.Equal(10_000, rows.Count);
        Assert.Equal(Enumerable.Range(0, 10_000).Select(i => (long)i), rows.Select(r => (long)r[0]!));
        Assert.Equal(longText, rows[42][1]);
        Assert.Equal("v9999", rows[9999][1]);
    }

    [Fact]
    public async Task ExecuteAsync_InsertSelectInlineFromJson_WritesRowsToDeltaTable()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE t (id BIGINT, amount DECIMAL(10,2), tags ARRAY<STRING>)");

        await sut.Sql(
            "INSERT INTO t SELECT `c0` AS `id`, `c1` AS `amount`, `c2` AS `tags` FROM (SELECT inline(from_json(:p0, 'ARRAY<STRUCT<`c0`: BIGINT, `c1`: DECIMAL(10,2), `c2`: ARRAY<STRING>>>')))",
            new LakehouseParameter("p0", """[{"c0": 1, "c1": 10.005, "c2": ["a"]}, {"c0": 2, "c1": "1,234.5", "c2": []}]"""));
        var rows = await sut.Rows("SELECT id, CAST(amount AS STRING), tags FROM t ORDER BY id");

        Assert.Equal(2, rows.Count);
        Assert.Equal([1L, "10.01"], rows[0][..2]);
        Assert.Equal([2L, "1234.50"], rows[1][..2]);
    }

    [Fact]
    public async Task ExecuteAsync_ExplodeBesideInline_StillExpandsArrays()
    {
        using var sut = new EngineScope();

        var rows = await sut.Rows("SELECT explode(array(1, 2, 3)) AS v");
        var nested = await sut.Rows("SELECT id, explode(tags) AS tag FROM (SELECT inline(from_json('[{\"id\": 1, \"tags\": [\"a\", \"b\"]}]', 'ARRAY<STRUCT<id: INT, tags: ARRAY<STRING>>>')))");

        Assert.Equal([[1], [2], [3]], rows);
        Assert.Equal([[1, "a"], [1, "b"]], nested);
    }
}
