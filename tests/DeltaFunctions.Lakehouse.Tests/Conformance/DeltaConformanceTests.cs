namespace DeltaFunctions.Lakehouse.Tests.Conformance;

/// <summary>
/// The reader conformance suite over every table of <c>../shared/testdata/delta/MANIFEST.json</c>: one theory
/// case per table, plus the overall score (tables read exactly / total) written to the test output and to
/// <c>conformance-score.txt</c> beside the test assembly.
/// </summary>
[Trait("Category", DeltaTestData.Trait)]
public sealed class DeltaConformanceTests
{
    public static TheoryData<string> TableNames()
    {
        var data = new TheoryData<string>();
        if (!DeltaTestData.Available)
        {
            // One case that fails with the missing path, rather than a theory that silently has no cases.
            data.Add("shared-test-data-missing");
            return data;
        }

        foreach (var table in DeltaTestData.Tables)
        {
            data.Add((string)table["name"]!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TableNames))]
    public void Read_ManifestTable_MatchesExpectedCountsRowsOrRefusal(string table)
    {
        var problem = ConformanceRunner.Evaluate(table);

        Assert.True(problem is null, $"{table}: {problem}");
    }

    [Fact]
    public void Read_AllManifestTables_Score()
    {
        var names = DeltaTestData.Tables.Select(t => (string)t["name"]!).ToList();

        var timings = new List<(string Name, TimeSpan Elapsed)>();
        var failures = new List<(string Name, string? Problem)>();
        foreach (var name in names)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var problem = ConformanceRunner.Evaluate(name);
            timings.Add((name, watch.Elapsed));
            if (problem is not null)
            {
                failures.Add((name, problem));
            }
        }

        var score = $"Delta conformance: {names.Count - failures.Count}/{names.Count} tables read exactly";
        TestContext.Current.TestOutputHelper?.WriteLine(score);
        foreach (var (name, problem) in failures)
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"  {name}: {problem}");
        }

        var slowest = timings.OrderByDescending(t => t.Elapsed).Take(5).Select(t => $"  slowest: {t.Name} {t.Elapsed.TotalMilliseconds:F0} ms");
        File.WriteAllLines(
            Path.Combine(AppContext.BaseDirectory, "conformance-score.txt"),
            [score, .. failures.Select(f => $"{f.Name}: {f.Problem}"), .. slowest]);
        Assert.True(failures.Count == 0, score + ": " + string.Join(" | ", failures.Select(f => $"{f.Name}: {f.Problem}")));
    }
}
