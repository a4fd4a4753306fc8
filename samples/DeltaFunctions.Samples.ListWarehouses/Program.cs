// Lists the workspace's SQL warehouses through the DeltaFunctions client library.
// Reads DATABRICKS_HOST and DATABRICKS_TOKEN (or any other method the library detects, e.g.
// DATABRICKS_CLIENT_ID/DATABRICKS_CLIENT_SECRET) from the environment.
using DeltaFunctions.Databricks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
var services = new ServiceCollection()
    .AddLogging(logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning))
    .AddDatabricks(configuration);

await using var provider = services.BuildServiceProvider();
DatabricksClient client;
try
{
    // Validation runs here: a missing DATABRICKS_HOST or credential names the variable to set.
    _ = provider.GetRequiredService<IOptions<DatabricksClientOptions>>().Value;
    client = provider.GetRequiredService<DatabricksClient>();
}
catch (OptionsValidationException exception)
{
    Console.Error.WriteLine("Cannot start: the Databricks configuration is incomplete.");
    foreach (var failure in exception.Failures)
    {
        Console.Error.WriteLine($"  - {failure}");
    }

    Console.Error.WriteLine("Example: DATABRICKS_HOST=https://adb-123.4.azuredatabricks.net DATABRICKS_TOKEN=dapi... dotnet run --project samples/DeltaFunctions.Samples.ListWarehouses");
    return 2;
}

try
{
    Console.WriteLine($"SQL warehouses in {client.Host} (auth: {client.AuthType}):");
    var count = 0;
    await foreach (var warehouse in client.GetWarehousesClient().ListWarehousesAsync())
    {
        Console.WriteLine($"  {warehouse.Id,-20} {warehouse.State,-10} {warehouse.ClusterSize,-10} {warehouse.Name}");
        count++;
    }

    Console.WriteLine(count == 0 ? "  (none)" : $"{count} warehouse(s).");
    return 0;
}
catch (DatabricksException exception)
{
    Console.Error.WriteLine($"Listing warehouses failed: {exception.Message}");
    return 1;
}
