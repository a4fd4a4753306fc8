using DeltaFunctions.Pipelines.Jobs;
using DeltaFunctions.Pipelines.Orchestration;
using DeltaFunctions.Pipelines.Tests.Jobs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DeltaFunctions.Pipelines.Tests.Orchestration;

public sealed class InProcessOrchestrationContextTests
{
    private static readonly DateTimeOffset Start = new(2030, 1, 7, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task JobRunWorkflow_InProcess_PollsOnTheTimeProviderUntilSucceeded()
    {
        var time = new FakeTimeProvider(Start);
        var databricks = new FakeJobRunActivities { LoseSubmitResponses = 1 }.Script("load", ("RUNNING", null), ("TERMINATED", "SUCCESS"));
        var sut = Context(time, InProcessActivities.For(databricks, null));
        var request = new JobRunRequest
        {
            Jobs = [new JobStep { Key = "load", JobId = 7 }],
            Polling = new PollingSettings { InitialIntervalSeconds = 2, MaxIntervalSeconds = 2 },
        };

        var result = await DriveAsync(time, JobRunWorkflow.RunAsync(sut, request, TestContext.Current.CancellationToken));

        Assert.Equal(JobRunOutcome.Succeeded, result.Outcome);
        Assert.Equal(1, databricks.RunsStarted);
        Assert.Equal(2, databricks.Submits.Select(s => s.Token).Count(t => t == IdempotencyTokens.ForJobStep("local-1", "load")));
        Assert.True(time.GetUtcNow() >= Start.AddSeconds(7), "the retry (5 s) and one poll interval (2 s) are waited on the time provider");
    }

    [Fact]
    public async Task CallActivityAsync_ActivityAlwaysFails_ThrowsActivityFailedAfterLastAttempt()
    {
        var time = new FakeTimeProvider(Start);
        var attempts = 0;
        var activities = new InProcessActivities().Add<JobRunReference, bool>("broken", (_, _) =>
        {
            attempts++;
            throw new InvalidOperationException("nope");
        });
        var sut = Context(time, activities);

        var error = await Assert.ThrowsAsync<ActivityFailedException>(() => DriveAsync(
            time, sut.CallActivityAsync<bool>("broken", new JobRunReference { RunId = 1 }, new ActivityRetryPolicy(3, TimeSpan.FromSeconds(1), 1, TimeSpan.FromSeconds(1)))));

        Assert.Equal(3, attempts);
        Assert.Equal("broken", error.ActivityName);
        Assert.Equal("System.InvalidOperationException", error.ErrorType);
        Assert.Equal("nope", error.ErrorMessage);
    }

    [Fact]
    public async Task CallActivityAsync_UnknownActivity_FailsWithoutRetryPolicy()
    {
        var sut = Context(new FakeTimeProvider(Start), new InProcessActivities());

        var error = await Assert.ThrowsAsync<ActivityFailedException>(() => sut.CallActivityAsync<bool>("missing"));

        Assert.Contains("missing", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateTimer_PastFireTime_CompletesAtOnce()
    {
        var time = new FakeTimeProvider(Start);
        var sut = Context(time, new InProcessActivities());

        var timer = sut.CreateTimer(Start.UtcDateTime.AddSeconds(-1), TestContext.Current.CancellationToken);

        Assert.True(timer.IsCompletedSuccessfully);
        await timer;
    }

    private static InProcessOrchestrationContext Context(FakeTimeProvider time, InProcessActivities activities) =>
        new("local-1", activities, time, NullLoggerFactory.Instance, TestContext.Current.CancellationToken);

    private static async Task<T> DriveAsync<T>(FakeTimeProvider time, Task<T> task)
    {
        for (var i = 0; i < 1000 && !task.IsCompleted; i++)
        {
            await Task.WhenAny(task, Task.Delay(2, TestContext.Current.CancellationToken));
            if (!task.IsCompleted)
            {
                time.Advance(TimeSpan.FromSeconds(1));
            }
        }

        return await task;
    }
}
