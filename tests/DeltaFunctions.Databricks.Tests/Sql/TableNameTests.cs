using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks.Tests.Sql;

/// <summary>The solution's one table-name type: parsing the SQL text form under Unity Catalog's naming rules.</summary>
public sealed class TableNameTests
{
    [Theory]
    [InlineData("main.sales.orders", "`main`.`sales`.`orders`")]
    [InlineData("`my-cat`.sales.`order-items`", "`my-cat`.`sales`.`order-items`")]
    [InlineData("`a``b`.s.t", "`a``b`.`s`.`t`")]
    [InlineData("Main.Sales.Orders_2024", "`Main`.`Sales`.`Orders_2024`")]
    public void TryParse_ValidName_QuotesEveryPart(string text, string quoted)
    {
        var ok = TableName.TryParse(text, out var sut, out _);

        Assert.True(ok);
        Assert.Equal(quoted, sut!.ToSql());
    }

    [Theory]
    [InlineData("orders")]
    [InlineData("sales.orders")]
    [InlineData("a.b.c.d")]
    [InlineData("main.sales.order items")]
    [InlineData("`main`.`sales`.`order items`")]
    [InlineData("main.sales.`a.b`")]
    [InlineData("main.sales.`a/b`")]
    [InlineData("main.sales.`unclosed")]
    [InlineData("main.sales.a`b")]
    [InlineData("main.sales.orders; DROP TABLE x")]
    [InlineData("main..orders")]
    [InlineData("main.sales.")]
    [InlineData("main.sales.``")]
    [InlineData("main.sales.`tab\u0001`")]
    [InlineData("")]
    [InlineData("   ")]
    public void TryParse_InvalidName_Fails(string text)
    {
        var ok = TableName.TryParse(text, out var sut, out var error);

        Assert.False(ok);
        Assert.Null(sut);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void TryParse_PartLongerThan255_Fails()
    {
        var ok = TableName.TryParse("main.sales." + new string('t', 256), out _, out var error);

        Assert.False(ok);
        Assert.Contains("255", error, StringComparison.Ordinal);
    }

    [Fact]
    public void FullName_Parsed_IsTheUnquotedDottedName()
    {
        _ = TableName.TryParse("`My-Cat`.Sales.`a``b`", out var sut, out _);

        Assert.Equal("My-Cat.Sales.a`b", sut!.FullName);
        Assert.Equal(new TableName("My-Cat", "Sales", "a`b"), sut);
    }

    [Theory]
    [InlineData("sales", true)]
    [InlineData("my-volume", true)]
    [InlineData("a.b", false)]
    [InlineData("a b", false)]
    [InlineData("a/b", false)]
    [InlineData("a\u007f", false)]
    [InlineData("", false)]
    public void IsValidObjectName_UnityCatalogRules(string part, bool valid)
    {
        var ok = TableName.IsValidObjectName(part, out var error);

        Assert.Equal(valid, ok);
        Assert.Equal(valid, error is null);
    }
}
