using DeltaFunctions.Databricks.Streaming;

namespace DeltaFunctions.Databricks.Tests.Streaming;

public sealed class PythonLiteralTests
{
    private static readonly string[] NastyValues =
    [
        "",
        "plain",
        "double \" quote",
        "single ' quote",
        "triple \"\"\" quotes '''",
        "back\\slash at end\\",
        "new\nline and \r\n and \t tab",
        "nul \0 and bell \a and del \u007f",
        "\"); import os; os.system(\"rm -rf /\") #",
        "ünïcödé ✓ 中文 \u2028 line separator",
        "emoji 🚀 outside the BMP",
        "{braces} %s %(x)s",
    ];

    [Fact]
    public async Task String_HostileValues_PythonReadsBackTheSameValues()
    {
        var file = Path.Combine(Path.GetTempPath(), $"literal_{Guid.NewGuid():N}.py");
        var source = string.Concat(NastyValues.Select((v, i) => $"x{i} = {PythonLiteral.String(v)}\n"));
        await File.WriteAllTextAsync(file, source, TestContext.Current.CancellationToken);

        try
        {
            var constants = await PythonRunner.StringConstantsAsync(file, TestContext.Current.CancellationToken);

            Assert.Equal(NastyValues, constants);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void String_Output_IsSingleLineAscii()
    {
        var literal = PythonLiteral.String("a\nb\u00e9🚀\"");

        Assert.DoesNotContain('\n', literal);
        Assert.All(literal, c => Assert.InRange(c, (char)0x20, (char)0x7e));
        Assert.Equal("\"a\\nb\\u00e9\\U0001f680\\\"\"", literal);
    }

    [Fact]
    public void String_UnpairedSurrogate_Throws()
    {
        Assert.Throws<ArgumentException>(() => PythonLiteral.String("bad \ud800 surrogate"));
    }
}
