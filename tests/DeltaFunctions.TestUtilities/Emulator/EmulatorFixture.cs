using System.Net.Http.Headers;
using DeltaFunctions.Databricks;
using DeltaFunctions.Databricks.Testing;
using DeltaFunctions.Emulator;

namespace DeltaFunctions.TestUtilities.Emulator;

/// <summary>
/// The repository's xunit face of the test kit's <see cref="DatabricksEmulator"/> (what users reference): an emulator
/// in-process over real Kestrel on 127.0.0.1 with a free port and a temporary data directory. Use it as a class fixture
/// (<c>IClassFixture&lt;EmulatorFixture&gt;</c>) or start a customised one with <see cref="StartAsync"/> (for example
/// with a <c>FakeTimeProvider</c>). Adds raw HTTP clients for the emulator's own tests.
/// </summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    /// <summary>The personal access token every fixture accepts.</summary>
    public const string DefaultToken = DatabricksEmulatorOptions.DefaultToken;

    /// <summary>The OAuth M2M client id every fixture accepts.</summary>
    public const string DefaultClientId = DatabricksEmulatorOptions.DefaultClientId;

    /// <summary>The OAuth M2M client secret that goes with <see cref="DefaultClientId"/>.</summary>
    public const string DefaultClientSecret = DatabricksEmulatorOptions.DefaultClientSecret;

    private readonly Func<EmulatorOptions, EmulatorOptions>? _configure;
    private readonly List<HttpClient> _clients = [];
    private DatabricksEmulator? _emulator;

    /// <summary>Initializes a new instance of the <see cref="EmulatorFixture"/> class with the default options.</summary>
    public EmulatorFixture()
    {
    }

    private EmulatorFixture(Func<EmulatorOptions, EmulatorOptions>? configure) => _configure = configure;

    /// <summary>Gets the test kit's emulator (seeding, faults, clients).</summary>
    public DatabricksEmulator Emulator => _emulator ?? throw new InvalidOperationException("The emulator has not been started.");

    /// <summary>Gets the running emulator.</summary>
    public EmulatorHost Host => Emulator.Host;

    /// <summary>Gets the workspace URL, ending in a slash.</summary>
    public Uri BaseAddress => Host.BaseAddress;

    /// <summary>Gets the accepted personal access token.</summary>
    public string Token => Host.Token;

    /// <summary>Gets the default SQL warehouse id.</summary>
    public string WarehouseId => Host.WarehouseId;

    /// <summary>Gets the temporary data directory, deleted on dispose.</summary>
    public string DataDirectory => Emulator.DataDirectory;

    /// <summary>Gets the folder whose <c>.sql</c> files are the workspace's SQL notebooks.</summary>
    public string WorkspaceDirectory => Host.WorkspaceDirectory;

    /// <summary>Starts an emulator whose options are adjusted by <paramref name="configure"/>.</summary>
    /// <param name="configure">Changes the default options (port 0, temporary data directory, test credentials).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The started fixture; dispose it to stop the emulator and delete its data.</returns>
    public static async Task<EmulatorFixture> StartAsync(
        Func<EmulatorOptions, EmulatorOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        var fixture = new EmulatorFixture(configure);
        await fixture.StartCoreAsync(cancellationToken).ConfigureAwait(false);
        return fixture;
    }

    /// <inheritdoc />
    public ValueTask InitializeAsync() => new(StartCoreAsync(TestContext.Current.CancellationToken));

    private async Task StartCoreAsync(CancellationToken cancellationToken) =>
        _emulator = await DatabricksEmulator.StartAsync(new DatabricksEmulatorOptions { ConfigureEmulator = _configure }, cancellationToken).ConfigureAwait(false);

    /// <summary>Creates a <see cref="DatabricksClient"/> for the emulator with test settings; the fixture disposes it.</summary>
    /// <param name="configure">Option changes, or null.</param>
    /// <returns>The client.</returns>
    public DatabricksClient CreateDatabricksClient(Action<DatabricksClientOptions>? configure = null) => Emulator.CreateClient(configure);

    /// <summary>Creates an HTTP client for the emulator that sends <paramref name="token"/> as a bearer token.</summary>
    /// <param name="token">The token; the fixture's token when null; no Authorization header when empty.</param>
    /// <returns>A client the fixture disposes.</returns>
    public HttpClient CreateClient(string? token = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        token ??= Token;
        if (token.Length > 0)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        lock (_clients)
        {
            _clients.Add(client);
        }

        return client;
    }

    /// <summary>Writes a SQL notebook into the workspace folder, as a <c>.sql</c> file under <paramref name="workspacePath"/>.</summary>
    /// <param name="workspacePath">The notebook path, for example <c>/Shared/etl/load</c>.</param>
    /// <param name="sql">The notebook's statements.</param>
    public void WriteSqlNotebook(string workspacePath, string sql) => Emulator.WriteSqlNotebook(workspacePath, sql);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        lock (_clients)
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }

            _clients.Clear();
        }

        if (_emulator is not null)
        {
            await _emulator.DisposeAsync().ConfigureAwait(false);
            _emulator = null;
        }
    }
}
