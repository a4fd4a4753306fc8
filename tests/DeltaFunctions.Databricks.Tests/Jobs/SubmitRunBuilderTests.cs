using System.Text.Json;
using System.Text.Json.Nodes;
using DeltaFunctions.Databricks.Jobs;

namespace DeltaFunctions.Databricks.Tests.Jobs;

public sealed class SubmitRunBuilderTests
{
    private static JobTaskBuilder Notebook(string key) => new JobTaskBuilder(key).Notebook("/Workspace/" + key).OnExistingCluster("c1");

    [Fact]
    public void Build_TwoTasksWithDependency_SerializesRunBody()
    {
        var sut = new SubmitRunBuilder()
            .WithRunName("nightly")
            .AddTask(Notebook("extract"))
            .AddTask(Notebook("load").DependsOn("extract"))
            .WithTimeout(TimeSpan.FromHours(2))
            .WithIdempotencyToken("tok-1")
            .WithQueue(true);

        var json = JsonNode.Parse(JsonSerializer.Serialize(sut.Build(), JobsJsonContext.Default.SubmitRun))!;

        Assert.Equal("nightly", (string?)json["run_name"]);
        Assert.Equal(2, json["tasks"]!.AsArray().Count);
        Assert.Equal("extract", (string?)json["tasks"]![1]!["depends_on"]![0]!["task_key"]);
        Assert.Equal(7200, (int?)json["timeout_seconds"]);
        Assert.Equal("tok-1", (string?)json["idempotency_token"]);
        Assert.True((bool?)json["queue"]!["enabled"]);
    }

    [Fact]
    public void Build_TaskRetriesWebhooksAndPerformanceTarget_SerializeWithTheJobsApiWireNames()
    {
        var sut = new SubmitRunBuilder()
            .AddTask(new JobTaskBuilder("load").Notebook("/Workspace/load").OnServerless()
                .WithRetries(2, TimeSpan.FromSeconds(30), retryOnTimeout: true)
                .WithWebhookNotifications(new WebhookNotifications { OnFailure = [new() { Id = "task-dest" }] }))
            .WithWebhookNotifications(new WebhookNotifications { OnStart = [new() { Id = "start-dest" }], OnStreamingBacklogExceeded = [new() { Id = "backlog" }] })
            .WithPerformanceTarget(PerformanceTarget.PerformanceOptimized);

        var json = JsonNode.Parse(JsonSerializer.Serialize(sut.Build(), JobsJsonContext.Default.SubmitRun))!;

        var task = json["tasks"]![0]!;
        Assert.Equal(2, (int?)task["max_retries"]);
        Assert.Equal(30000, (int?)task["min_retry_interval_millis"]);
        Assert.True((bool?)task["retry_on_timeout"]);
        Assert.Equal("task-dest", (string?)task["webhook_notifications"]!["on_failure"]![0]!["id"]);
        Assert.Equal("start-dest", (string?)json["webhook_notifications"]!["on_start"]![0]!["id"]);
        Assert.Equal("backlog", (string?)json["webhook_notifications"]!["on_streaming_backlog_exceeded"]![0]!["id"]);
        Assert.Equal("PERFORMANCE_OPTIMIZED", (string?)json["performance_target"]);
    }

    public static TheoryData<string, Func<SubmitRunBuilder>, string> InvalidRuns() => new()
    {
        { "no tasks", () => new SubmitRunBuilder(), "At least one task" },
        { "duplicate keys", () => new SubmitRunBuilder().AddTask(Notebook("a")).AddTask(Notebook("a")), "used by more than one task" },
        { "unknown dependency", () => new SubmitRunBuilder().AddTask(Notebook("a").DependsOn("ghost")), "depends on 'ghost'" },
        { "cycle", () => new SubmitRunBuilder().AddTask(Notebook("a").DependsOn("b")).AddTask(Notebook("b").DependsOn("c")).AddTask(Notebook("c").DependsOn("a")), "cycle" },
        { "job cluster", () => new SubmitRunBuilder().AddTask(new JobTaskBuilder("a").Notebook("/n").OnJobCluster("shared")), "no job clusters" },
        { "four webhooks on one event", () => new SubmitRunBuilder().AddTask(Notebook("a")).WithWebhookNotifications(new WebhookNotifications { OnFailure = [new() { Id = "1" }, new() { Id = "2" }, new() { Id = "3" }, new() { Id = "4" }] }), "at most 3" },
        { "webhook without id", () => new SubmitRunBuilder().AddTask(Notebook("a")).WithWebhookNotifications(new WebhookNotifications { OnStart = [new() { Id = " " }] }), "needs an id" },
        { "hand-made task with four webhooks", () => new SubmitRunBuilder().AddTask(Notebook("a").Build() with { WebhookNotifications = new WebhookNotifications { OnSuccess = [new() { Id = "1" }, new() { Id = "2" }, new() { Id = "3" }, new() { Id = "4" }] } }), "at most 3" },
        { "hand-made invalid task", () => new SubmitRunBuilder().AddTask(new JobTask { TaskKey = "a" }), "no task type" },
    };

    [Theory]
    [MemberData(nameof(InvalidRuns))]
    public void Build_InvalidRun_ThrowsSayingWhy(string scenario, Func<SubmitRunBuilder> arrange, string expected)
    {
        var sut = arrange();

        var error = Assert.Throws<ArgumentException>(() => sut.Build());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.NotEmpty(scenario);
    }

    [Fact]
    public void Build_HandMadeTaskWithoutCompute_IsTakenAsServerless()
    {
        var sut = new SubmitRunBuilder().AddTask(new JobTask { TaskKey = "a", NotebookTask = new NotebookTask { NotebookPath = "/n" } });

        var run = sut.Build();

        Assert.Null(run.Tasks[0].ExistingClusterId);
    }

    [Fact]
    public void WithIdempotencyToken_Over64Characters_Throws()
    {
        var sut = new SubmitRunBuilder();

        var error = Assert.Throws<ArgumentException>(() => sut.WithIdempotencyToken(new string('x', 65)));

        Assert.Contains("at most 64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_DiamondDependencies_AreNotACycle()
    {
        var sut = new SubmitRunBuilder()
            .AddTask(Notebook("a"))
            .AddTask(Notebook("b").DependsOn("a"))
            .AddTask(Notebook("c").DependsOn("a"))
            .AddTask(Notebook("d").DependsOn("b").DependsOn("c"));

        var run = sut.Build();

        Assert.Equal(4, run.Tasks.Count);
    }
}
