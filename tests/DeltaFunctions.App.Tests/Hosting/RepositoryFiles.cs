using System.Text.RegularExpressions;

namespace DeltaFunctions.App.Tests.Hosting;

/// <summary>Files of the repository the App is made of (it is not built here, so its sources are read as text).</summary>
internal static partial class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    /// <summary>Every C# source of the Functions app.</summary>
    public static IReadOnlyList<(string Path, string Text)> AppSources() =>
        [.. Directory.EnumerateFiles(Path.Combine(Root, "src", "DeltaFunctions.App"), "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(p => (p, File.ReadAllText(p)))];

    /// <summary>Every HttpTrigger of the App: its methods (lower case) and route.</summary>
    public static IReadOnlyList<(string Method, string Route)> HttpTriggers() =>
        [.. AppSources().SelectMany(source => HttpTrigger().Matches(source.Text))
            .SelectMany(m => Methods().Matches(m.Groups["methods"].Value)
                .Select(method => (method.Groups[1].Value.ToLowerInvariant(), m.Groups["route"].Value)))];

    /// <summary>Every %setting% the App's trigger attributes bind.</summary>
    public static IReadOnlyList<string> PercentSettings() =>
        [.. AppSources().SelectMany(source => PercentSetting().Matches(source.Text)).Select(m => m.Groups[1].Value).Distinct()];

    /// <summary>Every Connection = "..." the App's trigger attributes name.</summary>
    public static IReadOnlyList<string> Connections() =>
        [.. AppSources().SelectMany(source => Connection().Matches(source.Text)).Select(m => m.Groups[1].Value).Distinct()];

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DeltaFunctions.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("The repository root (folder with DeltaFunctions.sln) was not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("""\[HttpTrigger\(AuthorizationLevel\.(?<level>\w+),(?<methods>(\s*"\w+",?)+)\s*Route\s*=\s*"(?<route>[^"]+)"\)\]""")]
    private static partial Regex HttpTrigger();

    [GeneratedRegex("\"(\\w+)\"")]
    private static partial Regex Methods();

    [GeneratedRegex("\"%([^%\"]+)%\"")]
    private static partial Regex PercentSetting();

    [GeneratedRegex("Connection\\s*=\\s*\"([^\"]+)\"")]
    private static partial Regex Connection();
}
