using DeltaFunctions.Lakehouse.Log;

namespace DeltaFunctions.Lakehouse.Tests.Log;

/// <summary>
/// Listing <c>_delta_log</c> while commits are published: the folder enumeration is no snapshot, so without care it
/// can see version N+1 but not N. A listing must never show a gap that the folder never had.
/// </summary>
public sealed class DeltaLogListingRaceTests
{
    [Fact]
    public async Task List_WhileCommitsArePublished_NeverShowsAGap()
    {
        using var table = new DeltaTableFixture();
        Directory.CreateDirectory(table.Log.LogPath);
        const int Commits = 1000;
        var published = 0;
        var writer = Task.Run(
            () =>
            {
                for (var v = 0; v < Commits; v++)
                {
                    var temp = Path.Combine(table.Log.LogPath, $".tmp-{v}");
                    File.WriteAllText(temp, "{}");
                    Assert.True(AtomicFile.TryPublish(temp, table.Log.CommitPath(v)));
                    Volatile.Write(ref published, v + 1);
                }
            },
            TestContext.Current.CancellationToken);
        var listings = 0;
        var gaps = 0;
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(
            () =>
            {
                while (Volatile.Read(ref published) < Commits)
                {
                    var versions = table.Log.List().Commits.Keys.Order().ToList();
                    Interlocked.Increment(ref listings);
                    if (versions.Count > 0 && (versions[0] != 0 || versions[^1] != versions.Count - 1))
                    {
                        Interlocked.Increment(ref gaps);
                    }
                }
            },
            TestContext.Current.CancellationToken)).ToList();

        await writer;
        await Task.WhenAll(readers);

        Assert.True(listings > 0);
        Assert.True(gaps == 0, $"{gaps} of {listings} listings showed a version without the one before it");
    }
}
