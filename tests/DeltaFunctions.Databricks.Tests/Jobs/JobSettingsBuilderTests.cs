using System.Text.Json;
using System.Text.Json.Nodes;
using DeltaFunctions.Databricks.Jobs;

namespace DeltaFunctions.Databricks.Tests.Jobs;

public sealed class JobSettingsBuilderTests
{
    private static readonly ClusterSpec Cluster = ClusterPresets.Small("15.4.x-scala2.12");

    [Fact]
    public void Build_FullJob_SerializesSettings()
    {
        var sut = new JobSettingsBuilder("etl")
            .WithDescription("daily")
            .AddJobCluster("shared", Cluster)
            .AddTask(new JobTaskBuilder("a").Notebook("/n").OnJobCluster("shared").WithRetries(2))
            .AddTask(new JobTaskBuilder("b").SparkSubmit(["--class", "A", "x.jar"]).OnJobCluster("shared").DependsOn("a"))
            .WithParameter("date", "today")
            .WithTag("team", "data")
            .WithTimeout(TimeSpan.FromHours(1))
            .WithMaxConcurrentRuns(3)
            .WithSchedule("0 0 2 * * ?", "Europe/Amsterdam")
            .WithQueue(false)
            .WithEmailNotifications(new EmailNotifications { OnFailure = ["ops@example.com"] })
            .WithWebhookNotifications(new WebhookNotifications { OnDurationWarningThresholdExceeded = [new() { Id = "pager" }] })
            .WithPerformanceTarget(PerformanceTarget.Standard);

        var json = JsonNode.Parse(JsonSerializer.Serialize(sut.Build(), JobsJsonContext.Default.JobSettings))!;

        Assert.Equal("etl", (string?)json["name"]);
        Assert.Equal("shared", (string?)json["job_clusters"]![0]!["job_cluster_key"]);
        Assert.Equal("Standard_D4ds_v5", (string?)json["job_clusters"]![0]!["new_cluster"]!["node_type_id"]);
        Assert.Equal("date", (string?)json["parameters"]![0]!["name"]);
        Assert.Equal("today", (string?)json["parameters"]![0]!["default"]);
        Assert.Equal("0 0 2 * * ?", (string?)json["schedule"]!["quartz_cron_expression"]);
        Assert.Equal("Europe/Amsterdam", (string?)json["schedule"]!["timezone_id"]);
        Assert.Equal("UNPAUSED", (string?)json["schedule"]!["pause_status"]);
        Assert.Equal(3, (int?)json["max_concurrent_runs"]);
        Assert.False((bool?)json["queue"]!["enabled"]);
        Assert.Equal("ops@example.com", (string?)json["email_notifications"]!["on_failure"]![0]);
        Assert.Equal("pager", (string?)json["webhook_notifications"]!["on_duration_warning_threshold_exceeded"]![0]!["id"]);
        Assert.Equal("STANDARD", (string?)json["performance_target"]);
    }

    [Fact]
    public void Build_Continuous_SerializesPauseStatusAndRetryMode()
    {
        var sut = new JobSettingsBuilder("stream").AddTask(new JobTaskBuilder("s").SparkPython("/a.py").OnNewCluster(Cluster)).RunContinuously(retryFailedTasks: true);

        var json = JsonNode.Parse(JsonSerializer.Serialize(sut.Build(), JobsJsonContext.Default.JobSettings))!;

        Assert.Equal("UNPAUSED", (string?)json["continuous"]!["pause_status"]);
        Assert.Equal("ON_FAILURE", (string?)json["continuous"]!["task_retry_mode"]);
        Assert.Null(json["schedule"]);
    }

    public static TheoryData<string, Func<JobSettingsBuilder>, string> InvalidJobs() => new()
    {
        { "no tasks", () => new JobSettingsBuilder("j"), "At least one task" },
        { "unknown job cluster", () => new JobSettingsBuilder("j").AddTask(new JobTaskBuilder("a").Notebook("/n").OnJobCluster("ghost")), "does not declare" },
        { "duplicate job cluster", () => new JobSettingsBuilder("j").AddJobCluster("c", Cluster).AddJobCluster("c", Cluster).AddTask(new JobTaskBuilder("a").Notebook("/n").OnJobCluster("c")), "declared twice" },
        { "schedule and continuous", () => new JobSettingsBuilder("j").AddTask(new JobTaskBuilder("a").Notebook("/n").OnServerless()).WithSchedule("0 0 * * * ?").RunContinuously(), "both scheduled and continuous" },
        { "continuous with dependency", () => new JobSettingsBuilder("j").AddTask(new JobTaskBuilder("a").Notebook("/n").OnServerless()).AddTask(new JobTaskBuilder("b").Notebook("/n").OnServerless().DependsOn("a")).RunContinuously(), "continuous job does not support" },
        { "continuous with retries", () => new JobSettingsBuilder("j").AddTask(new JobTaskBuilder("a").Notebook("/n").OnServerless().WithRetries(1)).RunContinuously(), "task_retry_mode" },
        { "spark-submit on autoscaling job cluster", () => new JobSettingsBuilder("j").AddJobCluster("c", Cluster.WithAutoscale(1, 3)).AddTask(new JobTaskBuilder("a").SparkSubmit(["x.jar"]).OnJobCluster("c")), "spark-submit" },
        { "duplicate keys", () => new JobSettingsBuilder("j").AddTask(new JobTaskBuilder("a").Notebook("/n").OnServerless()).AddTask(new JobTaskBuilder("a").Notebook("/m").OnServerless()), "more than one task" },
    };

    [Theory]
    [MemberData(nameof(InvalidJobs))]
    public void Build_InvalidJob_ThrowsSayingWhy(string scenario, Func<JobSettingsBuilder> arrange, string expected)
    {
        var sut = arrange();

        var error = Assert.Throws<ArgumentException>(() => sut.Build());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.NotEmpty(scenario);
    }

    [Fact]
    public void Build_TooManyTags_Throws()
    {
        var sut = new JobSettingsBuilder("j").AddTask(new JobTaskBuilder("a").Notebook("/n").OnServerless());
        for (var i = 0; i < 26; i++)
        {
            sut.WithTag("t" + i, "v");
        }

        var error = Assert.Throws<ArgumentException>(() => sut.Build());

        Assert.Contains("at most 25", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0 0 * * *")]
    [InlineData("* * * * * * * *")]
    public void WithSchedule_NotQuartz_Throws(string expression)
    {
        var sut = new JobSettingsBuilder("j");

        var error = Assert.Throws<ArgumentException>(() => sut.WithSchedule(expression));

        Assert.Contains("6 or 7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SimpleGuards_InvalidInput_Throw()
    {
        var sut = new JobSettingsBuilder("j").WithParameter("p", "1");

        Assert.Throws<ArgumentException>(() => sut.WithParameter("p", "2"));
        Assert.Throws<ArgumentOutOfRangeException>(() => sut.WithMaxConcurrentRuns(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => sut.WithMaxConcurrentRuns(1001));
        Assert.Throws<ArgumentException>(() => sut.AddJobCluster("c", new ClusterSpec { SparkVersion = "v" }));
        Assert.ThrowsAny<ArgumentException>(() => new JobSettingsBuilder(" "));
    }
}
