using DeltaFunctions.Databricks;
using DeltaFunctions.Databricks.Jobs;
using DeltaFunctions.Pipelines.Activities;
using DeltaFunctions.Pipelines.Jobs;
using DeltaFunctions.Pipelines.Tests.Handlers;
using DeltaFunctions.TestUtilities.Emulator;
using Moq;

namespace DeltaFunctions.Pipelines.Tests.Activities;

/// <summary>The job run activities against the emulator's Jobs API, and with the Jobs client substituted.</summary>
public sealed class JobRunActivitiesTests(PipelinesEmulator lakehouse) : IClassFixture<PipelinesEmulator>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SubmitRunAsync_SameTokenTwice_StartsOneRunThatSucceedsWithOutput()
    {
        lakehouse.Emulator.WriteSqlNotebook("/Shared/pipelines_it/answer", "SELECT 42 AS answer;");
        var sut = new JobRunActivities(lakehouse.Client.GetJobsClient());
        var input = new SubmitJobRunInput
        {
            StepKey = "answer",
            IdempotencyToken = "it-" + Guid.NewGuid().ToString("N")[..20],
            Run = new JobRunDefinition
            {
                RunName = "pipelines-it",
                Tasks = [new JobTaskDefinition { TaskKey = "answer", NotebookTask = new NotebookTaskDefinition { NotebookPath = "/Workspace/Shared/pipelines_it/answer" } }],
            },
        };

        var first = await sut.SubmitRunAsync(input, Ct);
        var retried = await sut.SubmitRunAsync(input, Ct);
        var status = await Poll.UntilAsync(
            () => sut.GetRunStatusAsync(new JobRunReference { RunId = first.RunId }, Ct),
            s => s.LifeCycleState is "TERMINATED" or "INTERNAL_ERROR" or "SKIPPED",
            Ct,
            TimeSpan.FromSeconds(30));
        var output = await sut.GetRunOutputAsync(new JobRunReference { RunId = first.RunId }, Ct);

        Assert.Equal(first.RunId, retried.RunId);
        Assert.Equal(first.RunId, status.RunId);
        Assert.Equal("SUCCESS", status.ResultState);
        Assert.False(string.IsNullOrEmpty(status.RunPageUrl));
        Assert.Contains("42", output.NotebookOutput, StringComparison.Ordinal);
        Assert.Null(output.Error);
    }

    [Fact]
    public async Task CancelRunAsync_UnknownRun_ThrowsNotFound()
    {
        var sut = new JobRunActivities(lakehouse.Client.GetJobsClient());

        var error = await Assert.ThrowsAsync<DatabricksException>(() => sut.CancelRunAsync(new JobRunReference { RunId = 987_654_321 }, Ct));

        Assert.True(error.IsNotFound);
    }

    [Fact]
    public async Task SubmitRunAsync_JobId_RunsNowWithTokenAndParameters()
    {
        var jobs = new Mock<JobsClient>(MockBehavior.Strict);
        jobs.Setup(j => j.RunNowAsync(It.IsAny<RunNow>(), It.IsAny<CancellationToken>())).ReturnsAsync(77);
        var sut = new JobRunActivities(jobs.Object);

        var submitted = await sut.SubmitRunAsync(
            new SubmitJobRunInput { StepKey = "s", IdempotencyToken = "tok-1", JobId = 5, JobParameters = new Dictionary<string, string> { ["d"] = "1" } }, Ct);

        Assert.Equal(77, submitted.RunId);
        jobs.Verify(j => j.RunNowAsync(
            It.Is<RunNow>(r => r.JobId == 5 && r.IdempotencyToken == "tok-1" && r.JobParameters!["d"] == "1"), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task SubmitRunAsync_Definition_SendsTokenAndMapsTasks()
    {
        SubmitRun? sent = null;
        var jobs = new Mock<JobsClient>(MockBehavior.Strict);
        jobs.Setup(j => j.SubmitRunAsync(It.IsAny<SubmitRun>(), It.IsAny<CancellationToken>()))
            .Callback<SubmitRun, CancellationToken>((r, _) => sent = r)
            .ReturnsAsync(9);
        var sut = new JobRunActivities(jobs.Object);
        using var cluster = System.Text.Json.JsonDocument.Parse("""{"spark_version":"15.4.x-scala2.12","node_type_id":"Standard_DS3_v2","num_workers":2}""");

        await sut.SubmitRunAsync(new SubmitJobRunInput
        {
            StepKey = "s",
            IdempotencyToken = "tok-2",
            Run = new JobRunDefinition
            {
                Tasks =
                [
                    new JobTaskDefinition { TaskKey = "a", NewCluster = cluster.RootElement.Clone(), SparkPythonTask = new SparkPythonTaskDefinition { PythonFile = "/x.py" } },
                    new JobTaskDefinition { TaskKey = "b", DependsOn = ["a"], ExistingClusterId = "c-1", SqlFileTask = new SqlFileTaskDefinition { WarehouseId = "w", Path = "/q.sql" } },
                ],
            },
        }, Ct);

        Assert.Equal("tok-2", sent!.IdempotencyToken);
        Assert.Equal("15.4.x-scala2.12", sent.Tasks[0].NewCluster!.SparkVersion);
        Assert.Equal(2, sent.Tasks[0].NewCluster!.NumWorkers);
        Assert.Equal("a", Assert.Single(sent.Tasks[1].DependsOn!).TaskKey);
        Assert.Equal("/q.sql", sent.Tasks[1].SqlTask!.File!.Path);
    }

    [Fact]
    public async Task GetRunStatusAsync_NewerStatusFields_MappedToSnapshot()
    {
        var jobs = new Mock<JobsClient>(MockBehavior.Strict);
        jobs.Setup(j => j.GetRunAsync(3, It.IsAny<CancellationToken>())).ReturnsAsync(new Run
        {
            RunId = 3,
            RunPageUrl = "https://x/run/3",
            Status = new RunStatus
            {
                State = new RunStatusState("TERMINATED"),
                TerminationDetails = new TerminationDetails { Code = new TerminationCode("USER_CANCELED"), Type = new TerminationType("SUCCESS"), Message = "cancelled by user" },
            },
        });
        var sut = new JobRunActivities(jobs.Object);

        var snapshot = await sut.GetRunStatusAsync(new JobRunReference { RunId = 3 }, Ct);

        Assert.Equal("TERMINATED", snapshot.StatusState);
        Assert.Equal("USER_CANCELED", snapshot.TerminationCode);
        Assert.Equal("cancelled by user", snapshot.StateMessage);
        Assert.Null(snapshot.LifeCycleState);
    }
}
