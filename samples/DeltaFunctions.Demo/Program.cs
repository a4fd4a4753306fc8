using System.Globalization;
using DeltaFunctions.Databricks;
using DeltaFunctions.Databricks.Auth;
using DeltaFunctions.Databricks.Jobs;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Emulator;

// The main job on the embedded default: a local Databricks workspace (the emulator, over real loopback HTTP)
// with a small demo lakehouse, driven by the same client library an app uses against a real workspace.
// Production runs on Azure Functions against Azure Databricks; nothing here needs a cloud account.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
var ct = stop.Token;

var dataDirectory = Path.Combine(Path.GetTempPath(), "deltafunctions-demo-" + Guid.NewGuid().ToString("N")[..8]);
await using (var emulator = await EmulatorHost.StartAsync(
    new EmulatorOptions { Urls = "http://127.0.0.1:0", DataDirectory = dataDirectory, SeedDemo = true }, ct))
{
    Console.WriteLine($"Local Databricks workspace (emulator) at {emulator.BaseAddress}, data in {dataDirectory}");

    using var client = new DatabricksClient(
        emulator.BaseAddress,
        DatabricksCredential.FromPersonalAccessToken(emulator.Token),
        new DatabricksClientOptions { WarehouseId = emulator.WarehouseId });

    // 1. A SQL query answered through the SQL Statement Execution API, rows streamed as Arrow and typed.
    Console.WriteLine();
    Console.WriteLine("SQL: trips per city in main.demo.trips");
    var query = new SqlStatement(
        "SELECT city, count(*) AS trips, sum(distance_km) AS total_km FROM main.demo.trips WHERE started_at >= :since GROUP BY city ORDER BY city",
        [new StatementParameter { Name = "since", Value = "2024-06-01 00:00:00", Type = "TIMESTAMP" }]);
    await foreach (var row in client.GetSqlClient().QueryAsync(query, cancellationToken: ct))
    {
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  {row.Get<string>("city"),-10} {row.Get<long>("trips"),3} trips {row.Get<decimal>("total_km"),8} km"));
    }

    // 2. The demo SQL notebook submitted as a one-time job run and awaited with backoff.
    Console.WriteLine();
    Console.WriteLine("Job: run the notebook /Shared/demo/city_summary for city 'Amsterdam'");
    var jobs = client.GetJobsClient();
    var run = new SubmitRunBuilder()
        .WithRunName("demo city summary")
        .AddTask(new JobTaskBuilder("summary")
            .Notebook("/Shared/demo/city_summary", new Dictionary<string, string> { ["city"] = "Amsterdam" })
            .OnServerless())
        .Build();
    var runId = await jobs.SubmitRunAsync(run, ct);
    var result = await jobs.WaitForCompletionAsync(
        runId,
        new WaitOptions { InitialDelay = TimeSpan.FromMilliseconds(200), Timeout = TimeSpan.FromMinutes(2) },
        ct);
    Console.WriteLine($"  run {runId}: {result.ResultState} ({result.RunPageUrl})");
    var output = await jobs.GetRunOutputAsync(result.Run.Tasks![0].RunId, ct);
    Console.WriteLine($"  notebook result: {output.NotebookOutput?.Result}");
}

try
{
    Directory.Delete(dataDirectory, recursive: true);
}
catch (IOException)
{
    // A leftover temporary folder is harmless.
}
