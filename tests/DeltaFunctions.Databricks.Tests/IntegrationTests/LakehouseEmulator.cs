using DeltaFunctions.Databricks.Auth;
using DeltaFunctions.Emulator;
using DeltaFunctions.TestUtilities.Emulator;
using DeltaFunctions.TestUtilities.Http;

namespace DeltaFunctions.Databricks.Tests.IntegrationTests;

/// <summary>
/// An emulator over loopback with small result chunks (so tests see many chunks) and small catalog pages, plus a
/// client for it. One per test class (xunit class fixture); each test uses its own table names.
/// </summary>
public sealed class LakehouseEmulator : IAsyncLifetime
{
    private EmulatorFixture _emulator = null!;

    public DatabricksClient Client { get; private set; } = null!;

    public EmulatorFixture Emulator => _emulator;

    public static async Task<(EmulatorFixture Emulator, DatabricksClient Client)> StartAsync(
        Func<EmulatorOptions, EmulatorOptions>? configure, CancellationToken cancellationToken)
    {
        var emulator = await EmulatorFixture.StartAsync(
            o => (configure ?? (x => x))(o with { ResultChunkRows = 100, ServerPageSize = 2 }), cancellationToken);
        var client = TestDatabricksClients.Create(
            emulator.BaseAddress,
            DatabricksCredential.FromPersonalAccessToken(emulator.Token),
            o => o.WarehouseId = emulator.WarehouseId);
        return (emulator, client);
    }

    public async ValueTask InitializeAsync() => (_emulator, Client) = await StartAsync(null, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _emulator.DisposeAsync();
    }

    /// <summary>A table name unique to one test.</summary>
    public static string NewTable(string prefix) => prefix + "_" + Guid.NewGuid().ToString("N")[..8];
}
