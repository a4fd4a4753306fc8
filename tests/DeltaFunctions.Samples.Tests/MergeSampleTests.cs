
namespace DeltaFunctions.Samples.Tests;

/// <summary>samples/DeltaFunctions.Samples.Merge: an upsert with a conditional delete through the MERGE builder.</summary>
public sealed class MergeSampleTests(SampleWorkspace workspace) : IClassFixture<SampleWorkspace>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_Corrections_UpdatesInsertsAndDeletesTheMatchingRows()
    {
        var table = "merge_sample_" + Guid.NewGuid().ToString("N")[..8];
        var delta = workspace.Client.GetDeltaClient("main", "default");

        var run = await workspace.RunAsync("Merge", [table]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var rows = await delta.ReadTableAsync<Trip>(table, cancellationToken: Ct).ToListAsync(Ct);
        Assert.Equal([new Trip(1, "Amsterdam", 3.2m), new Trip(2, "Utrecht", 12.75m), new Trip(4, "Leiden", 9.125m)], rows.OrderBy(r => r.TripId));
        var merge = (await delta.DescribeHistoryAsync(table, limit: 1, Ct))[0];
        Assert.Equal("MERGE", merge.Operation);
        Assert.Equal((1L, 1L, 1L), (merge.OperationMetrics.NumTargetRowsUpdated, merge.OperationMetrics.NumTargetRowsInserted, merge.OperationMetrics.NumTargetRowsDeleted));
        Assert.Contains("1 updated, 1 inserted, 1 deleted.", run.Output, StringComparison.Ordinal);

        // The dry-run preview printed the MERGE and ran nothing: the history holds one MERGE, the real one.
        Assert.Contains("Dry run: POST /api/2.0/sql/statements: MERGE", run.Output, StringComparison.Ordinal);
        Assert.Single(await delta.DescribeHistoryAsync(table, cancellationToken: Ct), h => h.Operation == "MERGE");
    }

    private sealed record Trip(long TripId, string City, decimal Km);
}
