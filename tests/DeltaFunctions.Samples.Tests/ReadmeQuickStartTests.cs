using DeltaFunctions.TestUtilities;

namespace DeltaFunctions.Samples.Tests;

/// <summary>
/// The README's C# is compiled code: every <c>```csharp</c> block appears, line for line (indentation aside), in a
/// program of samples/, which the other tests of this project run against the emulator.
/// </summary>
public sealed class ReadmeQuickStartTests
{
    [Fact]
    public void Readme_EveryCSharpBlock_AppearsVerbatimInASample()
    {
        var blocks = CSharpBlocks(RepositoryRoot.ReadAllText("README.md"));
        var samples = SampleSources();

        Assert.True(blocks.Count >= 5, $"{blocks.Count} C# blocks in the README.");
        Assert.All(blocks, block => Assert.True(
            samples.Any(sample => Contains(sample, block)),
            "This README block is in no sample under samples/ (copy it from the sample it came from):\n" + string.Join('\n', block)));
    }

    [Fact]
    public void Contains_BlockWithOneCharacterChanged_NotFound()
    {
        string[] source = ["    var delta = client.GetDeltaClient();", string.Empty, "    await delta.OptimizeAsync(\"trips\");"];

        Assert.True(Contains(source, ["var delta = client.GetDeltaClient();", string.Empty, "await delta.OptimizeAsync(\"trips\");"]));
        Assert.False(Contains(source, ["var delta = client.GetDeltaClient();", string.Empty, "await delta.OptimizeAsync(\"trip\");"]));
        Assert.False(Contains(source, ["var delta = client.GetDeltaClient();", "await delta.OptimizeAsync(\"trips\");"]));
    }

    private static List<string[]> CSharpBlocks(string markdown)
    {
        var blocks = new List<string[]>();
        List<string>? block = null;
        foreach (var line in markdown.ReplaceLineEndings("\n").Split('\n'))
        {
            if (block is null && line.Trim() == "```csharp")
            {
                block = [];
            }
            else if (block is not null && line.Trim() == "```")
            {
                blocks.Add([.. block]);
                block = null;
            }
            else
            {
                block?.Add(line.TrimEnd());
            }
        }

        return blocks;
    }

    private static List<string[]> SampleSources()
    {
        var separator = Path.DirectorySeparatorChar;
        return [.. Directory.EnumerateFiles(RepositoryRoot.Combine("samples"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{separator}obj{separator}", StringComparison.Ordinal) && !f.Contains($"{separator}bin{separator}", StringComparison.Ordinal))
            .Select(f => File.ReadAllText(f).ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd()).ToArray())];
    }

    // The block's lines, in order and adjacent, each indented by the same prefix as the first (blank lines match blank lines).
    private static bool Contains(string[] source, string[] block)
    {
        for (var start = 0; start + block.Length <= source.Length; start++)
        {
            var indent = source[start][..(source[start].Length - source[start].TrimStart().Length)];
            var matches = true;
            for (var i = 0; i < block.Length && matches; i++)
            {
                matches = block[i].Length == 0 ? source[start + i].Length == 0 : source[start + i] == indent + block[i];
            }

            if (matches)
            {
                return true;
            }
        }

        return false;
    }
}
