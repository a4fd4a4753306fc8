namespace DeltaFunctions.Emulator.Tests;

public sealed class EmulatorCommandLineTests
{
    [Fact]
    public void Parse_NoArguments_UsesTheDocumentedDefaults()
    {
        var sut = EmulatorCommandLine.Parse([]);

        Assert.Equal("http://127.0.0.1:8080", sut.Urls);
        Assert.Equal("./.lakehouse", sut.DataDirectory);
        Assert.Empty(sut.Tokens);
        Assert.Null(sut.ClientId);
        Assert.False(sut.SeedDemo);
    }

    [Fact]
    public void Parse_EveryOption_IsApplied()
    {
        var sut = EmulatorCommandLine.Parse(
            ["--urls", "http://127.0.0.1:9000", "--data-dir", "/tmp/lh", "--token", "a", "--token", "b", "--client-id", "id", "--client-secret", "secret", "--seed-demo", "--result-chunk-rows", "2"]);

        Assert.Equal("http://127.0.0.1:9000", sut.Urls);
        Assert.Equal("/tmp/lh", sut.DataDirectory);
        Assert.Equal(["a", "b"], sut.Tokens);
        Assert.Equal("id", sut.ClientId);
        Assert.Equal("secret", sut.ClientSecret);
        Assert.True(sut.SeedDemo);
        Assert.Equal(2, sut.ResultChunkRows);
    }

    [Theory]
    [InlineData("--nope")]
    [InlineData("--token")]
    [InlineData("--client-id", "only-id")]
    [InlineData("--result-chunk-rows", "0")]
    public void Parse_BadArguments_ThrowsWithUsage(params string[] args)
    {
        var error = Assert.Throws<ArgumentException>(() => EmulatorCommandLine.Parse(args));

        Assert.Contains("usage:", error.Message, StringComparison.Ordinal);
    }
}
