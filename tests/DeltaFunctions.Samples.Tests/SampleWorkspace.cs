using DeltaFunctions.Databricks;
using DeltaFunctions.Databricks.Auth;
using DeltaFunctions.TestUtilities.Emulator;
using DeltaFunctions.TestUtilities.Http;

namespace DeltaFunctions.Samples.Tests;

/// <summary>
/// An emulator the samples run against, and a client the tests check the workspace with. One per test class (xunit
/// class fixture); each test uses its own table, notebook and program names.
/// </summary>
public sealed class SampleWorkspace : IAsyncLifetime
{
    /// <summary>Gets the emulator.</summary>
    public EmulatorFixture Emulator { get; private set; } = null!;

    /// <summary>Gets a client of the emulator with its warehouse as the default.</summary>
    public DatabricksClient Client { get; private set; } = null!;

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        Emulator = await EmulatorFixture.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        Client = TestDatabricksClients.Create(
            Emulator.BaseAddress, DatabricksCredential.FromPersonalAccessToken(Emulator.Token), o => o.WarehouseId = Emulator.WarehouseId);
    }

    /// <summary>Runs a sample against the emulator (see <see cref="SampleProcess.RunAsync"/>).</summary>
    /// <param name="sample">The sample's name after <c>DeltaFunctions.Samples.</c>.</param>
    /// <param name="arguments">The command-line arguments.</param>
    /// <param name="environment">Variables to set on top of the emulator's (a null value removes one).</param>
    /// <returns>What the process printed and its exit code.</returns>
    public Task<SampleRun> RunAsync(string sample, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?>? environment = null) =>
        SampleProcess.RunAsync(sample, Emulator, arguments, TestContext.Current.CancellationToken, environment);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (Emulator is not null)
        {
            await Emulator.DisposeAsync();
        }
    }
}
