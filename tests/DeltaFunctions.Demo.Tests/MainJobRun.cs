namespace DeltaFunctions.Demo.Tests;

/// <summary>Runs the main job once for a test class, with the sample messages copied next to the tests.</summary>
public sealed class MainJobRun : IAsyncLifetime
{
    public MainJobSummary Summary { get; private set; } = null!;

    public string Output { get; private set; } = string.Empty;

    public async ValueTask InitializeAsync()
    {
        using var output = new StringWriter();
        Summary = await new MainJob().RunAsync(output, TestContext.Current.CancellationToken);
        Output = output.ToString();
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
