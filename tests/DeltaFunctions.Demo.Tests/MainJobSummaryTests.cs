using DeltaFunctions.Pipelines.Handlers;
using DeltaFunctions.Pipelines.Jobs;
using DeltaFunctions.Pipelines.Maintenance;
using DeltaFunctions.Pipelines.Merge;
using DeltaFunctions.Pipelines.Messaging;

namespace DeltaFunctions.Demo.Tests;

/// <summary>When the main job counts as failed (its exit code): the rule of <see cref="MainJobSummary.Succeeded"/>.</summary>
public sealed class MainJobSummaryTests
{
    private static readonly DateTime Start = new(2030, 1, 7, 2, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Succeeded_DoneAndInvalidInputMessages_True()
    {
        var sut = Summary(Done(), Invalid(HandlerReasons.InvalidRequest), Invalid(HandlerReasons.IncompatibleRows));

        Assert.True(sut.Succeeded);
    }

    [Fact]
    public void Succeeded_ValidMessageRefusedByTheWorkspace_False()
    {
        var sut = Summary(Done(), Invalid(HandlerReasons.RejectedByDatabricks));

        Assert.False(sut.Succeeded);
    }

    [Fact]
    public void Succeeded_MessageLeftForRedelivery_False()
    {
        var sut = Summary(Done(), new HandlerOutcome<MergeRequestResult>.Transient("m", HandlerReasons.DatabricksUnavailable, "503", TimeSpan.FromSeconds(5)));

        Assert.False(sut.Succeeded);
    }

    [Theory]
    [InlineData(JobRunOutcome.Failed)]
    [InlineData(JobRunOutcome.TimedOut)]
    [InlineData(JobRunOutcome.Rejected)]
    public void Succeeded_JobDidNotSucceed_False(JobRunOutcome outcome)
    {
        var sut = Summary(Done()) with { Job = new JobRunResult { Outcome = outcome, Steps = [] } };

        Assert.False(sut.Succeeded);
    }

    [Fact]
    public void Succeeded_MaintenanceTableFailed_False()
    {
        var sut = Summary(Done()) with { Maintenance = Maintenance(TableMaintenanceOutcome.Failed) with { Failed = 1 } };

        Assert.False(sut.Succeeded);
    }

    [Fact]
    public void Succeeded_MaintenanceRanNoTable_False()
    {
        var sut = Summary(Done()) with { Maintenance = new MaintenanceSummary { StartedUtc = Start, FinishedUtc = Start, Tables = [] } };

        Assert.False(sut.Succeeded);
    }

    [Fact]
    public async Task RunAsync_MessagesFolderMissing_ThrowsBeforeStartingAnything()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-messages-" + Guid.NewGuid().ToString("N")[..8]);
        using var output = new StringWriter();

        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => new MainJob(missing).RunAsync(output, TestContext.Current.CancellationToken));

        Assert.Empty(output.ToString());
    }

    private static MainJobSummary Summary(params HandlerOutcome<MergeRequestResult>[] outcomes) => new()
    {
        RowCountsBefore = new Dictionary<string, long>(),
        Merges = [.. outcomes.Select((o, i) => new MergeDelivery
        {
            Message = new QueuedMessage { MessageId = "m" + i, Body = "{}"u8.ToArray(), DeliveryCount = 1, Source = $"{i:00}-m{i}.json" },
            Outcome = o,
            RowCountsAfter = new Dictionary<string, long>(),
        })],
        Job = new JobRunResult { Outcome = JobRunOutcome.Succeeded, Steps = [] },
        Maintenance = Maintenance(TableMaintenanceOutcome.Succeeded) with { Succeeded = 1 },
    };

    private static MaintenanceSummary Maintenance(TableMaintenanceOutcome outcome) => new()
    {
        StartedUtc = Start,
        FinishedUtc = Start,
        Tables = [new TableMaintenanceResult { Table = "main.demo.trips", Outcome = outcome }],
    };

    private static HandlerOutcome<MergeRequestResult> Done() =>
        new HandlerOutcome<MergeRequestResult>.Done("m", new MergeRequestResult { TargetTable = "main.demo.trips", Mode = MergeMode.Upsert });

    private static HandlerOutcome<MergeRequestResult> Invalid(string reason) =>
        new HandlerOutcome<MergeRequestResult>.Invalid("m", reason, "bad", []);
}
