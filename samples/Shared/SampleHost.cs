using DeltaFunctions.Databricks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeltaFunctions.Samples;

/// <summary>
/// The start-up every sample shares: the client configured from the environment variables of the README
/// (<c>DATABRICKS_HOST</c>, <c>DATABRICKS_TOKEN</c> or another credential, <c>DATABRICKS_WAREHOUSE_ID</c>,
/// <c>DATABRICKS_CATALOG</c>, <c>DATABRICKS_SCHEMA</c>) and validated before anything runs, Ctrl+C cancelling the
/// work. Exit codes: 0 done, 1 the work failed, 2 the configuration is incomplete.
/// </summary>
internal static class SampleHost
{
    /// <summary>Configures the client, runs the sample's work and turns its outcome into the exit code.</summary>
    /// <param name="name">The sample's name, for messages.</param>
    /// <param name="needsWarehouse">Whether the sample runs SQL, so <c>DATABRICKS_WAREHOUSE_ID</c> is required.</param>
    /// <param name="work">The work: true when it did what it should.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(string name, bool needsWarehouse, Func<DatabricksClient, CancellationToken, Task<bool>> work)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning))
            .AddDatabricks(configuration); // DATABRICKS_HOST, DATABRICKS_TOKEN, DATABRICKS_WAREHOUSE_ID, …
        if (needsWarehouse)
        {
            services.RequireDatabricksWarehouse(); // a missing DATABRICKS_WAREHOUSE_ID fails here, not at the first query
        }

        await using var provider = services.BuildServiceProvider();
        DatabricksClient client;
        try
        {
            // Validation runs here: a missing or invalid setting names the variable to set.
            _ = provider.GetRequiredService<IOptions<DatabricksClientOptions>>().Value;
            client = provider.GetRequiredService<DatabricksClient>();
        }
        catch (OptionsValidationException exception)
        {
            Console.Error.WriteLine($"Cannot start {name}: the Databricks configuration is incomplete.");
            foreach (var failure in exception.Failures)
            {
                Console.Error.WriteLine($"  - {failure}");
            }

            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        try
        {
            var succeeded = await work(client, cancel.Token);
            Console.WriteLine(succeeded ? $"{name}: done." : $"{name}: failed.");
            return succeeded ? 0 : 1;
        }
        catch (DatabricksException exception)
        {
            // SqlStatementException (statement id, SQLSTATE, error class) and the REST errors (error code, request id).
            Console.Error.WriteLine($"{name} failed: {exception.Message}");
            return 1;
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
        {
            // A value the client refused before sending anything (a table name, a job definition), with what to fix.
            Console.Error.WriteLine($"{name} failed: {exception.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine($"{name} cancelled.");
            return 1;
        }
    }
}
