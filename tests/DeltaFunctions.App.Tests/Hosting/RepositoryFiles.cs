using System.Text.Json;

namespace DeltaFunctions.App.Tests.Hosting;

/// <summary>
/// Files of the repository, and the App's functions as the Functions host sees them: the <c>functions.metadata</c> the
/// Worker SDK generates at build time (copied to this test's output with the App's build output).
/// </summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    /// <summary>Every function of the generated functions.metadata with its trigger binding.</summary>
    public static IReadOnlyList<FunctionMetadata> Functions() => LazyFunctions.Value;

    /// <summary>Every HttpTrigger of the App: its methods (lower case) and route.</summary>
    public static IReadOnlyList<(string Method, string Route)> HttpTriggers() =>
        [.. Functions().Where(f => f.TriggerType == "httpTrigger").SelectMany(f => f.Methods.Select(m => (m, f.Route!)))];

    /// <summary>Every %setting% the App's trigger bindings read (timer schedules).</summary>
    public static IReadOnlyList<string> PercentSettings() =>
        [.. Functions().Select(f => f.Schedule).OfType<string>().Where(s => s.StartsWith('%') && s.EndsWith('%')).Select(s => s[1..^1]).Distinct()];

    /// <summary>Every connection setting the App's trigger bindings name.</summary>
    public static IReadOnlyList<string> Connections() =>
        [.. Functions().Select(f => f.Connection).OfType<string>().Distinct()];

    private static readonly Lazy<IReadOnlyList<FunctionMetadata>> LazyFunctions = new(ReadMetadata);

    private static IReadOnlyList<FunctionMetadata> ReadMetadata()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "functions.metadata");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return [.. document.RootElement.EnumerateArray().Select(function =>
        {
            var trigger = function.GetProperty("bindings").EnumerateArray()
                .Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
            return new FunctionMetadata(
                function.GetProperty("name").GetString()!,
                trigger.GetProperty("type").GetString()!,
                Text(trigger, "route"),
                trigger.TryGetProperty("methods", out var methods) ? [.. methods.EnumerateArray().Select(m => m.GetString()!.ToLowerInvariant())] : [],
                Text(trigger, "authLevel"),
                Text(trigger, "queueName"),
                Text(trigger, "connection"),
                trigger.TryGetProperty("autoCompleteMessages", out var auto) ? auto.GetBoolean() : null,
                Text(trigger, "schedule"));
        })];
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DeltaFunctions.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("The repository root (folder with DeltaFunctions.sln) was not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>One function of functions.metadata, reduced to its trigger.</summary>
internal sealed record FunctionMetadata(
    string Name, string TriggerType, string? Route, IReadOnlyList<string> Methods, string? AuthLevel, string? QueueName, string? Connection,
    bool? AutoCompleteMessages, string? Schedule);
