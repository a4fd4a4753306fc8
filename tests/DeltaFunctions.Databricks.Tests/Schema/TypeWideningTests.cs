using DeltaFunctions.Databricks.Schema;
using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks.Tests.Schema;

public sealed class TypeWideningTests
{
    [Theory]
    [InlineData("TINYINT", "SMALLINT", true)]
    [InlineData("TINYINT", "DOUBLE", true)]
    [InlineData("SMALLINT", "BIGINT", true)]
    [InlineData("INT", "BIGINT", true)]
    [InlineData("INT", "DOUBLE", true)]
    [InlineData("INT", "DECIMAL(10,0)", true)]
    [InlineData("INT", "DECIMAL(9,0)", false)]
    [InlineData("BIGINT", "DECIMAL(20,0)", true)]
    [InlineData("BIGINT", "DECIMAL(19,0)", false)]
    [InlineData("BIGINT", "DOUBLE", false)]
    [InlineData("BIGINT", "INT", false)]
    [InlineData("FLOAT", "DOUBLE", true)]
    [InlineData("DOUBLE", "FLOAT", false)]
    [InlineData("DECIMAL(10,2)", "DECIMAL(12,4)", true)]
    [InlineData("DECIMAL(10,2)", "DECIMAL(11,4)", false)]
    [InlineData("DECIMAL(10,2)", "DECIMAL(12,1)", false)]
    [InlineData("DATE", "TIMESTAMP_NTZ", true)]
    [InlineData("DATE", "TIMESTAMP", false)]
    [InlineData("STRING", "BINARY", false)]
    [InlineData("INT", "STRING", false)]
    [InlineData("INT", "INT", false)]
    public void CanWiden_DeltaTable_MatchesReference(string from, string to, bool expected)
    {
        var allowed = TypeWidening.CanWiden(SqlType.Parse(from), SqlType.Parse(to));

        Assert.Equal(expected, allowed);
    }
}
