using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DeltaFunctions.Databricks.Auth;
using DeltaFunctions.Databricks.Jobs;
using DeltaFunctions.Databricks.Streaming;
using DeltaFunctions.TestUtilities.Emulator;
using DeltaFunctions.TestUtilities.Http;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;

namespace DeltaFunctions.Databricks.Tests.Jobs;

/// <summary>The Jobs client against the emulator over loopback HTTP.</summary>
public sealed class JobsClientIntegrationTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IDisposable
{
    private static readonly WaitOptions FastWait = new()
    {
        InitialDelay = TimeSpan.FromMilliseconds(20),
        MaxDelay = TimeSpan.FromMilliseconds(100),
        Timeout = TimeSpan.FromSeconds(30),
    };

    private readonly DatabricksClient _client = TestDatabricksClients.Create(emulator.BaseAddress, DatabricksCredential.FromPersonalAccessToken(emulator.Token));

    public void Dispose() => _client.Dispose();

    private static JobTaskBuilder PythonTask(string key) => new JobTaskBuilder(key).SparkPython("/Workspace/etl/" + key + ".py", ["--day", "1"]).OnNewCluster(ClusterPresets.Small("15.4.x-scala2.12"));

    private static SubmitRun TwoTaskRun(string name) => new SubmitRunBuilder()
        .WithRunName(name)
        .AddTask(PythonTask("extract"))
        .AddTask(PythonTask("load").DependsOn("extract"))
        .Build();

