using DeltaFunctions.Lakehouse.Log;

namespace DeltaFunctions.Lakehouse.Tests.Log;

public sealed class DeltaTypeTests
{
    [Theory]
    [InlineData("bigint", "BIGINT", "BIGINT")]
    [InlineData("INT", "INT", "INTEGER")]
    [InlineData("string", "STRING", "VARCHAR")]
    [InlineData("decimal(10,2)", "DECIMAL(10,2)", "DECIMAL(10,2)")]
    [InlineData("decimal", "DECIMAL(10,0)", "DECIMAL(10,0)")]
    [InlineData("timestamp_ntz", "TIMESTAMP_NTZ", "TIMESTAMP")]
    [InlineData("timestamp", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE")]
    [InlineData("array<struct<a:int>>", "ARRAY<STRUCT<a: INT>>", "STRUCT(\"a\" INTEGER)[]")]
    [InlineData("map<string, bigint>", "MAP<STRING, BIGINT>", "MAP(VARCHAR, BIGINT)")]
    [InlineData("struct<`my col`: string NOT NULL, b: array<date>>", "STRUCT<my col: STRING NOT NULL, b: ARRAY<DATE>>", "STRUCT(\"my col\" VARCHAR, \"b\" DATE[])")]
    public void ParseSql_TypeText_ConvertsToSqlTextAndDuckDb(string text, string sqlText, string duckDb)
    {
        var type = DeltaType.ParseSql(text);

        Assert.Equal(sqlText, type.ToSqlText());
        Assert.Equal(duckDb, type.ToDuckDbType());
    }

    [Theory]
    [InlineData("array<int")]
    [InlineData("decimal(50,2)")]
    [InlineData("nosuchtype")]
    public void ParseSql_InvalidText_ThrowsLakehouseException(string text)
    {
        var error = Assert.Throws<LakehouseException>(() => DeltaType.ParseSql(text));

        Assert.Contains(error.ErrorClass, new[] { "PARSE_SYNTAX_ERROR", "UNSUPPORTED_DATATYPE" });
    }

    [Fact]
    public void ToSchemaString_ParsedBack_IsEqualIncludingMetadata()
    {
        var schema = new StructType(
        [
            new StructField("id", PrimitiveType.Long, Nullable: false),
            new StructField("tags", new MapType(PrimitiveType.String, new ArrayType(PrimitiveType.Integer, false))).WithComment("labels"),
            new StructField("amount", new DecimalType(38, 18)),
        ]);

        var parsed = StructType.Parse(schema.ToSchemaString());

        Assert.Equal(schema, parsed);
        Assert.Equal("labels", parsed.Fields[1].Comment);
        Assert.Contains("\"type\":\"decimal(38,18)\"", schema.ToSchemaString(), StringComparison.Ordinal);
    }
}
