using System.Net;
using System.Text.Json.Nodes;
using DeltaFunctions.TestUtilities.Emulator;
using Microsoft.Extensions.Time.Testing;

namespace DeltaFunctions.Emulator.Tests.Jobs;

/// <summary>Jobs 2.1/2.2 with simulated tasks on a fake clock: runs wait 10 s in PENDING and tasks take 1 min.</summary>
public sealed class JobsEndpointsTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private EmulatorFixture _emulator = null!;
    private HttpClient _sut = null!;

    public async ValueTask InitializeAsync()
    {
        _emulator = await EmulatorFixture.StartAsync(
            o => o with { TimeProvider = _clock, RunPendingDuration = TimeSpan.FromSeconds(10), SimulatedTaskDuration = TimeSpan.FromMinutes(1) },
            TestContext.Current.CancellationToken);
        _sut = _emulator.CreateClient();
    }

    public ValueTask DisposeAsync() => _emulator.DisposeAsync();

    private static JsonObject PythonTask(string key, params string[] dependsOn)
    {
        var task = new JsonObject { ["task_key"] = key, ["spark_python_task"] = new JsonObject { ["python_file"] = "/Workspace/etl/main.py" } };
        if (dependsOn.Length > 0)
        {
            task["depends_on"] = new JsonArray([.. dependsOn.Select(d => (JsonNode)new JsonObject { ["task_key"] = d })]);
        }

        return task;
    }

    private static JsonObject SubmitBody(string name, params JsonObject[] tasks) =>
        new() { ["run_name"] = name, ["tasks"] = new JsonArray([.. tasks.Cast<JsonNode>()]) };

    private Task<JsonObject> GetRunAsync(long runId, CancellationToken ct) => _sut.GetJsonAsync($"api/2.2/jobs/runs/get?run_id={runId}", ct);

    /// <summary>
    /// Lets fake time pass in small steps until the run reaches <paramref name="lifeCycle"/>; stepping (rather than one
    /// jump) keeps the test independent of when the background run registers its timers.
    /// </summary>
    private Task<JsonObject> AdvanceUntilAsync(long runId, string lifeCycle, TimeSpan step, CancellationToken ct) =>
        Poll.UntilAsync(
            async () =>
            {
                var run = await GetRunAsync(runId, ct);
                if ((string?)run["state"]!["life_cycle_state"] != lifeCycle)
                {
                    _clock.Advance(step);
                }

                return run;
            },
            r => (string?)r["state"]!["life_cycle_state"] == lifeCycle,
            ct);

    [Fact]
    public async Task Submit_SimulatedTask_MovesFromPendingThroughRunningToTerminatedSuccess()
    {
        var ct = TestContext.Current.CancellationToken;

        var runId = (long)(await _sut.PostJsonAsync("api/2.2/jobs/runs/submit", SubmitBody("nightly", PythonTask("load")), ct))["run_id"]!;
        var pending = await GetRunAsync(runId, ct);
        var running = await AdvanceUntilAsync(runId, "RUNNING", TimeSpan.FromSeconds(1), ct);
        var done = await AdvanceUntilAsync(runId, "TERMINATED", TimeSpan.FromSeconds(5), ct);

        Assert.Equal("PENDING", (string?)pending["state"]!["life_cycle_state"]);
        Assert.Equal("PENDING", (string?)pending["status"]!["state"]);
        Assert.Equal("RUNNING", (string?)running["status"]!["state"]);
        Assert.Equal(0, (long)running["end_time"]!);
        Assert.Equal("SUCCESS", (string?)done["state"]!["result_state"]);
        Assert.Equal("TERMINATED", (string?)done["status"]!["state"]);
        Assert.Equal("SUCCESS", (string?)done["status"]!["termination_details"]!["code"]);
        Assert.Equal("SUBMIT_RUN", (string?)done["run_type"]);
        Assert.Equal("nightly", (string?)done["run_name"]);
        var task = Assert.Single(done["tasks"]!.AsArray())!;
        Assert.Equal("load", (string?)task["task_key"]);
        Assert.Equal("/Workspace/etl/main.py", (string?)task["spark_python_task"]!["python_file"]);
        Assert.Equal("SUCCESS", (string?)task["state"]!["result_state"]);
        Assert.NotEqual(runId, (long)task["run_id"]!);
        Assert.InRange((long)done["end_time"]! - (long)done["start_time"]!, 70_000, 90_000);
        Assert.Equal((long)done["end_time"]! - (long)done["start_time"]!, (long)done["run_duration"]!);
    }

    [Fact]
    public async Task Submit_SameIdempotencyToken_ReturnsTheSameRun()
    {
        var ct = TestContext.Current.CancellationToken;
        var body = SubmitBody("once", PythonTask("load"));
        body["idempotency_token"] = "b1f8c1e2-retry-safe";

        var first = await _sut.PostJsonAsync("api/2.1/jobs/runs/submit", body, ct);
        var second = await _sut.PostJsonAsync("api/2.2/jobs/runs/submit", body, ct);
        var list = await _sut.GetJsonAsync("api/2.2/jobs/runs/list", ct);

        Assert.Equal((long)first["run_id"]!, (long)second["run_id"]!);
        Assert.Single(list["runs"]!.AsArray());
    }

    [Fact]
    public async Task RunsGet_MissingRun_Returns400InvalidParameterValue()
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await _sut.GetAsync("api/2.2/jobs/runs/get?run_id=42", ct);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Run 42 does not exist.", ct);
    }

    [Fact]
    public async Task JobsGet_MissingJob_Returns400InvalidParameterValue()
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await _sut.GetAsync("api/2.1/jobs/get?job_id=7", ct);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Job 7 does not exist.", ct);
    }

    [Fact]
    public async Task RunNow_MissingJob_Returns400InvalidParameterValue()
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await _sut.PostAsync("api/2.2/jobs/run-now", HttpJson.Content(new JsonObject { ["job_id"] = 7 }), ct);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Job 7 does not exist.", ct);
    }

    [Fact]
    public async Task Jobs_CreateGetListResetDelete_RoundTripSettings()
    {
        var ct = TestContext.Current.CancellationToken;
        var settings = new JsonObject
        {
            ["name"] = "orders-nightly",
            ["tasks"] = new JsonArray(PythonTask("load")),
            ["max_concurrent_runs"] = 1,
            ["tags"] = new JsonObject { ["team"] = "data" },
        };

        var jobId = (long)(await _sut.PostJsonAsync("api/2.2/jobs/create", settings, ct))["job_id"]!;
        var job = await _sut.GetJsonAsync($"api/2.1/jobs/get?job_id={jobId}", ct);
        var listed = await _sut.GetJsonAsync("api/2.2/jobs/list?name=orders-nightly", ct);
        settings["name"] = "orders-hourly";
        await _sut.PostJsonAsync("api/2.2/jobs/reset", new JsonObject { ["job_id"] = jobId, ["new_settings"] = settings.DeepClone() }, ct);
        var reset = await _sut.GetJsonAsync($"api/2.2/jobs/get?job_id={jobId}", ct);
        await _sut.PostJsonAsync("api/2.2/jobs/delete", new JsonObject { ["job_id"] = jobId }, ct);
        using var deleted = await _sut.GetAsync($"api/2.2/jobs/get?job_id={jobId}", ct);

        Assert.Equal(jobId, (long)job["job_id"]!);
        Assert.Equal("orders-nightly", (string?)job["settings"]!["name"]);
        Assert.Equal("data", (string?)job["settings"]!["tags"]!["team"]);
        Assert.Equal("load", (string?)job["settings"]!["tasks"]![0]!["task_key"]);
        Assert.True((long)job["created_time"]! > 0);
        Assert.Equal(jobId, (long)Assert.Single(listed["jobs"]!.AsArray())!["job_id"]!);
        Assert.False((bool)listed["has_more"]!);
        Assert.Equal("orders-hourly", (string?)reset["settings"]!["name"]);
        await deleted.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", $"Job {jobId} does not exist.", ct);
    }

    [Fact]
    public async Task JobsList_Pagination_FollowsTokensNewestFirst()
    {
        var ct = TestContext.Current.CancellationToken;
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((long)(await _sut.PostJsonAsync("api/2.2/jobs/create", new JsonObject { ["name"] = $"job-{i}", ["tasks"] = new JsonArray(PythonTask("t")) }, ct))["job_id"]!);
        }

        var seen = new List<long>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await _sut.GetJsonAsync($"api/2.2/jobs/list?limit=2{(token is null ? string.Empty : "&page_token=" + Uri.EscapeDataString(token))}", ct);
            seen.AddRange(page["jobs"]!.AsArray().Select(j => (long)j!["job_id"]!));
            Assert.Null(page["jobs"]![0]!["settings"]!["tasks"]);
            token = (string?)page["next_page_token"];
            Assert.Equal(token is not null, (bool)page["has_more"]!);
            pages++;
        }
        while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(ids.AsEnumerable().Reverse(), seen);
    }

    [Fact]
    public async Task RunsList_LimitAndTokens_PageNewestFirstAndFilterByJob()
    {
        var ct = TestContext.Current.CancellationToken;
        var jobId = (long)(await _sut.PostJsonAsync("api/2.2/jobs/create", new JsonObject { ["name"] = "j", ["tasks"] = new JsonArray(PythonTask("t")) }, ct))["job_id"]!;
        var runIds = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var started = await _sut.PostJsonAsync("api/2.2/jobs/run-now", new JsonObject { ["job_id"] = jobId }, ct);
            runIds.Add((long)started["run_id"]!);
            Assert.Equal((long)started["run_id"]!, (long)started["number_in_job"]!);
        }

        await _sut.PostJsonAsync("api/2.2/jobs/runs/submit", SubmitBody("other", PythonTask("x")), ct);

        var first = await _sut.GetJsonAsync($"api/2.2/jobs/runs/list?job_id={jobId}&limit=2", ct);
        var second = await _sut.GetJsonAsync($"api/2.2/jobs/runs/list?job_id={jobId}&limit=2&page_token={Uri.EscapeDataString((string)first["next_page_token"]!)}", ct);
        var activeOnly = await _sut.GetJsonAsync("api/2.2/jobs/runs/list?active_only=true&limit=0", ct);
        var completedOnly = await _sut.GetJsonAsync("api/2.2/jobs/runs/list?completed_only=true", ct);

        Assert.Equal(new[] { runIds[2], runIds[1] }, first["runs"]!.AsArray().Select(r => (long)r!["run_id"]!));
        Assert.True((bool)first["has_more"]!);
        Assert.Equal(runIds[0], (long)Assert.Single(second["runs"]!.AsArray())!["run_id"]!);
        Assert.False((bool)second["has_more"]!);
        Assert.NotNull(second["prev_page_token"]);
        Assert.Equal(4, activeOnly["runs"]!.AsArray().Count);
        Assert.Null(completedOnly["runs"]);
        Assert.Equal(jobId, (long)first["runs"]![0]!["job_id"]!);
        Assert.Equal("JOB_RUN", (string?)first["runs"]![0]!["run_type"]);
    }

    [Theory]
    [InlineData("limit=26")]
    [InlineData("limit=-1")]
    [InlineData("active_only=true&completed_only=true")]
    public async Task RunsList_InvalidQuery_Returns400(string query)
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await _sut.GetAsync("api/2.2/jobs/runs/list?" + query, ct);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", null, ct);
    }

    [Fact]
    public async Task Cancel_RunningRun_EndsTerminatedCanceledByUser()
    {
        var ct = TestContext.Current.CancellationToken;
        var runId = (long)(await _sut.PostJsonAsync("api/2.2/jobs/runs/submit", SubmitBody("c", PythonTask("a"), PythonTask("b", "a")), ct))["run_id"]!;
        await AdvanceUntilAsync(runId, "RUNNING", TimeSpan.FromSeconds(1), ct);

        var cancelled = await _sut.PostJsonAsync("api/2.2/jobs/runs/cancel", new JsonObject { ["run_id"] = runId }, ct);
        var done = await Poll.UntilAsync(() => GetRunAsync(runId, ct), r => (string?)r["state"]!["life_cycle_state"] == "TERMINATED", ct);

        Assert.Empty(cancelled);
        Assert.Equal("CANCELED", (string?)done["state"]!["result_state"]);
        Assert.True((bool)done["state"]!["user_cancelled_or_timedout"]!);
        Assert.Equal("USER_CANCELED", (string?)done["status"]!["termination_details"]!["code"]);
        Assert.All(done["tasks"]!.AsArray(), t => Assert.Equal("CANCELED", (string?)t!["state"]!["result_state"]));
    }

    [Fact]
    public async Task Cancel_MissingRun_Returns400()
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await _sut.PostAsync("api/2.2/jobs/runs/cancel", HttpJson.Content(new JsonObject { ["run_id"] = 5 }), ct);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Run 5 does not exist.", ct);
    }

    [Fact]
    public async Task GetOutput_MultiTaskParent_Returns400AndTaskRunsHaveOutput()
    {
        var ct = TestContext.Current.CancellationToken;
        var runId = (long)(await _sut.PostJsonAsync("api/2.2/jobs/runs/submit", SubmitBody("m", PythonTask("a"), PythonTask("b", "a")), ct))["run_id"]!;
        var done = await AdvanceUntilAsync(runId, "TERMINATED", TimeSpan.FromSeconds(5), ct);

        using var parent = await _sut.GetAsync($"api/2.2/jobs/runs/get-output?run_id={runId}", ct);
        var taskRunId = (long)done["tasks"]![0]!["run_id"]!;
        var output = await _sut.GetJsonAsync($"api/2.2/jobs/runs/get-output?run_id={taskRunId}", ct);

        await parent.AssertErrorAsync(
            HttpStatusCode.BadRequest,
            "INVALID_PARAMETER_VALUE",
            "Retrieving the output of runs with multiple tasks is not supported. Please retrieve the output of each individual task run instead.",
            ct);
        Assert.Equal(taskRunId, (long)output["metadata"]!["run_id"]!);
        Assert.Equal("SUCCESS", (string?)output["metadata"]!["state"]!["result_state"]);
        Assert.Contains("succeeded", (string?)output["logs"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_WithoutTasks_Returns400()
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await _sut.PostAsync("api/2.2/jobs/runs/submit", HttpJson.Content(new JsonObject { ["run_name"] = "empty" }), ct);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "At least one task is required.", ct);
    }

    [Fact]
    public async Task Submit_MissingNotebook_FailsTheRunWithInternalError()
    {
        var ct = TestContext.Current.CancellationToken;
        var task = new JsonObject { ["task_key"] = "nb", ["notebook_task"] = new JsonObject { ["notebook_path"] = "/Shared/missing" } };

        var runId = (long)(await _sut.PostJsonAsync("api/2.2/jobs/runs/submit", SubmitBody("missing", task), ct))["run_id"]!;
        var done = await AdvanceUntilAsync(runId, "INTERNAL_ERROR", TimeSpan.FromSeconds(1), ct);
        var output = await _sut.GetJsonAsync($"api/2.2/jobs/runs/get-output?run_id={runId}", ct);

        Assert.Equal("FAILED", (string?)done["state"]!["result_state"]);
        Assert.Equal("Notebook not found: /Shared/missing", (string?)done["state"]!["state_message"]);
        Assert.Equal("TERMINATED", (string?)done["status"]!["state"]);
        Assert.Equal("RESOURCE_NOT_FOUND", (string?)done["status"]!["termination_details"]!["code"]);
        Assert.Equal("Notebook not found: /Shared/missing", (string?)output["error"]);
    }

    private async Task<long> CreateJobAsync(string version, JsonObject settings, CancellationToken ct) =>
        (long)(await _sut.PostJsonAsync($"api/{version}/jobs/create", settings, ct))["job_id"]!;

    [Fact]
    public async Task RunNow_JobAtMaxConcurrentRuns_QueuesTheNextRunUntilASlotFrees()
    {
        var ct = TestContext.Current.CancellationToken;
        var jobId = await CreateJobAsync("2.2", new JsonObject { ["name"] = "serial", ["tasks"] = new JsonArray(PythonTask("t")) }, ct);

        var first = (long)(await _sut.PostJsonAsync("api/2.2/jobs/run-now", new JsonObject { ["job_id"] = jobId }, ct))["run_id"]!;
        var second = (long)(await _sut.PostJsonAsync("api/2.2/jobs/run-now", new JsonObject { ["job_id"] = jobId }, ct))["run_id"]!;
        var queued = await GetRunAsync(second, ct);
        await AdvanceUntilAsync(first, "TERMINATED", TimeSpan.FromSeconds(5), ct);
        var started = await AdvanceUntilAsync(second, "RUNNING", TimeSpan.FromSeconds(1), ct);

        Assert.Equal("QUEUED", (string?)queued["state"]!["life_cycle_state"]);
        Assert.Equal("QUEUED", (string?)queued["status"]!["state"]);
        Assert.Equal("MAX_CONCURRENT_RUNS_REACHED", (string?)queued["status"]!["queue_details"]!["code"]);
        Assert.Null(started["status"]!["queue_details"]);
        Assert.True((long)started["queue_duration"]! > 0);
    }

    [Fact]
    public async Task RunNow_Job21AtMaxConcurrentRuns_SkipsTheRun()
    {
        var ct = TestContext.Current.CancellationToken;
        var jobId = await CreateJobAsync("2.1", new JsonObject { ["name"] = "no-queue", ["max_concurrent_runs"] = 1, ["tasks"] = new JsonArray(PythonTask("t")) }, ct);

        await _sut.PostJsonAsync("api/2.1/jobs/run-now", new JsonObject { ["job_id"] = jobId }, ct);
        var second = (long)(await _sut.PostJsonAsync("api/2.1/jobs/run-now", new JsonObject { ["job_id"] = jobId }, ct))["run_id"]!;
        var skipped = await Poll.UntilAsync(() => GetRunAsync(second, ct), r => (string?)r["status"]!["state"] == "TERMINATED", ct);

        Assert.Equal("SKIPPED", (string?)skipped["state"]!["life_cycle_state"]);
        Assert.Equal("MAXIMUM_CONCURRENT_RUNS_REACHED", (string?)skipped["state"]!["result_state"]);
        Assert.Equal("MAX_CONCURRENT_RUNS_EXCEEDED", (string?)skipped["status"]!["termination_details"]!["code"]);
    }

    [Fact]
    public async Task Update_MergesTasksByKeyAndRemovesFields()
    {
        var ct = TestContext.Current.CancellationToken;
        var jobId = await CreateJobAsync("2.2", new JsonObject
        {
            ["name"] = "merge-me",
            ["description"] = "old",
            ["tasks"] = new JsonArray(PythonTask("a"), PythonTask("b")),
        }, ct);
        var changedB = PythonTask("b");
        changedB["description"] = "changed";

        await _sut.PostJsonAsync("api/2.2/jobs/update", new JsonObject
        {
            ["job_id"] = jobId,
            ["new_settings"] = new JsonObject { ["name"] = "merged", ["tasks"] = new JsonArray(changedB, PythonTask("c")) },
            ["fields_to_remove"] = new JsonArray("description", "tasks/a"),
        }, ct);
        var job = await _sut.GetJsonAsync($"api/2.2/jobs/get?job_id={jobId}", ct);

        Assert.Equal("merged", (string?)job["settings"]!["name"]);
        Assert.Null(job["settings"]!["description"]);
        var tasks = job["settings"]!["tasks"]!.AsArray();
        Assert.Equal(["b", "c"], tasks.Select(t => (string)t!["task_key"]!));
        Assert.Equal("changed", (string?)tasks[0]!["description"]);
    }

    [Fact]
    public async Task CancelAll_CancelsEveryActiveRunOfTheJob()
    {
        var ct = TestContext.Current.CancellationToken;
        var jobId = await CreateJobAsync("2.2", new JsonObject { ["name"] = "busy", ["max_concurrent_runs"] = 5, ["tasks"] = new JsonArray(PythonTask("t")) }, ct);
        var runs = new List<long>();
        for (var i = 0; i < 2; i++)
        {
            runs.Add((long)(await _sut.PostJsonAsync("api/2.2/jobs/run-now", new JsonObject { ["job_id"] = jobId }, ct))["run_id"]!);
        }

        await _sut.PostJsonAsync("api/2.2/jobs/runs/cancel-all", new JsonObject { ["job_id"] = jobId }, ct);
        var ended = new List<JsonObject>();
        foreach (var runId in runs)
        {
            ended.Add(await Poll.UntilAsync(() => GetRunAsync(runId, ct), r => (string?)r["status"]!["state"] == "TERMINATED", ct));
        }

        Assert.All(ended, r => Assert.Equal("CANCELED", (string?)r["state"]!["result_state"]));
    }

    [Fact]
    public async Task Submit_RunLongerThanTimeoutSeconds_EndsTimedOut()
    {
        var ct = TestContext.Current.CancellationToken;
        var body = SubmitBody("slow", PythonTask("t"));
        body["timeout_seconds"] = 30;

        var runId = (long)(await _sut.PostJsonAsync("api/2.2/jobs/runs/submit", body, ct))["run_id"]!;
        var done = await AdvanceUntilAsync(runId, "TERMINATED", TimeSpan.FromSeconds(5), ct);

        Assert.Equal("TIMEDOUT", (string?)done["state"]!["result_state"]);
        Assert.True((bool)done["state"]!["user_cancelled_or_timedout"]!);
        Assert.Equal("TIMEDOUT", (string?)done["tasks"]![0]!["state"]!["result_state"]);
    }

    [Fact]
    public async Task RunsDelete_ActiveRun_Returns400AndFinishedRunIsRemoved()
    {
        var ct = TestContext.Current.CancellationToken;
        var runId = (long)(await _sut.PostJsonAsync("api/2.2/jobs/runs/submit", SubmitBody("d", PythonTask("t")), ct))["run_id"]!;

        using var active = await _sut.PostAsync("api/2.2/jobs/runs/delete", HttpJson.Content(new JsonObject { ["run_id"] = runId }), ct);
        await AdvanceUntilAsync(runId, "TERMINATED", TimeSpan.FromSeconds(5), ct);
        await _sut.PostJsonAsync("api/2.2/jobs/runs/delete", new JsonObject { ["run_id"] = runId }, ct);
        using var gone = await _sut.GetAsync($"api/2.2/jobs/runs/get?run_id={runId}", ct);

        await active.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_STATE", null, ct);
        await gone.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", $"Run {runId} does not exist.", ct);
    }

    [Fact]
    public async Task JobsGet_Version22With101Tasks_PagesTheTasksAt100()
    {
        var ct = TestContext.Current.CancellationToken;
        var tasks = new JsonArray([.. Enumerable.Range(0, 101).Select(i => (JsonNode)PythonTask($"t{i:D3}"))]);
        var jobId = await CreateJobAsync("2.2", new JsonObject { ["name"] = "wide", ["tasks"] = tasks }, ct);

        var first = await _sut.GetJsonAsync($"api/2.2/jobs/get?job_id={jobId}", ct);
        var second = await _sut.GetJsonAsync($"api/2.2/jobs/get?job_id={jobId}&page_token={Uri.EscapeDataString((string)first["next_page_token"]!)}", ct);
        var v21 = await _sut.GetJsonAsync($"api/2.1/jobs/get?job_id={jobId}", ct);

        Assert.Equal(100, first["settings"]!["tasks"]!.AsArray().Count);
        Assert.Equal("t100", (string?)Assert.Single(second["settings"]!["tasks"]!.AsArray())!["task_key"]);
        Assert.Null(second["next_page_token"]);
        Assert.Equal(101, v21["settings"]!["tasks"]!.AsArray().Count);
        Assert.Null(v21["next_page_token"]);
    }
}
