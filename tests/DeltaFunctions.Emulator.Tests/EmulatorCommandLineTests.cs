namespace DeltaFunctions.Emulator.Tests;

public sealed class EmulatorCommandLineTests
{
    [Fact]
    public void Parse_NoArguments_UsesTheDocumentedDefaults()
    {
        var sut = EmulatorCommandLine.Parse([]);

        Assert.Equal("http://127.0.0.1:8080", sut.Urls);
        Assert.Equal(EmulatorOptions.DefaultDataDirectory, sut.DataDirectory);
        Assert.True(Path.IsPathFullyQualified(sut.DataDirectory));
        Assert.DoesNotContain(Directory.GetCurrentDirectory(), sut.DataDirectory, StringComparison.Ordinal);
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

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task RunAsync_Help_PrintsEveryOptionAndExitsZero(string flag)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await EmulatorCommandLine.RunAsync([flag], output, error, TestContext.Current.CancellationToken);

        Assert.Equal(0, code);
        Assert.Empty(error.ToString());
        foreach (var option in new[] { "--urls", "--data-dir", "--token", "--client-id", "--client-secret", "--seed-demo", "--result-chunk-rows", "--help" })
        {
            Assert.Contains(option, output.ToString(), StringComparison.Ordinal);
        }

        Assert.Contains(EmulatorOptions.DefaultDataDirectory, output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_BusyPort_PrintsOneClearLineAndExitsOne()
    {
        using var busy = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        busy.Start();
        var port = ((System.Net.IPEndPoint)busy.LocalEndpoint).Port;
        using var output = new StringWriter();
        using var error = new StringWriter();
        var dataDir = Path.Combine(Path.GetTempPath(), "emulator-cli-" + Guid.NewGuid().ToString("N"));

        var code = await EmulatorCommandLine.RunAsync(["--urls", $"http://127.0.0.1:{port}", "--data-dir", dataDir], output, error, TestContext.Current.CancellationToken);

        var lines = error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1, code);
        Assert.Single(lines);
        Assert.Contains("already in use", lines[0], StringComparison.Ordinal);
        Assert.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UnknownArgument_PrintsOneLineAndExitsTwo()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await EmulatorCommandLine.RunAsync(["--nope"], output, error, TestContext.Current.CancellationToken);

        Assert.Equal(2, code);
        Assert.Single(error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: Unknown argument '--nope'", error.ToString(), StringComparison.Ordinal);
    }
}
