// Submits a one-time notebook run and waits for it (Jobs API: runs/submit, then runs/get until the run ends), then
// prints the notebook's output. Exit code 0 when the run succeeded, 1 when it failed, 2 when a setting is missing.
// Settings: DATABRICKS_HOST and DATABRICKS_TOKEN (or another credential, see the README); no warehouse needed.
// Usage: dotnet run --project samples/DeltaFunctions.Samples.BasicJob [notebook-path] [city]
using DeltaFunctions.Databricks.Jobs;
using DeltaFunctions.Samples;

var notebookPath = args.Length > 0 ? args[0] : "/Shared/demo/city_summary";
var city = args.Length > 1 ? args[1] : "Amsterdam";

return await SampleHost.RunAsync("basic job", needsWarehouse: false, async (client, ct) =>
{
    var jobs = client.GetJobsClient();
    var run = await jobs.StartSubmitRunAsync(new SubmitRunBuilder()
        .WithRunName("city-summary")
        .AddTask(new JobTaskBuilder("summary")
            .Notebook(notebookPath, new Dictionary<string, string> { ["city"] = city })
            .OnNewCluster(ClusterPresets.Small("15.4.x-scala2.12")))
        .Build(), ct);
    Console.WriteLine($"Submitted run {run.RunId}; waiting for it.");
    RunResult result = await run.WaitForCompletionAsync(new WaitOptions { Timeout = TimeSpan.FromMinutes(30) }, ct);
    Console.WriteLine($"Run {run.RunId}: {result.ResultState} {result.RunPageUrl}");

    // The notebook's dbutils.notebook.exit value (the emulator: its last statement's rows as JSON), or the error.
    if (result.Run.Tasks is [{ RunId: var taskRunId }])
    {
        var output = await jobs.GetRunOutputAsync(taskRunId, ct);
        Console.WriteLine(output.Error is null ? $"Output: {output.NotebookOutput?.Result}" : $"Error: {output.Error}");
    }

    return result.IsSuccess;
});
