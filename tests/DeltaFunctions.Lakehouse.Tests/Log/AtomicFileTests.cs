using DeltaFunctions.Lakehouse.Log;

namespace DeltaFunctions.Lakehouse.Tests.Log;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("atomic-file-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void TryPublish_TargetAlreadyExists_ReturnsFalseAndKeepsTheExistingContent()
    {
        var target = Path.Combine(_folder, "00000000000000000001.json");
        File.WriteAllText(target, "winner");
        var temp = Path.Combine(_folder, ".late.tmp");
        File.WriteAllText(temp, "loser");

        var published = AtomicFile.TryPublish(temp, target);

        Assert.False(published);
        Assert.Equal("winner", File.ReadAllText(target));
        Assert.False(File.Exists(temp));
    }

    [Fact]
    public void TryPublish_FreeTarget_PublishesTheCompleteFileAndRemovesTheTemporary()
    {
        var target = Path.Combine(_folder, "00000000000000000002.json");
        var temp = Path.Combine(_folder, ".next.tmp");
        File.WriteAllText(temp, "{\"commitInfo\":{}}");

        var published = AtomicFile.TryPublish(temp, target);

        Assert.True(published);
        Assert.Equal("{\"commitInfo\":{}}", File.ReadAllText(target));
        Assert.False(File.Exists(temp));
    }

    [Fact]
    public void TryPublish_WritersRacingForOneName_ExactlyOneWinsAndItsContentSurvives()
    {
        const int rounds = 300;
        const int writers = 6;
        var lost = new List<string>();

        for (var round = 0; round < rounds; round++)
        {
            var target = Path.Combine(_folder, $"{round:D20}.json");
            var temps = Enumerable.Range(0, writers).Select(w =>
            {
                var temp = Path.Combine(_folder, $".{round}.{w}.tmp");
                File.WriteAllText(temp, $"writer {w}");
                return temp;
            }).ToArray();
            using var start = new Barrier(writers);
            var results = new bool[writers];

            Parallel.For(0, writers, new ParallelOptions { MaxDegreeOfParallelism = writers }, w =>
            {
                start.SignalAndWait(TestContext.Current.CancellationToken);
                results[w] = AtomicFile.TryPublish(temps[w], target);
            });

            var winners = Enumerable.Range(0, writers).Where(w => results[w]).ToList();
            if (winners.Count != 1 || File.ReadAllText(target) != $"writer {winners[0]}")
            {
                lost.Add($"round {round}: winners [{string.Join(", ", winners)}], file holds '{File.ReadAllText(target)}'");
            }
        }

        Assert.Empty(lost);
    }
}
