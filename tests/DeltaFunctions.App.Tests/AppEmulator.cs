using DeltaFunctions.Databricks;
using DeltaFunctions.Databricks.Jobs;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Emulator;
using DeltaFunctions.TestUtilities.Emulator;

namespace DeltaFunctions.App.Tests;

/// <summary>An emulator over loopback and a client for it: the Databricks workspace the App's tests run against.</summary>
public sealed class AppEmulator : IAsyncLifetime
{
    private readonly Func<EmulatorOptions, EmulatorOptions> _configure;

    public AppEmulator()
        : this(options => options)
    {
    }

    private AppEmulator(Func<EmulatorOptions, EmulatorOptions> configure) => _configure = configure;

    public EmulatorFixture Emulator { get; private set; } = null!;

    public DatabricksClient Client { get; private set; } = null!;

    public SqlClient Sql => Client.GetSqlClient();

    public JobsClient Jobs => Client.GetJobsClient();

    /// <summary>Starts an emulator with adjusted options (for example runs that stay PENDING).</summary>
    public static async Task<AppEmulator> StartAsync(Func<EmulatorOptions, EmulatorOptions> configure)
    {
        var emulator = new AppEmulator(configure);
        await emulator.InitializeAsync();
        return emulator;
    }

    public async ValueTask InitializeAsync()
    {
        Emulator = await EmulatorFixture.StartAsync(_configure, TestContext.Current.CancellationToken);
        Client = Emulator.CreateDatabricksClient();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Emulator.DisposeAsync();
    }

    /// <summary>A client whose token the emulator rejects: every call it makes fails as Databricks refusing the credentials.</summary>
    public DatabricksClient CreateRejectedClient() => Emulator.CreateDatabricksClient(o => o.Token = "dapi-not-accepted");

    /// <summary>A table name unique to one test, in <c>main.default</c>.</summary>
    public static string NewTable(string prefix) => "main.default." + prefix + "_" + Guid.NewGuid().ToString("N")[..8];

    public Task ExecuteAsync(string sql, CancellationToken cancellationToken) => Sql.ExecuteAsync(SqlStatement.FromText(sql), null, cancellationToken);

    /// <summary>The runs the workspace holds with this run name: how many Databricks runs a test created.</summary>
    public async Task<IReadOnlyList<Run>> RunsNamedAsync(string runName, CancellationToken cancellationToken)
    {
        var runs = new List<Run>();
        await foreach (var run in Jobs.ListRunsAsync(cancellationToken: cancellationToken))
        {
            if (run.RunName == runName)
            {
                runs.Add(run);
            }
        }

        return runs;
    }
}
