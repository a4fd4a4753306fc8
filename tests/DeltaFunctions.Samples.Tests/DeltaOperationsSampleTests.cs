
namespace DeltaFunctions.Samples.Tests;

/// <summary>samples/DeltaFunctions.Samples.DeltaOperations: write, time travel, OPTIMIZE, VACUUM dry run, history, RESTORE.</summary>
public sealed class DeltaOperationsSampleTests(SampleWorkspace workspace) : IClassFixture<SampleWorkspace>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_TwiceOnOneTable_EachTimeRestoresTheFirstWriteAndRecordsEveryOperation()
    {
        var table = "delta_sample_" + Guid.NewGuid().ToString("N")[..8];
        var delta = workspace.Client.GetDeltaClient("main", "default");

        var first = await workspace.RunAsync("DeltaOperations", [table]);
        var second = await workspace.RunAsync("DeltaOperations", [table]);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        var rows = await delta.ReadTableAsync<Trip>(table, cancellationToken: Ct).ToListAsync(Ct);
        Assert.Equal([new Trip(1, "Amsterdam", 3.2m), new Trip(2, "Utrecht", 12.5m)], rows.OrderBy(r => r.TripId));
        var operations = (await delta.DescribeHistoryAsync(table, cancellationToken: Ct)).Select(h => h.Operation).ToList();
        Assert.Equal("RESTORE", operations[0]);
        Assert.Equal(2, operations.Count(o => o == "RESTORE"));
        Assert.Equal(2, operations.Count(o => o == "OPTIMIZE"));
        Assert.Contains("VACUUM dry run: ", first.Output, StringComparison.Ordinal);
        Assert.Contains("Row: 2 Utrecht 12.500", first.Output, StringComparison.Ordinal);
    }

    private sealed record Trip(long TripId, string City, decimal Km);
}
