using System.Net.Http.Headers;
using DeltaFunctions.Databricks.Auth;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Databricks.Testing.Faults;
using DeltaFunctions.Databricks.Testing.Seeding;
using DeltaFunctions.Emulator;

namespace DeltaFunctions.Databricks.Testing;

/// <summary>
/// A local Databricks workspace for one test or test class: the emulator in this process over real HTTP (Kestrel on a
/// free loopback port, real Delta tables in a temporary folder), its catalog seeded with the tables you list, clients
/// and dependency-injection registrations that point at it, and typed fault injection.
/// <code>
/// await using var emulator = await DatabricksEmulator.StartAsync(new DatabricksEmulatorOptions
/// {
///     Tables = [EmulatorTable.FromRows("main.sales.orders", orders)],
/// });
/// using var client = emulator.CreateClient();
/// await emulator.Faults.ArmAsync(EmulatorFault.ServiceUnavailable().For("/api/2.0/sql/statements"));
/// </code>
/// </summary>
public sealed class DatabricksEmulator : IAsyncDisposable
{
    private readonly List<IDisposable> _owned = [];
    private readonly bool _ownsDataDirectory;
    private bool _disposed;

    private DatabricksEmulator(EmulatorHost host, DatabricksEmulatorOptions options, string dataDirectory, bool ownsDataDirectory)
    {
        Host = host;
        Options = options;
        DataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
        var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", host.Token);
        _owned.Add(http);
        Faults = new EmulatorFaults(http);
        SeedClient = new DatabricksClient(host.BaseAddress, DatabricksCredential.FromPersonalAccessToken(host.Token), TestClientDefaults.Create(o => o.WarehouseId = host.WarehouseId));
        _owned.Add(SeedClient);
    }

    /// <summary>Gets the running emulator (its engine, workspace folder and settings).</summary>
    public EmulatorHost Host { get; }

    /// <summary>Gets the settings the kit started it with.</summary>
    public DatabricksEmulatorOptions Options { get; }

    /// <summary>Gets the workspace URL, ending in a slash.</summary>
    public Uri BaseAddress => Host.BaseAddress;

    /// <summary>Gets the personal access token the emulator accepts.</summary>
    public string Token => Host.Token;

    /// <summary>Gets the id of the SQL warehouse statements run on.</summary>
    public string WarehouseId => Host.WarehouseId;

    /// <summary>Gets the folder holding the emulator's catalogs, workspace files and job runs.</summary>
    public string DataDirectory { get; }

    /// <summary>Gets the fault API: arm 429s, 503s, connection resets and latency for the next matching requests.</summary>
    public EmulatorFaults Faults { get; }

    /// <summary>The kit's own client (never recorded) that seeds tables.</summary>
    internal DatabricksClient SeedClient { get; }

