using DeltaFunctions.Pipelines.Handlers;
using DeltaFunctions.Pipelines.Jobs;
using DeltaFunctions.Pipelines.Maintenance;
using DeltaFunctions.Pipelines.Merge;

namespace DeltaFunctions.Demo.Tests;

/// <summary>
/// The whole main job against the emulator, run once: the sample merge messages, the notebook job and the maintenance
/// pass, each checked against what the Pipelines code returned and what the tables hold.
/// </summary>
public sealed class MainJobTests(MainJobRun run) : IClassFixture<MainJobRun>
{
    private const string Trips = MainJob.TripsTable;
    private const string Ratings = MainJob.RatingsTable;

    [Fact]
    public void RunAsync_SampleMessages_DeliveredInFileOrderWithTheRedeliveryCounted()
    {
        var deliveries = run.Summary.Merges;

        Assert.Equal(
            ["trips-2024-06-12", "trip-corrections-0613", "ratings-batch-0612", "trips-malformed", "ratings-batch-0612"],
            deliveries.Select(d => d.Message.MessageId));
        Assert.Equal([1, 1, 1, 1, 2], deliveries.Select(d => d.Message.DeliveryCount));
    }

    [Fact]
    public void RunAsync_UpsertMessages_UpdateAndInsertTripsOnTheirKeys()
    {
        var upsert = Done(0);
        var corrections = Done(1);

        Assert.Equal(4, run.Summary.RowCountsBefore[Trips]);
        Assert.Equal((MergeMode.Upsert, 2L, 1L), (upsert.Mode, upsert.RowsInserted, upsert.RowsUpdated));
        Assert.Equal(6, run.Summary.Merges[0].RowCountsAfter[Trips]);
        Assert.Equal((0L, 1L), (corrections.RowsInserted, corrections.RowsUpdated));
        Assert.Equal(6, run.Summary.Merges[1].RowCountsAfter[Trips]);
    }

    [Fact]
    public void RunAsync_AppendMessage_InsertsTheBatchUnderItsBatchId()
    {
        var append = Done(2);

        Assert.Equal(MergeMode.Append, append.Mode);
        Assert.Equal("ratings-2024-06-12", append.BatchId);
        Assert.Equal(3, append.RowsInserted);
        Assert.False(append.AlreadyApplied);
        Assert.Equal(0, run.Summary.RowCountsBefore[Ratings]);
        Assert.Equal(3, run.Summary.Merges[2].RowCountsAfter[Ratings]);
    }

    [Fact]
    public void RunAsync_MalformedMessage_DeadLetteredWithReasonAndFieldPathsAndNothingWritten()
    {
        var delivery = run.Summary.Merges[3];

        var invalid = Assert.IsType<HandlerOutcome<MergeRequestResult>.Invalid>(delivery.Outcome);
        Assert.Equal(HandlerReasons.InvalidRequest, invalid.Reason);
        Assert.Equal(["keys", "targetTable"], invalid.Problems.Select(p => p.Path).Order(StringComparer.Ordinal));
        Assert.StartsWith("2 problem(s): ", invalid.Description, StringComparison.Ordinal);
        Assert.Equal(run.Summary.Merges[2].RowCountsAfter, delivery.RowCountsAfter);
        Assert.Contains($"dead-letter: reason InvalidRequest, description \"{invalid.Description}\"", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void RunAsync_RedeliveredAppend_AlreadyAppliedAndRowCountUnchanged()
    {
        var before = run.Summary.Merges[3].RowCountsAfter[Ratings];

        var redelivery = Done(4);

        Assert.True(run.Summary.Merges[4].Message.IsRedelivery);
        Assert.True(redelivery.AlreadyApplied);
        Assert.Equal(0, redelivery.RowsInserted);
        Assert.Equal(3, before);
        Assert.Equal(before, run.Summary.Merges[4].RowCountsAfter[Ratings]);
    }

    [Fact]
    public void RunAsync_JobRun_SucceedsAfterPollingWithRunPageAndNotebookOutput()
    {
        // 11.15 km = trip 1 (3.20) + trip 2 as message 01 corrected it (7.95): the notebook reads the merged rows.
        var job = run.Summary.Job;

        var step = Assert.Single(job.Steps);
        Assert.Equal(JobRunOutcome.Succeeded, job.Outcome);
        Assert.Equal("SUCCESS", step.ResultState);
        Assert.True(step.Polls >= 2, $"the run is PENDING at the first poll, so a timer fires before the last; polls: {step.Polls}");
        Assert.Contains("#job/", step.RunPageUrl, StringComparison.Ordinal);
        Assert.Equal("""[{"city":"Amsterdam","trips":2,"total_km":11.15}]""", step.NotebookOutput);
        Assert.Contains($"(run {step.RunId}) is PENDING at poll 1; next poll in 1 s", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void RunAsync_Maintenance_OptimizesAndVacuumsEveryDemoTable()
    {
        var maintenance = run.Summary.Maintenance;

        Assert.Equal([Trips, Ratings], maintenance.Tables.Select(t => t.Table));
        Assert.All(maintenance.Tables, t => Assert.Equal(TableMaintenanceOutcome.Succeeded, t.Outcome));
        Assert.All(maintenance.Tables, t => Assert.Equal("SUCCEEDED", t.Optimize?.State));
        Assert.All(maintenance.Tables, t => Assert.Equal("SUCCEEDED", t.Vacuum?.State));
        Assert.Equal((2, 0), (maintenance.Succeeded, maintenance.Failed));
        var trips = maintenance.Tables[0];
        Assert.Equal(1, trips.FilesAdded);
        Assert.True(trips.FilesRemoved >= 1, $"OPTIMIZE compacted the trips files: {trips.FilesRemoved}");
    }

    [Fact]
    public void RunAsync_WholeRun_SucceedsAndSaysProductionRunsOnAzureFunctions()
    {
        var summary = run.Summary;

        Assert.True(summary.Succeeded, run.Output);
        Assert.Contains("Production runs these flows on Azure Functions", run.Output, StringComparison.Ordinal);
        Assert.EndsWith("Main job succeeded in " + summary.Elapsed.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " s." + Environment.NewLine, run.Output, StringComparison.Ordinal);
    }

    private MergeRequestResult Done(int delivery) =>
        Assert.IsType<HandlerOutcome<MergeRequestResult>.Done>(run.Summary.Merges[delivery].Outcome).Result;
}
