using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using DeltaFunctions.Databricks.Auth;
using DeltaFunctions.Databricks.Jobs;
using DeltaFunctions.TestUtilities.Http;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeltaFunctions.Databricks.Tests.Jobs;

/// <summary>
/// JobsClient behaviour that needs exact server answers the emulator cannot be told to give (a 503 before a
/// submit is processed, 2.2 page tokens inside runs/get, a scripted sequence of states) over a real loopback socket.
/// </summary>
public sealed class JobsClientTests : IAsyncLifetime
{
    private const string RunsGet = "/api/2.2/jobs/runs/get";
    private ScriptedHttpServer _server = null!;
    private DatabricksClient _client = null!;
    private readonly InstantTimeProvider _time = new();
    private readonly Meter _meter = new("jobs-client-tests");

    public async ValueTask InitializeAsync()
    {
        _server = await ScriptedHttpServer.StartAsync(TestContext.Current.CancellationToken);
        _client = TestDatabricksClients.Create(_server.BaseAddress, DatabricksCredential.FromPersonalAccessToken("dapi-test-token"));
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        _meter.Dispose();
        await _server.DisposeAsync();
    }

    private JobsClient CreateSut() => new(_client.Api, _time, NullLogger.Instance, new JobsTelemetry(_meter));

    private static SubmitRun OneTask(string? token = null) => new SubmitRunBuilder()
        .WithRunName("r")
        .AddTask(new JobTaskBuilder("t").Notebook("/Workspace/n").OnExistingCluster("c"))
        .Build() with
    { IdempotencyToken = token };

    private static string RunJson(string lifeCycle, string? result = null, long runDuration = 0) =>
        new JsonObject
        {
            ["run_id"] = 42,
            ["run_page_url"] = "https://adb-1.1.azuredatabricks.net/?o=1#job/7/run/42",
            ["run_duration"] = runDuration,
            ["state"] = result is null
                ? new JsonObject { ["life_cycle_state"] = lifeCycle }
                : new JsonObject { ["life_cycle_state"] = lifeCycle, ["result_state"] = result },
        }.ToJsonString();

    private void ScriptStates(params string[] bodies)
    {
        var index = 0;
        _server.Map(RunsGet, _ => ScriptedResponse.Json(200, bodies[Math.Min(Interlocked.Increment(ref index) - 1, bodies.Length - 1)]));
    }

    [Fact]
    public async Task SubmitRunAsync_RetriedAfter503_SendsTheSameGeneratedIdempotencyToken()
    {
        _server.Enqueue(
            ScriptedResponse.Error(503, "TEMPORARILY_UNAVAILABLE", "try again"),
            ScriptedResponse.Json(200, """{"run_id": 77}"""));
        var sut = CreateSut();

        var runId = await sut.SubmitRunAsync(OneTask(), TestContext.Current.CancellationToken);

        Assert.Equal(77, runId);
        var submits = _server.RequestsTo("/api/2.2/jobs/runs/submit");
        Assert.Equal(2, submits.Count);
        var tokens = submits.Select(r => (string?)JsonNode.Parse(r.Body)!["idempotency_token"]).ToList();
        Assert.False(string.IsNullOrEmpty(tokens[0]));
        Assert.InRange(tokens[0]!.Length, 1, 64);
        Assert.Equal(tokens[0], tokens[1]);
    }

    [Fact]
    public async Task SubmitRunAsync_CallerToken_IsSentUnchanged()
    {
        _server.Enqueue(ScriptedResponse.Json(200, """{"run_id": 5}"""));
        var sut = CreateSut();

        await sut.SubmitRunAsync(OneTask("orchestration-123"), TestContext.Current.CancellationToken);

        var body = JsonNode.Parse(Assert.Single(_server.RequestsTo("/api/2.2/jobs/runs/submit")).Body)!;
        Assert.Equal("orchestration-123", (string?)body["idempotency_token"]);
        Assert.Equal("/Workspace/n", (string?)body["tasks"]![0]!["notebook_task"]!["notebook_path"]);
    }

