using DeltaFunctions.Databricks;
using DeltaFunctions.Databricks.Auth;
using DeltaFunctions.Databricks.Delta;
using DeltaFunctions.TestUtilities.Emulator;
using DeltaFunctions.TestUtilities.Http;

namespace DeltaFunctions.Benchmarks.Sql;

/// <summary>An emulator on loopback plus a client, for the SQL and Delta benchmarks.</summary>
internal sealed class EmulatorSession : IAsyncDisposable
{
    private EmulatorSession(EmulatorFixture emulator, DatabricksClient client)
    {
        Emulator = emulator;
        Client = client;
    }

    public EmulatorFixture Emulator { get; }

    public DatabricksClient Client { get; }

    public DeltaClient Delta => Client.GetDeltaClient("main", "default", new DeltaClientOptions { RowEncoding = SourceRowEncoding.ValuesParameters });

    public static async Task<EmulatorSession> StartAsync(int chunkRows)
    {
        var emulator = await EmulatorFixture.StartAsync(o => o with { ResultChunkRows = chunkRows });
        var client = TestDatabricksClients.Create(
            emulator.BaseAddress,
            DatabricksCredential.FromPersonalAccessToken(emulator.Token),
            o =>
            {
                o.WarehouseId = emulator.WarehouseId;
                o.TimeoutSeconds = 600;
                o.TotalTimeoutSeconds = 3600;
            });
        return new EmulatorSession(emulator, client);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Emulator.DisposeAsync();
    }
}
