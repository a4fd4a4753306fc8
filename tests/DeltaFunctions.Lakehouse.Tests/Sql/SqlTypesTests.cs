using DeltaFunctions.Lakehouse.Sql;

namespace DeltaFunctions.Lakehouse.Tests.Sql;

public sealed class SqlTypesTests
{
    [Theory]
    [InlineData("STRING", "VARCHAR")]
    [InlineData("long", "BIGINT")]
    [InlineData("TIMESTAMP", "TIMESTAMPTZ")]
    [InlineData("TIMESTAMP_NTZ", "TIMESTAMP")]
    [InlineData("decimal(10, 2)", "DECIMAL(10,2)")]
    [InlineData("ARRAY<MAP<STRING, INT>>", "MAP(VARCHAR, INTEGER)[]")]
    [InlineData("STRUCT<a: INT, `b c`: BINARY>", "STRUCT(\"a\" INTEGER, \"b c\" BLOB)")]
    public void ToDuckDb_DatabricksType_Maps(string databricks, string duck)
    {
        var result = SqlTypes.ToDuckDb(databricks);

        Assert.Equal(duck, result);
    }

    [Theory]
    [InlineData("BIGINT", "BIGINT")]
    [InlineData("INTEGER", "INT")]
    [InlineData("HUGEINT", "BIGINT")]
    [InlineData("TIMESTAMP WITH TIME ZONE", "TIMESTAMP")]
    [InlineData("TIMESTAMP", "TIMESTAMP_NTZ")]
    [InlineData("VARCHAR", "STRING")]
    [InlineData("DECIMAL(18,3)", "DECIMAL(18,3)")]
    [InlineData("INTEGER[]", "ARRAY<INT>")]
    [InlineData("STRUCT(a INTEGER, \"b c\" VARCHAR)", "STRUCT<a: INT, b c: STRING>")]
    [InlineData("MAP(VARCHAR, BIGINT)", "MAP<STRING, BIGINT>")]
    public void FromDuckDb_DuckDbType_Maps(string duck, string databricks)
    {
        var result = SqlTypes.FromDuckDb(duck);

        Assert.Equal(databricks, result);
    }

    [Fact]
    public void ToDuckDb_UnknownType_ThrowsUnsupportedDatatype()
    {
        var e = Assert.Throws<LakehouseException>(() => SqlTypes.ToDuckDb("GEOGRAPHY"));

        Assert.Equal("UNSUPPORTED_DATATYPE", e.ErrorClass);
    }
}
