// Generates a Structured Streaming program (a Delta table merged into another on a key, processing what arrived and
// stopping), uploads it and creates its hourly job (workspace import + jobs/create), runs the job now (jobs/run-now)
// and waits for the run. Each run creates a new job; delete it with JobsClient.DeleteJobAsync when done. Exit code 0 when
// the run succeeded, 1 otherwise, 2 on bad settings.
// Settings: DATABRICKS_HOST and DATABRICKS_TOKEN (or another credential); no warehouse needed.
// Usage: dotnet run --project samples/DeltaFunctions.Samples.StreamingJob [program-path] [source-table] [target-table] [checkpoint]
using DeltaFunctions.Databricks.Jobs;
using DeltaFunctions.Databricks.Streaming;
using DeltaFunctions.Samples;

var programPath = args.Length > 0 ? args[0] : "/Workspace/Shared/deltafunctions-samples/orders_stream.py";
var source = args.Length > 1 ? args[1] : "main.bronze.orders";
var target = args.Length > 2 ? args[2] : "main.silver.orders";
var checkpoint = args.Length > 3 ? args[3] : "/Volumes/main/etl/state/orders";

return await SampleHost.RunAsync("streaming job", needsWarehouse: false, async (client, ct) =>
{
    var jobs = client.GetJobsClient();
    var definition = new StreamingJobBuilder("orders-stream")
        .FromDeltaTable(source)
        .MergeIntoDeltaTable(target, ["order_id"])
        .WithCheckpointLocation(checkpoint)
        .WithTrigger(StreamingTrigger.AvailableNow) // each run processes what arrived since the last, then stops
        .RunOnSchedule("0 0 * * * ?") // hourly; RunContinuously() with ProcessingTime(...) for a stream that never stops
        .Build(programPath, ClusterPresets.Streaming("15.4.x-scala2.12"));
    var jobId = await jobs.DeployStreamingJobAsync(definition, ct);
    Console.WriteLine($"Uploaded {programPath} and created job {jobId}.");

    var run = await jobs.StartRunNowAsync(new RunNow { JobId = jobId }, ct);
    RunResult result = await run.WaitForCompletionAsync(new WaitOptions { Timeout = TimeSpan.FromHours(1) }, ct);
    Console.WriteLine($"Run {run.RunId} of job {jobId}: {result.ResultState} {result.RunPageUrl}");
    return result.IsSuccess;
});
