using DeltaFunctions.Pipelines.Validation;

namespace DeltaFunctions.Pipelines.Tests.Validation;

public sealed class ColumnNameTests
{
    [Theory]
    [InlineData("id")]
    [InlineData("order_id")]
    [InlineData("Amount-EUR")]
    [InlineData("größe")]
    public void IsValid_PlainName_IsTrue(string name)
    {
        Assert.True(ColumnName.IsValid(name, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("a`b")]
    [InlineData("id; DROP TABLE t")]
    [InlineData("a.b")]
    [InlineData("a'b")]
    [InlineData("f(x)")]
    [InlineData("a=b")]
    [InlineData("tab\there")]
    [InlineData("nul\0")]
    public void IsValid_HostileName_IsFalse(string name)
    {
        Assert.False(ColumnName.IsValid(name, out var error));
        Assert.NotNull(error);
    }
}
