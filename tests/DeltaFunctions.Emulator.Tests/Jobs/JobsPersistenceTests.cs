using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using DeltaFunctions.TestUtilities.Emulator;

namespace DeltaFunctions.Emulator.Tests.Jobs;

/// <summary>
/// Jobs and runs live in the data directory like tables do: a new emulator on the same folder answers runs/get,
/// runs/get-output, runs/list and jobs/get as the old one did, never reuses an id, and never resumes a run.
/// </summary>
public sealed class JobsPersistenceTests : IDisposable
{
    private const string Token = "dapi-persistence-test-token";
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "emulator-jobs-persist-" + Guid.NewGuid().ToString("N"));
    private readonly List<string> _otherDirectories = [];

    public void Dispose()
    {
        foreach (var directory in _otherDirectories.Append(_dataDirectory))
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS to clean up.
            }
            catch (UnauthorizedAccessException)
            {
                // Left for the OS to clean up.
            }
        }
    }

    private string JobsFile(string dataDirectory) => Path.Combine(dataDirectory, "_emulator", "jobs.json");

    private static Task<EmulatorHost> StartAsync(string dataDirectory, TimeSpan taskDuration, CancellationToken ct) =>
        EmulatorHost.StartAsync(
            new EmulatorOptions { Urls = "http://127.0.0.1:0", DataDirectory = dataDirectory, Tokens = [Token], SimulatedTaskDuration = taskDuration },
            ct);

    private static HttpClient Client(EmulatorHost host)
    {
        var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    private static JsonObject NotebookTask(string key, string path) =>
        new() { ["task_key"] = key, ["notebook_task"] = new JsonObject { ["notebook_path"] = path } };

    private static JsonObject Submit(string name, JsonObject task) =>
        new() { ["run_name"] = name, ["tasks"] = new JsonArray(task) };

    private static async Task<long> SubmitAsync(HttpClient sut, JsonObject body, CancellationToken ct) =>
        (long)(await sut.PostJsonAsync("api/2.2/jobs/runs/submit", body, ct))["run_id"]!;

    private static Task<JsonObject> GetRunAsync(HttpClient sut, long runId, CancellationToken ct) =>
        sut.GetJsonAsync($"api/2.2/jobs/runs/get?run_id={runId}", ct);

    private static Task<JsonObject> UntilAsync(HttpClient sut, long runId, Func<JsonObject, bool> done, CancellationToken ct) =>
        Poll.UntilAsync(() => GetRunAsync(sut, runId, ct), done, ct);

    private static void WriteNotebook(EmulatorHost host, string name, string sql)
    {
        var file = Path.Combine(host.WorkspaceDirectory, "Shared", name + ".sql");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, sql);
    }

    [Fact]
    public async Task Restart_FinishedRunsAndJobs_ComeBackWithTheSameStateOutputAndListing()
    {
        var ct = TestContext.Current.CancellationToken;
        long okRun, failedRun, jobRun, jobId;
        JsonObject okBefore, okOutputBefore, failedBefore, failedOutputBefore, jobRunBefore, jobBefore;
        await using (var first = await StartAsync(_dataDirectory, TimeSpan.FromMilliseconds(20), ct))
        {
            using var sut = Client(first);
            WriteNotebook(first, "hello", "SELECT 'hi' AS greeting;");
            WriteNotebook(first, "broken", "SELECT * FROM main.default.not_there;");
            okRun = await SubmitAsync(sut, Submit("ok", NotebookTask("greet", "/Shared/hello")), ct);
            failedRun = await SubmitAsync(sut, Submit("broken", NotebookTask("fail", "/Shared/broken")), ct);
            jobId = (long)(await sut.PostJsonAsync(
                "api/2.2/jobs/create",
                new JsonObject { ["name"] = "nightly", ["tasks"] = new JsonArray(NotebookTask("greet", "/Shared/hello")), ["max_concurrent_runs"] = 2 },
                ct))["job_id"]!;
            jobRun = (long)(await sut.PostJsonAsync("api/2.2/jobs/run-now", new JsonObject { ["job_id"] = jobId }, ct))["run_id"]!;
            okBefore = await UntilAsync(sut, okRun, r => (string?)r["status"]!["state"] == "TERMINATED", ct);
            failedBefore = await UntilAsync(sut, failedRun, r => (string?)r["status"]!["state"] == "TERMINATED", ct);
            jobRunBefore = await UntilAsync(sut, jobRun, r => (string?)r["status"]!["state"] == "TERMINATED", ct);
            okOutputBefore = await sut.GetJsonAsync($"api/2.2/jobs/runs/get-output?run_id={okRun}", ct);
            failedOutputBefore = await sut.GetJsonAsync($"api/2.2/jobs/runs/get-output?run_id={failedRun}", ct);
            jobBefore = await sut.GetJsonAsync($"api/2.2/jobs/get?job_id={jobId}", ct);
        }

        await using var second = await StartAsync(_dataDirectory, TimeSpan.FromMilliseconds(20), ct);
        using var client = Client(second);
        var okAfter = await GetRunAsync(client, okRun, ct);
        var failedAfter = await GetRunAsync(client, failedRun, ct);
        var jobRunAfter = await GetRunAsync(client, jobRun, ct);
        var okOutputAfter = await client.GetJsonAsync($"api/2.2/jobs/runs/get-output?run_id={okRun}", ct);
        var failedOutputAfter = await client.GetJsonAsync($"api/2.2/jobs/runs/get-output?run_id={failedRun}", ct);
        var jobAfter = await client.GetJsonAsync($"api/2.2/jobs/get?job_id={jobId}", ct);
        var listed = (await client.GetJsonAsync("api/2.2/jobs/runs/list", ct))["runs"]!.AsArray().Select(r => (long)r!["run_id"]!).ToList();
        var newRun = await SubmitAsync(client, Submit("after", NotebookTask("greet", "/Shared/hello")), ct);
        var newJob = (long)(await client.PostJsonAsync("api/2.2/jobs/create", new JsonObject { ["name"] = "later" }, ct))["job_id"]!;

        Assert.Equal("SUCCESS", (string?)okBefore["state"]!["result_state"]);
        Assert.Equal("FAILED", (string?)failedBefore["state"]!["result_state"]);
        Assert.Equal("[{\"greeting\":\"hi\"}]", (string?)okOutputBefore["notebook_output"]!["result"]);
        Assert.NotNull((string?)failedOutputBefore["error"]);
        Assert.Equal(okBefore.ToJsonString(), okAfter.ToJsonString());
        Assert.Equal(failedBefore.ToJsonString(), failedAfter.ToJsonString());
        Assert.Equal(jobRunBefore.ToJsonString(), jobRunAfter.ToJsonString());
        Assert.Equal(okOutputBefore.ToJsonString(), okOutputAfter.ToJsonString());
        Assert.Equal(failedOutputBefore.ToJsonString(), failedOutputAfter.ToJsonString());
        Assert.Equal(jobBefore.ToJsonString(), jobAfter.ToJsonString());
        Assert.Equal(new[] { jobRun, failedRun, okRun }, listed);
        var highestBefore = new[] { okBefore, failedBefore, jobRunBefore }
            .SelectMany(r => r["tasks"]!.AsArray().Select(t => (long)t!["run_id"]!).Append((long)r["run_id"]!))
            .Max();
        Assert.True(newRun > highestBefore, $"run id {newRun} after the restart reuses an id at or below {highestBefore}");
        Assert.True(newJob > jobId, $"job id {newJob} after the restart is not above {jobId}");
    }

    [Fact]
    public async Task Restart_RunActiveAtStop_ComesBackTerminatedAsInternalErrorAndIsNotResumed()
    {
        var ct = TestContext.Current.CancellationToken;
        long runId;
        await using (var first = await StartAsync(_dataDirectory, TimeSpan.FromHours(1), ct))
        {
            using var sut = Client(first);
            runId = await SubmitAsync(sut, Submit("long", new JsonObject { ["task_key"] = "spin", ["spark_python_task"] = new JsonObject { ["python_file"] = "/x.py" } }), ct);
            await UntilAsync(sut, runId, r => (string?)r["tasks"]![0]!["state"]!["life_cycle_state"] == "RUNNING", ct);
        }

        await using var second = await StartAsync(_dataDirectory, TimeSpan.FromMilliseconds(1), ct);
        using var client = Client(second);
        var run = await GetRunAsync(client, runId, ct);
        await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
        var later = await GetRunAsync(client, runId, ct);

        AssertInterrupted(run);
        AssertInterrupted(run["tasks"]![0]!.AsObject());
        Assert.False((bool)run["state"]!["user_cancelled_or_timedout"]!);
        Assert.Equal(run.ToJsonString(), later.ToJsonString());
    }

    [Fact]
    public async Task Restart_AfterAKill_RunThatWasRunningOnDiskComesBackTerminatedAsInternalError()
    {
        var ct = TestContext.Current.CancellationToken;
        var copy = Path.Combine(Path.GetTempPath(), "emulator-jobs-killed-" + Guid.NewGuid().ToString("N"));
        _otherDirectories.Add(copy);
        await using var first = await StartAsync(_dataDirectory, TimeSpan.FromHours(1), ct);
        using var sut = Client(first);
        var runId = await SubmitAsync(sut, Submit("long", new JsonObject { ["task_key"] = "spin", ["spark_python_task"] = new JsonObject { ["python_file"] = "/x.py" } }), ct);
        await UntilAsync(sut, runId, r => (string?)r["tasks"]![0]!["state"]!["life_cycle_state"] == "RUNNING", ct);

        // What a killed process leaves behind: the file as it was while the run was RUNNING.
        Directory.CreateDirectory(Path.Combine(copy, "_emulator"));
        File.Copy(JobsFile(_dataDirectory), JobsFile(copy));
        var onDisk = JsonNode.Parse(await File.ReadAllTextAsync(JobsFile(copy), ct))!;
        await using var second = await StartAsync(copy, TimeSpan.FromMilliseconds(1), ct);
        using var client = Client(second);
        var run = await GetRunAsync(client, runId, ct);

        Assert.Equal("RUNNING", (string?)onDisk["runs"]![0]!["phase"]!["life_cycle"]);
        AssertInterrupted(run);
        AssertInterrupted(run["tasks"]![0]!.AsObject());
    }

    [Fact]
    public async Task Create_TextJsonCannotSave_IsRefusedAndLaterJobsStillSurviveARestart()
    {
        var ct = TestContext.Current.CancellationToken;
        long jobId;
        await using (var first = await StartAsync(_dataDirectory, TimeSpan.FromMilliseconds(1), ct))
        {
            using var sut = Client(first);
            using var refused = await sut.PostAsync("api/2.2/jobs/create", HttpJson.Content("{\"name\":\"ok\",\"tags\":{\"team\":\"\\ud800\"}}"), ct);
            await refused.AssertErrorAsync(System.Net.HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", null, ct);
            jobId = (long)(await sut.PostJsonAsync("api/2.2/jobs/create", new JsonObject { ["name"] = "kept" }, ct))["job_id"]!;
        }

        await using var second = await StartAsync(_dataDirectory, TimeSpan.FromMilliseconds(1), ct);
        using var client = Client(second);
        var jobs = (await client.GetJsonAsync("api/2.2/jobs/list", ct))["jobs"]!.AsArray();

        var job = Assert.Single(jobs)!;
        Assert.Equal(jobId, (long)job["job_id"]!);
        Assert.Equal("kept", (string?)job["settings"]!["name"]);
    }

    private static void AssertInterrupted(JsonObject run)
    {
        Assert.Equal("INTERNAL_ERROR", (string?)run["state"]!["life_cycle_state"]);
        Assert.Equal("FAILED", (string?)run["state"]!["result_state"]);
        Assert.Contains("restarted", (string?)run["state"]!["state_message"], StringComparison.Ordinal);
        Assert.Equal("TERMINATED", (string?)run["status"]!["state"]);
        Assert.Equal("INTERNAL_ERROR", (string?)run["status"]!["termination_details"]!["code"]);
        Assert.Equal("INTERNAL_ERROR", (string?)run["status"]!["termination_details"]!["type"]);
        Assert.True((long)run["end_time"]! > 0);
    }

    [Theory]
    [InlineData("{\"next_job_id\": 5, \"runs\": [")]
    [InlineData("[1, 2, 3]")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("{\"jobs\": [], \"runs\": [null], \"idempotency_tokens\": {}}")]
    [InlineData("{\"jobs\": [], \"runs\": [{\"run_id\": 1, \"tasks\": []}], \"idempotency_tokens\": {}}")]
    [InlineData("{\"next_job_id\": \"many\"}")]
    public async Task Start_UnreadableJobsFile_FailsWithOneErrorNamingTheFile(string content)
    {
        var ct = TestContext.Current.CancellationToken;
        Directory.CreateDirectory(Path.Combine(_dataDirectory, "_emulator"));
        await File.WriteAllTextAsync(JobsFile(_dataDirectory), content, ct);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(_dataDirectory, TimeSpan.FromMilliseconds(1), ct));

        Assert.Contains(JobsFile(_dataDirectory), error.Message, StringComparison.Ordinal);
        Assert.Equal(content, await File.ReadAllTextAsync(JobsFile(_dataDirectory), ct));
    }

    [Fact]
    public async Task CommandLine_UnreadableJobsFile_PrintsOneErrorLineNamingTheFileAndExitsOne()
    {
        var ct = TestContext.Current.CancellationToken;
        Directory.CreateDirectory(Path.Combine(_dataDirectory, "_emulator"));
        await File.WriteAllTextAsync(JobsFile(_dataDirectory), "not json", ct);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await EmulatorCommandLine.RunAsync(["--urls", "http://127.0.0.1:0", "--data-dir", _dataDirectory], output, error, ct);

        var line = Assert.Single(error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(1, code);
        Assert.Contains(JobsFile(_dataDirectory), line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", line, StringComparison.Ordinal);
    }
}
