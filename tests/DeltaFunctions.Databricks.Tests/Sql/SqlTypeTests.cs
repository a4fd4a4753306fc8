using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks.Tests.Sql;

public sealed class SqlTypeTests
{
    [Theory]
    [InlineData("bigint", "BIGINT")]
    [InlineData("INT", "INT")]
    [InlineData("decimal(10,2)", "DECIMAL(10,2)")]
    [InlineData("DECIMAL", "DECIMAL(10,0)")]
    [InlineData("array<int>", "ARRAY<INT>")]
    [InlineData("map<string,bigint>", "MAP<STRING, BIGINT>")]
    [InlineData("struct<a:int,`b c`:array<string>>", "STRUCT<`a`: INT, `b c`: ARRAY<STRING>>")]
    [InlineData("STRUCT<a: INT NOT NULL COMMENT 'x'>", "STRUCT<`a`: INT NOT NULL>")]
    [InlineData("timestamp_ntz", "TIMESTAMP_NTZ")]
    [InlineData("varchar(20)", "STRING")]
    [InlineData("tinyint", "TINYINT")]
    [InlineData("smallint", "SMALLINT")]
    public void Parse_TypeText_RendersCanonical(string text, string expected)
    {
        var sut = SqlType.Parse(text);

        Assert.Equal(expected, sut.ToString());
        Assert.Equal(sut, SqlType.Parse(sut.ToString()));
    }

    [Theory]
    [InlineData("array<int")]
    [InlineData("decimal(10,")]
    [InlineData("map<int>")]
    [InlineData("")]
    public void TryParse_Malformed_ReturnsFalse(string text)
    {
        var parsed = SqlType.TryParse(text, out var type);

        Assert.False(parsed);
        Assert.Null(type);
    }

    [Fact]
    public void FromColumn_DecimalWithoutTypeText_UsesPrecisionAndScale()
    {
        var sut = SqlType.FromColumn(SqlTypeName.Decimal, null, 12, 3);

        Assert.Equal(SqlType.Decimal(12, 3), sut);
    }

    [Fact]
    public void Decimal_ScaleAbovePrecision_Throws()
    {
        var act = () => SqlType.Decimal(5, 6);

        Assert.Throws<ArgumentOutOfRangeException>(act);
    }
}