    private static async Task<EmulatorFixture> StartSlowEmulatorAsync(CancellationToken cancellationToken) =>
        await EmulatorFixture.StartAsync(
            o => o with { TimeProvider = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)), SimulatedTaskDuration = TimeSpan.FromHours(1) },
            cancellationToken);

    private static async Task<Run> RunningAsync(JobsClient sut, long runId, CancellationToken cancellationToken) =>
        await Poll.UntilAsync(() => sut.GetRunAsync(runId, cancellationToken), r => r.State?.LifeCycleState == RunLifeCycleState.Running, cancellationToken);

    [Fact]
    public async Task SubmitRunAsync_ThenWaitAndGetOutput_ReturnsSuccessWithTaskOutput()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = _client.GetJobsClient();
        var progress = new RecordingProgress<RunState>();

        var runId = await sut.SubmitRunAsync(TwoTaskRun("submit-wait-output"), ct);
        var result = await sut.WaitForCompletionAsync(runId, FastWait with { Progress = progress }, ct);
        var output = await sut.GetRunOutputAsync(result.Run.Tasks!.Single(t => t.TaskKey == "load").RunId, ct);

        Assert.Equal(RunResultState.Success, result.ResultState);
        Assert.Equal(runId, result.Run.RunId);
        Assert.False(string.IsNullOrEmpty(result.RunPageUrl));
        Assert.Equal(RunStatusState.Terminated, result.Run.Status!.State);
        Assert.Equal(2, result.Run.Tasks!.Count);
        Assert.All(result.Run.Tasks, t => Assert.Equal(RunResultState.Success, t.State!.ResultState));
        Assert.Contains("load", output.Logs, StringComparison.Ordinal);
        Assert.Equal(RunLifeCycleState.Terminated, progress.Reports[^1].LifeCycleState);
    }

    [Fact]
    public async Task SubmitRunAsync_SqlNotebookThatChangesATable_OutputShowsTheChange()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = _client.GetJobsClient();
        emulator.WriteSqlNotebook("/Shared/jobs_it/create_orders", """
            CREATE TABLE IF NOT EXISTS main.default.jobs_it_orders (id BIGINT, amount DOUBLE);
            INSERT INTO main.default.jobs_it_orders VALUES (CAST(:id AS BIGINT), 12.5);
            SELECT count(*) AS orders FROM main.default.jobs_it_orders;
            """);
        var run = new SubmitRunBuilder()
            .AddTask(new JobTaskBuilder("sql").Notebook("/Workspace/Shared/jobs_it/create_orders", new Dictionary<string, string> { ["id"] = "7" }).OnServerless())
            .Build();

        var runId = await sut.SubmitRunAsync(run, ct);
        var result = await sut.WaitForCompletionAsync(runId, FastWait, ct);
        var output = await sut.GetRunOutputAsync(result.Run.Tasks![0].RunId, ct);
        emulator.WriteSqlNotebook("/Shared/jobs_it/read_orders", "SELECT id, amount FROM main.default.jobs_it_orders;");
        var readRunId = await sut.SubmitRunAsync(
            new SubmitRunBuilder().AddTask(new JobTaskBuilder("read").Notebook("/Workspace/Shared/jobs_it/read_orders").OnServerless()).Build(), ct);
        var read = await sut.WaitForCompletionAsync(readRunId, FastWait, ct);
        var readOutput = await sut.GetRunOutputAsync(read.Run.Tasks![0].RunId, ct);

        Assert.True(result.ResultState == RunResultState.Success, output.Error);
        var counted = JsonNode.Parse(output.NotebookOutput!.Result!)!.AsArray();
        Assert.Equal(1, (long)counted[0]!["orders"]!);
        Assert.True(read.ResultState == RunResultState.Success, readOutput.Error);
        var rows = JsonNode.Parse(readOutput.NotebookOutput!.Result!)!.AsArray();
        Assert.Equal(7, (long)Assert.Single(rows)!["id"]!);
        Assert.Equal(12.5, (double)rows[0]!["amount"]!);
    }

    [Fact]
    public async Task SubmitRunAsync_SameIdempotencyTokenTwice_ReturnsTheSameRun()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = _client.GetJobsClient();
        var run = TwoTaskRun("idempotent") with { IdempotencyToken = "it-" + Guid.NewGuid().ToString("N")[..20] };

        var first = await sut.SubmitRunAsync(run, ct);
        var second = await sut.SubmitRunAsync(run, ct);

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task SubmitRunAsync_TokenOfADeletedRun_ThrowsIdempotentRunDeletedAndStartsNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = _client.GetJobsClient();
        var token = "deleted-" + Guid.NewGuid().ToString("N");
        var run = TwoTaskRun("deleted-token") with { IdempotencyToken = token };
        var runId = await sut.SubmitRunAsync(run, ct);
        await sut.WaitForCompletionAsync(runId, FastWait, ct);
        using var raw = emulator.CreateClient();
        using var deleted = await raw.PostAsJsonAsync("api/2.2/jobs/runs/delete", new JsonObject { ["run_id"] = runId }, ct);
        deleted.EnsureSuccessStatusCode();

        var error = await Assert.ThrowsAsync<IdempotentRunDeletedException>(() => sut.SubmitRunAsync(run, ct));
        var named = await sut.ListRunsAsync(cancellationToken: ct).Where(r => r.RunName == "deleted-token" && r.RunId != runId).ToListAsync(ct);

        Assert.Equal(token, error.IdempotencyToken);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("new token", error.Message, StringComparison.Ordinal);
        Assert.Empty(named);
    }

    [Fact]
    public async Task SubmitRunAsync_FirstAttemptRefusedWith503_StartsExactlyOneRun()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = _client.GetJobsClient();
        var raw = emulator.CreateClient();
        var name = "retried-" + Guid.NewGuid().ToString("N");
        using var arm = await raw.PostAsJsonAsync(
            "emulator/faults",
            new JsonObject { ["method"] = "POST", ["path_prefix"] = "/api/2.2/jobs/runs/submit", ["status"] = 503, ["error_code"] = "TEMPORARILY_UNAVAILABLE", ["count"] = 1 },
            ct);
        arm.EnsureSuccessStatusCode();

        var runId = await sut.SubmitRunAsync(TwoTaskRun(name), ct);
        var named = new List<Run>();
        await foreach (var run in sut.ListRunsAsync(cancellationToken: ct))
        {
            if (run.RunName == name)
            {
                named.Add(run);
            }
        }

        Assert.Equal(runId, Assert.Single(named).RunId);
    }

    [Fact]
    public async Task CancelRunAsync_MidRun_WaitReturnsCanceled()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var slow = await StartSlowEmulatorAsync(ct);
        using var client = TestDatabricksClients.Create(slow.BaseAddress, DatabricksCredential.FromPersonalAccessToken(slow.Token));
        var sut = client.GetJobsClient();
        var runId = await sut.SubmitRunAsync(TwoTaskRun("cancel"), ct);
        await RunningAsync(sut, runId, ct);

        await sut.CancelRunAsync(runId, ct);
        var result = await sut.WaitForCompletionAsync(runId, FastWait, ct);

        Assert.Equal(RunResultState.Canceled, result.ResultState);
        Assert.Equal(TerminationCode.UserCanceled, result.Run.Status!.TerminationDetails!.Code);
    }

    [Fact]
    public async Task StartSubmitRunAsync_WaitWithProgress_CompletesWithValue()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = _client.GetJobsClient();
        var progress = new RecordingProgress<RunState>();

        var operation = await sut.StartSubmitRunAsync(TwoTaskRun("operation-submit"), ct);
        var result = await operation.WaitForCompletionAsync(FastWait with { Progress = progress }, ct);

        Assert.Equal(RunResultState.Success, result.ResultState);
        Assert.True(operation.HasCompleted);
        Assert.Equal(RunResultState.Success, operation.Value.ResultState);
        Assert.Equal(operation.RunId, result.Run.RunId);
        Assert.Equal(RunLifeCycleState.Terminated, progress.Reports[^1].LifeCycleState);
    }

    [Fact]
    public async Task GetRunOperationAsync_FromAnotherClient_PollsAndCancelsTheRun()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var slow = await StartSlowEmulatorAsync(ct);
        using var first = TestDatabricksClients.Create(slow.BaseAddress, DatabricksCredential.FromPersonalAccessToken(slow.Token));
        using var second = TestDatabricksClients.Create(slow.BaseAddress, DatabricksCredential.FromPersonalAccessToken(slow.Token));
        var started = await first.GetJobsClient().StartSubmitRunAsync(TwoTaskRun("operation-resume"), ct);
        var sut = await second.GetJobsClient().GetRunOperationAsync(started.RunId, ct);
        await Poll.UntilAsync(() => sut.UpdateStatusAsync(ct), r => r.State?.LifeCycleState == RunLifeCycleState.Running, ct);

        var pendingValue = Assert.Throws<InvalidOperationException>(() => sut.Value);
        await sut.CancelAsync(ct);
        var result = await sut.WaitForCompletionAsync(FastWait, ct);

        Assert.Contains("WaitForCompletionAsync", pendingValue.Message, StringComparison.Ordinal);
        Assert.Equal(started.RunId, sut.RunId);
        Assert.Equal(RunResultState.Canceled, result.ResultState);
        Assert.True(sut.HasValue);
    }

    [Fact]
    public async Task WaitForCompletionAsync_TimeoutWithoutCancel_ThrowsAndRunKeepsRunning()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var slow = await StartSlowEmulatorAsync(ct);
        using var client = TestDatabricksClients.Create(slow.BaseAddress, DatabricksCredential.FromPersonalAccessToken(slow.Token));
        var sut = client.GetJobsClient();
        var runId = await sut.SubmitRunAsync(TwoTaskRun("timeout-keep"), ct);

        var error = await Assert.ThrowsAsync<RunWaitTimeoutException>(
            () => sut.WaitForCompletionAsync(runId, FastWait with { Timeout = TimeSpan.FromMilliseconds(300) }, ct));
        var after = await sut.GetRunAsync(runId, ct);

        Assert.False(error.RunCancelRequested);
        Assert.False(RunWaitPolicy.IsTerminal(after));
    }

    [Fact]
    public async Task WaitForCompletionAsync_TimeoutWithCancel_ThrowsAndRunEndsCanceled()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var slow = await StartSlowEmulatorAsync(ct);
        using var client = TestDatabricksClients.Create(slow.BaseAddress, DatabricksCredential.FromPersonalAccessToken(slow.Token));
        var sut = client.GetJobsClient();
        var runId = await sut.SubmitRunAsync(TwoTaskRun("timeout-cancel"), ct);

        var error = await Assert.ThrowsAsync<RunWaitTimeoutException>(
            () => sut.WaitForCompletionAsync(runId, FastWait with { Timeout = TimeSpan.FromMilliseconds(300), CancelOnTimeout = true }, ct));
        var after = await Poll.UntilAsync(() => sut.GetRunAsync(runId, ct), RunWaitPolicy.IsTerminal, ct);

        Assert.True(error.RunCancelRequested);
        Assert.Equal(RunResultState.Canceled, RunWaitPolicy.GetResultState(after));
    }

    [Fact]
    public async Task ListRunsAsync_ManyRunsOfAJob_FollowsEveryPageNewestFirst()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = _client.GetJobsClient();
        var jobId = await sut.CreateJobAsync(new JobSettingsBuilder("paged-" + Guid.NewGuid().ToString("N")).AddTask(PythonTask("only")).Build(), ct);
        var started = new List<long>();
        for (var i = 0; i < 12; i++)
        {
            started.Add(await sut.RunNowAsync(new RunNow { JobId = jobId }, ct));
        }

        var listed = new List<long>();
        await foreach (var run in sut.ListRunsAsync(new ListRunsOptions { JobId = jobId, PageSize = 5 }, ct))
        {
            listed.Add(run.RunId);
        }

        Assert.Equal(started.AsEnumerable().Reverse(), listed);
    }

    [Fact]
    public async Task Jobs_CreateGetListResetDelete_RoundTripThroughTheEmulator()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = _client.GetJobsClient();
        var name = "crud-" + Guid.NewGuid().ToString("N");
        var settings = new JobSettingsBuilder(name)
            .AddJobCluster("shared", ClusterPresets.MemoryOptimized("15.4.x-scala2.12"))
            .AddTask(new JobTaskBuilder("a").Notebook("/Workspace/n").OnJobCluster("shared").WithRetries(2, TimeSpan.FromMinutes(1)))
            .AddTask(new JobTaskBuilder("b").SqlQuery(emulator.WarehouseId, "q1").DependsOn("a"))
            .WithSchedule("0 0 2 * * ?")
            .WithTag("team", "data")
            .Build();

        var jobId = await sut.CreateJobAsync(settings, ct);
        var created = await sut.GetJobAsync(jobId, ct);
        await sut.ResetJobAsync(jobId, settings with { Description = "reset" }, ct);
        var reset = await sut.GetJobAsync(jobId, ct);
        var listed = new List<Job>();
        await foreach (var job in sut.ListJobsAsync(new ListJobsOptions { Name = name, PageSize = 1 }, ct))
        {
            listed.Add(job);
        }

        await sut.DeleteJobAsync(jobId, ct);
        var missing = await Assert.ThrowsAsync<DatabricksException>(() => sut.GetJobAsync(jobId, ct));

        Assert.Equal(name, created.Settings!.Name);
        Assert.Equal(["a", "b"], created.Settings.Tasks!.Select(t => t.TaskKey));
        Assert.Equal(2, created.Settings.Tasks![0].MaxRetries);
        Assert.Equal(2, created.Settings.JobClusters![0].NewCluster.Autoscale!.MinWorkers);
        Assert.Equal("0 0 2 * * ?", created.Settings.Schedule!.QuartzCronExpression);
        Assert.Equal("reset", reset.Settings!.Description);
        Assert.Equal(jobId, Assert.Single(listed).JobId);
        Assert.True(missing.IsNotFound);
    }

    [Fact]
    public async Task GetJobAsync_MoreThan100TasksAndJobClusters_MergesEveryPageTheEmulatorServes()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = _client.GetJobsClient();
        var builder = new JobSettingsBuilder("paged-" + Guid.NewGuid().ToString("N"))
            .WithWebhookNotifications(new WebhookNotifications { OnFailure = [new() { Id = "ops-pager" }] })
            .WithPerformanceTarget(PerformanceTarget.PerformanceOptimized);
        for (var i = 0; i < 230; i++)
        {
            builder.AddJobCluster($"c{i:D3}", ClusterPresets.Small("15.4.x-scala2.12"));
        }

        for (var i = 0; i < 250; i++)
        {
            builder.AddTask(new JobTaskBuilder($"t{i:D3}").Notebook("/Workspace/n").OnJobCluster($"c{i % 230:D3}").WithRetries(1, TimeSpan.FromSeconds(10), retryOnTimeout: true));
        }

        var jobId = await sut.CreateJobAsync(builder.Build(), ct);
        var job = await sut.GetJobAsync(jobId, ct);

        Assert.Equal(Enumerable.Range(0, 250).Select(i => $"t{i:D3}"), job.Settings!.Tasks!.Select(t => t.TaskKey));
        Assert.Equal(Enumerable.Range(0, 230).Select(i => $"c{i:D3}"), job.Settings.JobClusters!.Select(c => c.JobClusterKey));
        Assert.All(job.Settings.Tasks!, t => Assert.True(t.MaxRetries == 1 && t.MinRetryIntervalMillis == 10_000 && t.RetryOnTimeout == true));
        Assert.Equal("ops-pager", job.Settings.WebhookNotifications!.OnFailure![0].Id);
        Assert.Equal(PerformanceTarget.PerformanceOptimized, job.Settings.PerformanceTarget);
        Assert.Null(job.NextPageToken);
    }

    [Fact]
    public async Task GetRunAsync_SubmitRunWithMoreThan100Tasks_MergesEveryPageTheEmulatorServes()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = _client.GetJobsClient();
        var builder = new SubmitRunBuilder().WithRunName("paged-run").WithPerformanceTarget(PerformanceTarget.Standard);
        for (var i = 0; i < 205; i++)
        {
            builder.AddTask(new JobTaskBuilder($"t{i:D3}").SparkPython("/Workspace/etl/t.py", []).OnServerless().WithRetries(2, TimeSpan.FromSeconds(1)));
        }

        var runId = await sut.SubmitRunAsync(builder.Build(), ct);
        var run = await sut.GetRunAsync(runId, ct);

        Assert.Equal(Enumerable.Range(0, 205).Select(i => $"t{i:D3}"), run.Tasks!.Select(t => t.TaskKey));
        Assert.Equal(205, run.Tasks!.Select(t => t.RunId).Distinct().Count());
        Assert.Null(run.NextPageToken);
    }

    [Fact]
    public async Task GetJobAsync_ValuesUnknownToTheClient_RoundTripThroughTheEmulator()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = _client.GetJobsClient();
        var cluster = ClusterSpec.Fixed("15.4.x-scala2.12", "Standard_D4ds_v5", 1)
            .WithDataSecurityMode(new DataSecurityMode("DATA_SECURITY_MODE_FROM_THE_FUTURE"))
            .WithRuntimeEngine(new RuntimeEngine("WARP_DRIVE"));
        var settings = new JobSettingsBuilder("unknown-values")
            .AddTask(new JobTaskBuilder("a").Notebook("/Workspace/n").OnNewCluster(cluster).WithRunIf(new RunIf("WHEN_THE_MOON_IS_FULL")))
            .Build() with
        {
            Continuous = new ContinuousSettings { PauseStatus = new PauseStatus("HIBERNATING"), TaskRetryMode = new ContinuousTaskRetryMode("ON_TUESDAYS") },
        };

        var jobId = await sut.CreateJobAsync(settings, ct);
        var job = await sut.GetJobAsync(jobId, ct);

        var task = job.Settings!.Tasks![0];
        Assert.Equal("DATA_SECURITY_MODE_FROM_THE_FUTURE", task.NewCluster!.DataSecurityMode!.Value.Value);
        Assert.Equal("WARP_DRIVE", task.NewCluster.RuntimeEngine!.Value.Value);
        Assert.Equal("WHEN_THE_MOON_IS_FULL", task.RunIf!.Value.Value);
        Assert.Equal("HIBERNATING", job.Settings.Continuous!.PauseStatus!.Value.Value);
        Assert.Equal("ON_TUESDAYS", job.Settings.Continuous.TaskRetryMode!.Value.Value);
    }

    [Fact]
    public async Task GetRunAsync_MissingRun_ThrowsNotFound()
    {
        var sut = _client.GetJobsClient();

        var error = await Assert.ThrowsAsync<DatabricksException>(() => sut.GetRunAsync(987_654_321, TestContext.Current.CancellationToken));

        Assert.True(error.IsNotFound);
    }

    [Fact]
    public async Task DeployStreamingJobAsync_WorkspacePath_UploadsTheProgramAndCreatesTheJob()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = _client.GetJobsClient();
        var path = "/Workspace/Shared/streaming_" + Guid.NewGuid().ToString("N") + "/orders.py";
        var definition = new StreamingJobBuilder("orders-stream")
            .FromDeltaTable("main.bronze.orders")
            .MergeIntoDeltaTable("main.silver.orders", ["order_id"])
            .WithCheckpointLocation("/Volumes/main/etl/state/orders")
            .WithTrigger(StreamingTrigger.ProcessingTime(TimeSpan.FromMinutes(1)))
            .RunContinuously()
            .Build(path, ClusterPresets.Streaming("15.4.x-scala2.12"));

        var jobId = await sut.DeployStreamingJobAsync(definition, ct);
        var job = await sut.GetJobAsync(jobId, ct);
        var exported = await emulator.CreateClient().GetFromJsonAsync<JsonObject>("api/2.0/workspace/export?format=SOURCE&path=" + Uri.EscapeDataString(path), ct);

        Assert.Equal(path, job.Settings!.Tasks![0].SparkPythonTask!.PythonFile);
        Assert.NotNull(job.Settings.Continuous);
        Assert.Equal(definition.Program, System.Text.Encoding.UTF8.GetString(Convert.FromBase64String((string)exported!["content"]!)));
    }

    [Fact]
    public async Task DeployStreamingJobAsync_VolumePath_UploadsTheProgramThroughTheFilesApi()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = _client.GetJobsClient();
        var raw = emulator.CreateClient();
        var volume = "code_" + Guid.NewGuid().ToString("N")[..12];
        using var created = await raw.PostAsJsonAsync(
            "api/2.0/sql/statements",
            new JsonObject { ["statement"] = $"CREATE VOLUME main.default.{volume}", ["warehouse_id"] = emulator.WarehouseId, ["wait_timeout"] = "30s" },
            ct);
        var statement = await created.Content.ReadFromJsonAsync<JsonObject>(ct);
        Assert.True((string?)statement!["status"]?["state"] == "SUCCEEDED", statement.ToJsonString());
        var path = $"/Volumes/main/default/{volume}/jobs/orders.py";
        var definition = new StreamingJobBuilder("orders-volume")
            .FromAutoLoader($"/Volumes/main/default/{volume}/landing", "json", $"/Volumes/main/default/{volume}/schema")
            .ToDeltaTable("main.default.orders_bronze")
            .WithCheckpointLocation($"/Volumes/main/default/{volume}/checkpoint")
            .WithTrigger(StreamingTrigger.AvailableNow)
            .RunOnSchedule("0 0/10 * * * ?")
            .Build(path, ClusterPresets.Streaming("15.4.x-scala2.12"));

        var jobId = await sut.DeployStreamingJobAsync(definition, ct);
        var uploaded = await raw.GetStringAsync("api/2.0/fs/files" + path, ct);
        var job = await sut.GetJobAsync(jobId, ct);

        Assert.Equal(definition.Program, uploaded);
        Assert.Equal(path, job.Settings!.Tasks![0].SparkPythonTask!.PythonFile);
        Assert.Equal("0 0/10 * * * ?", job.Settings.Schedule!.QuartzCronExpression);
    }

    [Property(MaxTest = 25)]
    public Property SubmitRunAsync_AnyValidBuilderConfiguration_IsAcceptedByTheEmulator() =>
        Prop.ForAll(Arb.From(JobBuilderPropertyTests.PlanGenerator), plans =>
        {
            var runId = _client.GetJobsClient().SubmitRunAsync(JobBuilderPropertyTests.ToSubmitRun(plans), TestContext.Current.CancellationToken).GetAwaiter().GetResult();
            return runId > 0;
        });

    [Property(MaxTest = 25)]
    public Property CreateJobAsync_AnyValidBuilderConfiguration_IsAcceptedAndReadBackByTheEmulator() =>
        Prop.ForAll(Arb.From(JobBuilderPropertyTests.PlanGenerator), plans =>
        {
            var jobs = _client.GetJobsClient();
            var settings = JobBuilderPropertyTests.ToJobSettings(plans);
            var jobId = jobs.CreateJobAsync(settings, TestContext.Current.CancellationToken).GetAwaiter().GetResult();
            var job = jobs.GetJobAsync(jobId, TestContext.Current.CancellationToken).GetAwaiter().GetResult();
            return job.Settings!.Tasks!.Select(t => t.TaskKey).SequenceEqual(settings.Tasks!.Select(t => t.TaskKey));
        });
}
