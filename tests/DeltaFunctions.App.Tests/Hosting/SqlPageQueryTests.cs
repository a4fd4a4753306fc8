using DeltaFunctions.App.Hosting;

namespace DeltaFunctions.App.Tests.Hosting;

public sealed class SqlPageQueryTests
{
    [Theory]
    [InlineData(null, 0)]
    [InlineData("0", 0)]
    [InlineData("17", 17)]
    public void Parse_ValidChunk_ThatIndex(string? chunk, int expected)
    {
        var problems = SqlPageQuery.Parse("01ef-abc_1", chunk, out var index);

        Assert.Empty(problems);
        Assert.Equal(expected, index);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("two")]
    [InlineData("")]
    [InlineData("99999999999")]
    public void Parse_BadChunk_ProblemOnChunk(string chunk)
    {
        var problems = SqlPageQuery.Parse("01ef", chunk, out var index);

        Assert.Equal("chunk", Assert.Single(problems).Path);
        Assert.Equal(0, index);
    }

    [Theory]
    [InlineData("")]
    [InlineData("../etc")]
    [InlineData("a b")]
    public void Parse_BadStatementId_ProblemOnStatementId(string statementId)
    {
        var problems = SqlPageQuery.Parse(statementId, "x", out _);

        Assert.Equal(["statementId", "chunk"], problems.Select(p => p.Path));
    }
}
