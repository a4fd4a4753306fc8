using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DeltaFunctions.Databricks.Jobs;

namespace DeltaFunctions.Samples.Tests;

/// <summary>samples/DeltaFunctions.Samples.StreamingJob: a generated streaming program deployed as a job and run once.</summary>
public sealed partial class StreamingJobSampleTests(SampleWorkspace workspace) : IClassFixture<SampleWorkspace>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_DeltaToDeltaMerge_UploadsTheProgramCreatesTheJobAndItsRunSucceeds()
    {
        var path = "/Workspace/Shared/samples_tests/" + Guid.NewGuid().ToString("N")[..8] + "/orders_stream.py";

        var run = await workspace.RunAsync("StreamingJob", [path, "main.bronze.orders", "main.silver.orders_sample", "/Volumes/main/etl/state/sample"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var match = RunLine().Match(run.Output);
        Assert.True(match.Success, run.ToString());
        var (runId, jobId) = (long.Parse(match.Groups["run"].Value, CultureInfo.InvariantCulture), long.Parse(match.Groups["job"].Value, CultureInfo.InvariantCulture));
        var jobs = workspace.Client.GetJobsClient();
        var job = await jobs.GetJobAsync(jobId, Ct);
        Assert.Equal(path, Assert.Single(job.Settings!.Tasks!).SparkPythonTask!.PythonFile);
        Assert.Equal("0 0 * * * ?", job.Settings.Schedule!.QuartzCronExpression);
        var finished = await jobs.GetRunAsync(runId, Ct);
        Assert.Equal((jobId, RunResultState.Success), (finished.JobId, finished.State!.ResultState));
        var exported = await workspace.Emulator.CreateClient().GetFromJsonAsync<JsonObject>("api/2.0/workspace/export?format=SOURCE&path=" + Uri.EscapeDataString(path), Ct);
        var program = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String((string)exported!["content"]!));
        Assert.Contains("main.silver.orders_sample", program, StringComparison.Ordinal);
        Assert.Contains("/Volumes/main/etl/state/sample", program, StringComparison.Ordinal);
        Assert.Contains("availableNow", program, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^Run (?<run>\d+) of job (?<job>\d+): ", RegexOptions.Multiline)]
    private static partial Regex RunLine();
}
