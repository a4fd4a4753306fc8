using System.Text.Json;
using System.Text.RegularExpressions;
using DeltaFunctions.TestUtilities;

namespace DeltaFunctions.Deployment.Tests.Infra;

/// <summary>
/// The settings the App reads, from the files that list them: every key of local.settings.sample.json (which
/// DeltaFunctions.Pipelines.Tests' AppSettingsFilesTests keeps complete against the code), the Functions app settings
/// table of the README, and the environment variables of the README's Databricks configuration table. Each entry is a
/// group of aliases: the App reads the first one set (AZURE_TENANT_ID or ARM_TENANT_ID).
/// </summary>
internal static partial class AppSettingsTheAppReads
{
    /// <summary>Every setting as its group of aliases, in the app-setting spelling (<c>__</c> for <c>:</c>).</summary>
    public static IReadOnlyList<IReadOnlyList<string>> All()
    {
        var groups = new List<IReadOnlyList<string>>();
        groups.AddRange(SampleKeys().Select(key => (IReadOnlyList<string>)[key]));
        groups.AddRange(ReadmeTable("### Functions app settings", column: 0).Select(cell => (IReadOnlyList<string>)[.. BacktickedNames(cell).Take(1)]));
        groups.AddRange(ReadmeTable("## Configuration", column: 1).SelectMany(cell => cell.Split(" / ")).Select(part => (IReadOnlyList<string>)[.. BacktickedNames(part)]));
        return [.. groups.Where(g => g.Count > 0).DistinctBy(g => string.Join('|', g))];
    }

    /// <summary>
    /// The settings none of whose aliases <paramref name="keys"/> set, by name or in an identity-based <c>__</c> form
    /// (<c>AzureWebJobsStorage__accountName</c> sets <c>AzureWebJobsStorage</c>), joined with " or ".
    /// </summary>
    public static IReadOnlyList<string> MissingFrom(IEnumerable<string> keys)
    {
        var set = keys.ToHashSet(StringComparer.Ordinal);
        return [.. All()
            .Where(aliases => !aliases.Any(name => set.Contains(name) || set.Any(k => k.StartsWith(name + "__", StringComparison.Ordinal))))
            .Select(aliases => string.Join(" or ", aliases))];
    }

    /// <summary>Keys of local.settings.sample.json's Values.</summary>
    public static IReadOnlyList<string> SampleKeys()
    {
        using var sample = JsonDocument.Parse(RepositoryRoot.ReadAllText("local.settings.sample.json"));
        return [.. sample.RootElement.GetProperty("Values").EnumerateObject().Select(p => p.Name)];
    }

    /// <summary>Cells of one column of the first table under a README heading.</summary>
    private static IEnumerable<string> ReadmeTable(string heading, int column)
    {
        var lines = RepositoryRoot.ReadAllText("README.md").Split('\n');
        var start = Array.FindIndex(lines, l => l.TrimEnd() == heading);
        Assert.True(start >= 0, $"README.md has no heading '{heading}'");
        var rows = lines.Skip(start + 1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).Skip(2).ToList();
        Assert.NotEmpty(rows);
        return rows.Select(row => row.Split('|')[column + 1].Trim());
    }

    private static IEnumerable<string> BacktickedNames(string cell) =>
        Backticked().Matches(cell).Select(m => m.Groups[1].Value.Replace(":", "__", StringComparison.Ordinal));

    [GeneratedRegex("`([A-Za-z_][A-Za-z0-9_:]*)`")]
    private static partial Regex Backticked();
}
