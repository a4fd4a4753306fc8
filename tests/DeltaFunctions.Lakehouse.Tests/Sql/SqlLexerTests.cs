using DeltaFunctions.Lakehouse.Sql;

namespace DeltaFunctions.Lakehouse.Tests.Sql;

public sealed class SqlLexerTests
{
    [Fact]
    public void Tokenize_BacktickWithDoubledBacktick_UnquotesName()
    {
        var text = "SELECT `a``b` FROM `my-cat`.s.t";

        var tokens = SqlLexer.Tokenize(text);

        Assert.Equal(SqlTokenKind.QuotedIdentifier, tokens[1].Kind);
        Assert.Equal("a`b", tokens[1].Text);
        Assert.Equal("my-cat", tokens[3].Text);
    }

    [Fact]
    public void Tokenize_StringsWithEscapes_Unescapes()
    {
        var text = @"'it''s' 'a\'b' ""dq"" -- comment
        /* block */ :param 10L 2.5BD";

        var tokens = SqlLexer.Tokenize(text);

        Assert.Equal(["it's", "a'b", "dq", "param", "10", "2.5", string.Empty], tokens.Select(t => t.Text));
        Assert.Equal(SqlTokenKind.Parameter, tokens[3].Kind);
        Assert.Equal(SqlTokenKind.End, tokens[^1].Kind);
    }

    [Fact]
    public void Tokenize_DoubleColonCast_IsNotAParameter()
    {
        var tokens = SqlLexer.Tokenize("x::INT");

        Assert.Equal(["x", "::", "INT", string.Empty], tokens.Select(t => t.Text));
    }

    [Theory]
    [InlineData("SELECT 'open")]
    [InlineData("SELECT `open")]
    [InlineData("SELECT /* open")]
    [InlineData("SELECT #")]
    public void Tokenize_Malformed_ThrowsParseClass(string text)
    {
        var e = Assert.Throws<LakehouseException>(() => SqlLexer.Tokenize(text));

        Assert.Equal("42601", e.SqlState);
    }
}