    [Fact]
    public async Task SubmitRunAsync_InvalidRun_ThrowsBeforeAnyRequest()
    {
        var sut = CreateSut();
        var invalid = new SubmitRun { Tasks = [new JobTask { TaskKey = "a", NotebookTask = new NotebookTask { NotebookPath = "/n" }, DependsOn = [new TaskDependency { TaskKey = "ghost" }] }] };

        await Assert.ThrowsAsync<ArgumentException>(() => sut.SubmitRunAsync(invalid, TestContext.Current.CancellationToken));

        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task RunNowAsync_NoToken_GeneratesOneAndSendsParameters()
    {
        _server.Enqueue(ScriptedResponse.Json(200, """{"run_id": 9, "number_in_job": 9}"""));
        var sut = CreateSut();

        var runId = await sut.RunNowAsync(new RunNow { JobId = 3, JobParameters = new Dictionary<string, string> { ["date"] = "d" } }, TestContext.Current.CancellationToken);

        Assert.Equal(9, runId);
        var body = JsonNode.Parse(Assert.Single(_server.RequestsTo("/api/2.2/jobs/run-now")).Body)!;
        Assert.Equal(3, (long?)body["job_id"]);
        Assert.Equal("d", (string?)body["job_parameters"]!["date"]);
        Assert.False(string.IsNullOrEmpty((string?)body["idempotency_token"]));
    }

    [Fact]
    public async Task GetRunAsync_TasksPagedWithNextPageToken_ConcatenatesAllPages()
    {
        _server.Map(RunsGet, request => request.Query.Contains("page_token=p2", StringComparison.Ordinal)
            ? ScriptedResponse.Json(200, """{"run_id": 1, "tasks": [{"run_id": 12, "task_key": "b"}], "job_parameters": [{"name": "y"}]}""")
            : ScriptedResponse.Json(200, """{"run_id": 1, "tasks": [{"run_id": 11, "task_key": "a"}], "job_parameters": [{"name": "x"}], "next_page_token": "p2"}"""));
        var sut = CreateSut();

        var run = await sut.GetRunAsync(1, TestContext.Current.CancellationToken);

        Assert.Equal(["a", "b"], run.Tasks!.Select(t => t.TaskKey));
        Assert.Equal(["x", "y"], run.JobParameters!.Select(p => p.Name));
        Assert.Null(run.NextPageToken);
        Assert.Equal(2, _server.RequestsTo(RunsGet).Count);
    }

    [Fact]
    public async Task GetRunAsync_SixteenConcurrentCallersOnOneClient_EachGetsItsOwnRunOrError()
    {
        // Every call's state (request, answer, pooled async state) is its own: answers arriving out of order on 16
        // connections, some of them errors, never reach another caller.
        _server.MapAsync(RunsGet, async request =>
        {
            var id = long.Parse(request.Query[(request.Query.IndexOf('=', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            await Task.Delay(TimeSpan.FromMilliseconds(id % 3));
            return id % 5 == 0
                ? ScriptedResponse.Json(404, $$"""{"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "Run {{id}} does not exist."}""")
                : ScriptedResponse.Json(200, $$"""{"run_id": {{id}}, "tasks": [{"run_id": {{id * 10}}, "task_key": "t{{id}}"}]}""");
        });
        var sut = CreateSut();

        var callers = Enumerable.Range(0, 16).Select(caller => Task.Run(async () =>
        {
            var seen = new List<(long Id, string Outcome)>();
            for (var i = 0; i < 8; i++)
            {
                long id = 1 + (caller * 8) + i;
                try
                {
                    var run = await sut.GetRunAsync(id, TestContext.Current.CancellationToken);
                    seen.Add((id, $"{run.RunId}/{Assert.Single(run.Tasks!).TaskKey}"));
                }
                catch (DatabricksException e) when (e.IsNotFound)
                {
                    seen.Add((id, e.Message));
                }
            }

            return seen;
        }));
        var outcomes = (await Task.WhenAll(callers)).SelectMany(s => s).ToList();

        Assert.Equal(128, outcomes.Count);
        Assert.Equal(Enumerable.Range(1, 128).Select(i => (long)i), outcomes.Select(o => o.Id).Order());
        Assert.All(outcomes.Where(o => o.Id % 5 != 0), o => Assert.Equal($"{o.Id}/t{o.Id}", o.Outcome));
        Assert.All(outcomes.Where(o => o.Id % 5 == 0), o => Assert.Contains($"Run {o.Id} does not exist.", o.Outcome, StringComparison.Ordinal));
        Assert.Equal(128, _server.RequestsTo(RunsGet).Count);
    }

    [Fact]
    public async Task GetRunAsync_ServerRepeatsPageToken_StopsInsteadOfLooping()
    {
        _server.Map(RunsGet, _ => ScriptedResponse.Json(200, """{"run_id": 1, "tasks": [{"run_id": 11}], "next_page_token": "same"}"""));
        var sut = CreateSut();

        var run = await sut.GetRunAsync(1, TestContext.Current.CancellationToken);

        Assert.Equal(2, run.Tasks!.Count);
        Assert.Equal(2, _server.RequestsTo(RunsGet).Count);
    }

    [Fact]
    public async Task GetJobAsync_SettingsPaged_ConcatenatesTasksAndClusters()
    {
        _server.Map("/api/2.2/jobs/get", request => request.Query.Contains("page_token=n", StringComparison.Ordinal)
            ? ScriptedResponse.Json(200, """{"job_id": 4, "settings": {"name": "j", "tasks": [{"task_key": "b"}], "job_clusters": []}}""")
            : ScriptedResponse.Json(200, """{"job_id": 4, "settings": {"name": "j", "tasks": [{"task_key": "a"}], "job_clusters": [{"job_cluster_key": "c", "new_cluster": {"spark_version": "v"}}]}, "next_page_token": "n"}"""));
        var sut = CreateSut();

        var job = await sut.GetJobAsync(4, TestContext.Current.CancellationToken);

        Assert.Equal(["a", "b"], job.Settings!.Tasks!.Select(t => t.TaskKey));
        Assert.Equal("c", Assert.Single(job.Settings.JobClusters!).JobClusterKey);
    }

    [Fact]
    public async Task WaitForCompletionAsync_RunEnds_ReturnsResultAfterBackoffDelaysAndReportsProgress()
    {
        ScriptStates(RunJson("PENDING"), RunJson("RUNNING"), RunJson("RUNNING"), RunJson("TERMINATED", "SUCCESS", runDuration: 12_500));
        var progress = new RecordingProgress<RunState>();
        var sut = CreateSut();

        var result = await sut.WaitForCompletionAsync(42, new WaitOptions { Progress = progress }, TestContext.Current.CancellationToken);

        Assert.Equal(RunResultState.Success, result.ResultState);
        Assert.True(result.IsSuccess);
        Assert.Equal("https://adb-1.1.azuredatabricks.net/?o=1#job/7/run/42", result.RunPageUrl);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(2.25)], _time.Delays);
        Assert.Equal(["PENDING", "RUNNING", "RUNNING", "TERMINATED"], progress.Reports.Select(s => s.LifeCycleState!.Value.Value));
        Assert.Equal(RunResultState.Success, progress.Reports[^1].ResultState);
    }

    [Theory]
    [InlineData("FAILED")]
    [InlineData("TIMEDOUT")]
    [InlineData("CANCELED")]
    [InlineData("SOMETHING_NEW")]
    public async Task WaitForCompletionAsync_UnsuccessfulOutcome_ReturnsItWithoutThrowing(string resultState)
    {
        ScriptStates(RunJson("TERMINATED", resultState));
        var sut = CreateSut();

        var result = await sut.WaitForCompletionAsync(42, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(new RunResultState(resultState), result.ResultState);
        Assert.False(result.IsSuccess);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task WaitForCompletionAsync_TimeoutPasses_ThrowsAndCancelsOnlyWhenAsked(bool cancelOnTimeout)
    {
        ScriptStates(RunJson("RUNNING"));
        _server.Map("/api/2.2/jobs/runs/cancel", _ => ScriptedResponse.Json(200, "{}"));
        var sut = CreateSut();
        var options = new WaitOptions { Timeout = TimeSpan.FromSeconds(10), CancelOnTimeout = cancelOnTimeout };

        var error = await Assert.ThrowsAsync<RunWaitTimeoutException>(() => sut.WaitForCompletionAsync(42, options, TestContext.Current.CancellationToken));

        Assert.Equal(cancelOnTimeout, error.RunCancelRequested);
        Assert.Equal(42, error.LastRun!.RunId);
        Assert.Equal(TimeSpan.FromSeconds(10), _time.Elapsed);
        var cancels = _server.RequestsTo("/api/2.2/jobs/runs/cancel");
        Assert.Equal(cancelOnTimeout ? 1 : 0, cancels.Count);
        if (cancelOnTimeout)
        {
            Assert.Equal(42, (long?)JsonNode.Parse(cancels[0].Body)!["run_id"]);
        }
    }

    [Fact]
    public async Task WaitForCompletionAsync_Cancelled_ThrowsOperationCanceledAndLeavesRunAlone()
    {
        ScriptStates(RunJson("RUNNING"));
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var progress = new RecordingProgress<RunState>(_ => cancellation.Cancel());
        var sut = CreateSut();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sut.WaitForCompletionAsync(42, new WaitOptions { Progress = progress }, cancellation.Token));

        Assert.Single(progress.Reports);
        Assert.Empty(_server.RequestsTo("/api/2.2/jobs/runs/cancel"));
    }

    [Fact]
    public async Task WaitForCompletionAsync_RunMissing_ThrowsNotFound()
    {
        _server.Map(RunsGet, _ => ScriptedResponse.Error(400, "INVALID_PARAMETER_VALUE", "Run 42 does not exist."));
        var sut = CreateSut();

        var error = await Assert.ThrowsAsync<DatabricksException>(() => sut.WaitForCompletionAsync(42, cancellationToken: TestContext.Current.CancellationToken));

        Assert.True(error.IsNotFound);
    }

    [Fact]
    public async Task WaitForCompletionAsync_RunEnds_RecordsDurationHistogramByResultState()
    {
        using var duration = new MetricCollector<double>(_meter, JobsTelemetry.DurationName);
        using var completed = new MetricCollector<long>(_meter, JobsTelemetry.CompletedName);
        ScriptStates(RunJson("TERMINATED", "FAILED", runDuration: 90_000));
        var sut = CreateSut();

        await sut.WaitForCompletionAsync(42, cancellationToken: TestContext.Current.CancellationToken);

        var measurement = Assert.Single(duration.GetMeasurementSnapshot());
        Assert.Equal(90, measurement.Value);
        Assert.Equal("FAILED", measurement.Tags["result_state"]);
        Assert.Equal(1, Assert.Single(completed.GetMeasurementSnapshot()).Value);
    }

    [Fact]
    public async Task SubmitRunAsync_Accepted_CountsSubmission()
    {
        using var submitted = new MetricCollector<long>(_meter, JobsTelemetry.StartedName);
        _server.Enqueue(ScriptedResponse.Json(200, """{"run_id": 5}"""));
        var sut = CreateSut();

        await sut.SubmitRunAsync(OneTask(), TestContext.Current.CancellationToken);

        var measurement = Assert.Single(submitted.GetMeasurementSnapshot());
        Assert.Equal("submit", measurement.Tags["operation"]);
    }

    [Fact]
    public async Task DeployStreamingJobAsync_VolumePath_PutsTheProgramThroughTheFilesApiThenCreatesTheJob()
    {
        _server.Map("/api/2.0/fs/files/Volumes/main/etl/code/my stream.py", _ => new ScriptedResponse { StatusCode = 204 });
        _server.Map("/api/2.2/jobs/create", _ => ScriptedResponse.Json(200, """{"job_id": 31}"""));
        var definition = new DeltaFunctions.Databricks.Streaming.StreamingJobBuilder("s")
            .FromDeltaTable("a.b.c")
            .ToDeltaTable("a.b.d")
            .WithCheckpointLocation("/Volumes/main/etl/state/cp")
            .RunOnSchedule("0 0 * * * ?")
            .Build("/Volumes/main/etl/code/my stream.py", "cluster-1");
        var sut = CreateSut();

        var jobId = await sut.DeployStreamingJobAsync(definition, TestContext.Current.CancellationToken);

        Assert.Equal(31, jobId);
        var upload = Assert.Single(_server.RequestsTo("/api/2.0/fs/files/Volumes/main/etl/code/my stream.py"));
        Assert.Equal("PUT", upload.Method);
        Assert.Contains("overwrite=true", upload.Query, StringComparison.Ordinal);
        Assert.Equal(definition.Program, upload.Body);
        Assert.True(_server.Requests.ToList().FindIndex(r => r.Path.StartsWith("/api/2.0/fs/files", StringComparison.Ordinal))
            < _server.Requests.ToList().FindIndex(r => r.Path == "/api/2.2/jobs/create"));
    }

    [Fact]
    public void GetJobsClient_CalledTwice_ReturnsSameInstance()
    {
        var first = _client.GetJobsClient();

        var second = _client.GetJobsClient();

        Assert.Same(first, second);
    }

    [Fact]
    public async Task ListRunsAsync_ContradictoryOptions_Throws()
    {
        var sut = CreateSut();

        await Assert.ThrowsAsync<ArgumentException>(async () =>
        {
            await foreach (var run in sut.ListRunsAsync(new ListRunsOptions { ActiveOnly = true, CompletedOnly = true }, TestContext.Current.CancellationToken))
            {
                Assert.Fail($"unexpected run {run.RunId}");
            }
        });
        Assert.Empty(_server.Requests);
    }
}
