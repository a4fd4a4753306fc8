using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks.Tests.Sql;

public sealed class QueryBuilderTests
{
    private static readonly TableName Orders = new("main", "sales", "orders");

    [Fact]
    public void Build_FullQuery_QuotesIdentifiersAndBindsValues()
    {
        var sut = new QueryBuilder(Orders)
            .Select("id", "amt")
            .Where(SqlFilter.GreaterThan("amt", 10.5m) & SqlFilter.In("status", ["open", "held"]))
            .OrderBy("id", descending: true)
            .Limit(100);

        var statement = sut.Build();

        Assert.Equal(
            "SELECT `id`, `amt` FROM `main`.`sales`.`orders` WHERE (`amt` > :p0) AND (`status` IN (:p1, :p2)) ORDER BY `id` DESC LIMIT :p3",
            statement.Text);
        Assert.Equal(
            [("p0", "10.5", "DECIMAL(3,1)"), ("p1", "open", "STRING"), ("p2", "held", "STRING"), ("p3", "100", "INT")],
            statement.Parameters.Select(p => (p.Name, p.Value, p.Type)));
    }

    [Fact]
    public void Build_AsOfVersion_WritesIntegerLiteral()
    {
        var statement = new QueryBuilder(Orders).AsOfVersion(3).Build();

        Assert.Equal("SELECT * FROM `main`.`sales`.`orders` VERSION AS OF 3", statement.Text);
        Assert.Empty(statement.Parameters);
    }

    [Fact]
    public void Build_AsOfTimestamp_BindsTimestamp()
    {
        var statement = new QueryBuilder(Orders).AsOfTimestamp(new DateTimeOffset(2024, 6, 10, 10, 0, 0, TimeSpan.FromHours(2))).Build();

        Assert.Equal("SELECT * FROM `main`.`sales`.`orders` TIMESTAMP AS OF :p0", statement.Text);
        Assert.Equal("2024-06-10T08:00:00.000000Z", statement.Parameters[0].Value);
        Assert.Equal("TIMESTAMP", statement.Parameters[0].Type);
    }

    [Fact]
    public void Build_HostileIdentifier_DoublesBackticks()
    {
        var statement = new QueryBuilder(new TableName("my-cat", "s", "order`; DROP TABLE x; --")).Select("a`b").Build();

        Assert.Equal("SELECT `a``b` FROM `my-cat`.`s`.`order``; DROP TABLE x; --`", statement.Text);
    }

    [Fact]
    public void Build_NullEquality_RendersIsNull()
    {
        var statement = new QueryBuilder(Orders).Where(SqlFilter.Equal("note", null)).Build();

        Assert.EndsWith("WHERE `note` IS NULL", statement.Text, StringComparison.Ordinal);
        Assert.Empty(statement.Parameters);
    }

    [Fact]
    public void Build_BinaryValue_BindsHexThroughUnhex()
    {
        var statement = new QueryBuilder(Orders).Where(SqlFilter.Equal("payload", new byte[] { 1, 255 })).Build();

        Assert.EndsWith("WHERE `payload` = unhex(:p0)", statement.Text, StringComparison.Ordinal);
        Assert.Equal("01FF", statement.Parameters[0].Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a\u0000b")]
    [InlineData("line\nbreak")]
    public void Select_InvalidIdentifier_Throws(string column)
    {
        var sut = new QueryBuilder(Orders);

        var act = () => sut.Select(column);

        Assert.Throws<ArgumentException>(act);
    }

    [Fact]
    public void Where_UnsupportedValueType_Throws()
    {
        var sut = new QueryBuilder(Orders).Where(SqlFilter.Equal("x", new object()));

        var act = () => sut.Build();

        Assert.Throws<ArgumentException>(act);
    }
}
