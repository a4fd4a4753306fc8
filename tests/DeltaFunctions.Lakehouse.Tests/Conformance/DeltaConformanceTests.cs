namespace DeltaFunctions.Lakehouse.Tests.Conformance;

/// <summary>
/// The reader conformance suite over every table of <c>../shared/testdata/delta/MANIFEST.json</c>: one theory
/// case per table, plus the overall score (tables read exactly / total) written to the test output and to
/// <c>conformance-score.txt</c> beside the test assembly.
/// </summary>
public sealed class DeltaConformanceTests
{
    public static TheoryData<string> TableNames()
    {
        var data = new TheoryData<string>();
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

        var failures = names.Select(n => (Name: n, Problem: ConformanceRunner.Evaluate(n))).Where(r => r.Problem is not null).ToList();

        var score = $"Delta conformance: {names.Count - failures.Count}/{names.Count} tables read exactly";
        TestContext.Current.TestOutputHelper?.WriteLine(score);
        foreach (var (name, problem) in failures)
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"  {name}: {problem}");
        }

        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "conformance-score.txt"), score + Environment.NewLine + string.Join(Environment.NewLine, failures.Select(f => $"{f.Name}: {f.Problem}")));
        Assert.True(failures.Count == 0, score + ": " + string.Join(" | ", failures.Select(f => $"{f.Name}: {f.Problem}")));
    }
}
