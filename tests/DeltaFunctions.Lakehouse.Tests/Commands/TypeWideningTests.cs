using DeltaFunctions.Lakehouse.Commands;
using DeltaFunctions.Lakehouse.Log;

namespace DeltaFunctions.Lakehouse.Tests.Commands;

public sealed class TypeWideningTests
{
    [Theory]
    [InlineData("TINYINT", "SMALLINT", true)]
    [InlineData("SMALLINT", "INT", true)]
    [InlineData("INT", "BIGINT", true)]
    [InlineData("INT", "DOUBLE", true)]
    [InlineData("INT", "DECIMAL(10,0)", true)]
    [InlineData("INT", "DECIMAL(9,0)", false)]
    [InlineData("BIGINT", "DECIMAL(20,0)", true)]
    [InlineData("BIGINT", "DOUBLE", false)]
    [InlineData("BIGINT", "INT", false)]
    [InlineData("FLOAT", "DOUBLE", true)]
    [InlineData("DECIMAL(10,2)", "DECIMAL(12,4)", true)]
    [InlineData("DECIMAL(10,2)", "DECIMAL(11,4)", false)]
    [InlineData("DATE", "TIMESTAMP_NTZ", true)]
    [InlineData("DATE", "TIMESTAMP", false)]
    [InlineData("STRING", "BINARY", false)]
    public void IsAllowed_DeltaWideningTable_Matches(string from, string to, bool expected)
    {
        var allowed = TypeWidening.IsAllowed(DeltaType.ParseSql(from), DeltaType.ParseSql(to));

        Assert.Equal(expected, allowed);
    }
}