    /// <summary>Starts an emulator and creates the tables of <see cref="DatabricksEmulatorOptions.Tables"/>.</summary>
    /// <param name="options">The settings, or null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running emulator; dispose it to stop it and delete its data.</returns>
    public static async Task<DatabricksEmulator> StartAsync(DatabricksEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DatabricksEmulatorOptions();
        var owns = options.DataDirectory is null;
        var dataDirectory = options.DataDirectory ?? Path.Combine(Path.GetTempPath(), "deltafunctions-emulator-" + Guid.NewGuid().ToString("N"));
        var emulatorOptions = new EmulatorOptions
        {
            Urls = "http://127.0.0.1:0",
            DataDirectory = dataDirectory,
            Tokens = [options.Token],
            ClientId = options.ClientId,
            ClientSecret = options.ClientSecret,
            SimulatedTaskDuration = options.SimulatedTaskDuration,
            TimeProvider = options.TimeProvider,
        };
        emulatorOptions = options.ConfigureEmulator?.Invoke(emulatorOptions) ?? emulatorOptions;
        var host = await EmulatorHost.StartAsync(emulatorOptions, cancellationToken).ConfigureAwait(false);
        var emulator = new DatabricksEmulator(host, options, dataDirectory, owns);
        try
        {
            await emulator.SeedAsync(options.Tables, cancellationToken).ConfigureAwait(false);
            return emulator;
        }
        catch
        {
            await emulator.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Creates tables in the running emulator (catalogs and schemas are created when missing).</summary>
    /// <param name="tables">The tables.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>A task that completes when every table holds its rows.</returns>
    public async Task SeedAsync(IEnumerable<EmulatorTable> tables, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tables);
        foreach (var table in tables)
        {
            var schema = $"{SqlIdentifier.Quote(table.Name.Catalog)}.{SqlIdentifier.Quote(table.Name.Schema)}";
            await ExecuteSeedSqlAsync($"CREATE CATALOG IF NOT EXISTS {SqlIdentifier.Quote(table.Name.Catalog)}", cancellationToken).ConfigureAwait(false);
            await ExecuteSeedSqlAsync($"CREATE SCHEMA IF NOT EXISTS {schema}", cancellationToken).ConfigureAwait(false);
            await table.CreateAsync(this, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Creates a client for the emulator with test settings (<see cref="TestClientDefaults"/>), its token and its
    /// warehouse; <paramref name="configure"/> may change anything, e.g. set <see cref="DatabricksClientOptions.RecordPath"/>
    /// to record the session. The emulator disposes it.
    /// </summary>
    /// <param name="configure">Option changes, or null.</param>
    /// <returns>The client.</returns>
    public DatabricksClient CreateClient(Action<DatabricksClientOptions>? configure = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var client = new DatabricksClient(CreateClientOptions(configure));
        lock (_owned)
        {
            _owned.Add(client);
        }

        return client;
    }

    /// <summary>The options <see cref="CreateClient"/> uses: host, token, warehouse and test settings, then <paramref name="configure"/>.</summary>
    /// <param name="configure">Option changes, or null.</param>
    /// <returns>The options.</returns>
    public DatabricksClientOptions CreateClientOptions(Action<DatabricksClientOptions>? configure = null) =>
        TestClientDefaults.Create(o =>
        {
            o.Host = BaseAddress.ToString();
            o.Token = Token;
            o.WarehouseId = WarehouseId;
            configure?.Invoke(o);
        });

    /// <summary>Writes a SQL notebook into the workspace, as jobs' notebook tasks find it.</summary>
    /// <param name="workspacePath">The notebook path, e.g. <c>/Shared/etl/load</c>.</param>
    /// <param name="sql">The notebook's statements.</param>
    public void WriteSqlNotebook(string workspacePath, string sql)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workspacePath);
        ArgumentNullException.ThrowIfNull(sql);
        var root = Path.GetFullPath(Host.WorkspaceDirectory);
        var file = Path.GetFullPath(Path.Combine(root, workspacePath.TrimStart('/') + ".sql"));
        if (!file.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The notebook path '{workspacePath}' leaves the workspace.", nameof(workspacePath));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, sql);
    }

    /// <summary>Stops the emulator, disposes the clients it created and deletes the data folder it created.</summary>
    /// <returns>A task that completes when stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        lock (_owned)
        {
            foreach (var owned in _owned)
            {
                owned.Dispose();
            }

            _owned.Clear();
        }

        await Host.DisposeAsync().ConfigureAwait(false);
        if (_ownsDataDirectory)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // A file still held open; the temporary folder is left to the OS.
            }
        }
    }

    /// <summary>Runs one statement of the kit's own (DDL for seeding) through the seeding client.</summary>
    /// <param name="sql">The statement.</param>
    /// <param name="cancellationToken">Cancels it.</param>
    /// <returns>A task that completes when it succeeded.</returns>
    internal Task ExecuteSeedSqlAsync(string sql, CancellationToken cancellationToken) =>
        SeedClient.GetSqlClient().ExecuteAsync(SqlStatement.FromText(sql), cancellationToken: cancellationToken);
}
