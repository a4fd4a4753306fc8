using System.Text.Json.Nodes;

namespace DeltaFunctions.Lakehouse.Tests.Conformance;

/// <summary>Locates the shared Delta test tables (<c>../shared/testdata/delta</c> beside the repository root) and their manifest.</summary>
internal static class DeltaTestData
{
    private static readonly Lazy<string> RootPath = new(FindRoot);
    private static readonly Lazy<JsonObject> ManifestJson = new(() =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(RootPath.Value, "MANIFEST.json")))!);

    /// <summary>Gets the folder holding MANIFEST.json.</summary>
    public static string Root => RootPath.Value;

    /// <summary>Gets every table entry of the manifest.</summary>
    public static IReadOnlyList<JsonObject> Tables => [.. ((JsonArray)ManifestJson.Value["tables"]!).Cast<JsonObject>()];

    /// <summary>Gets one table entry by name.</summary>
    public static JsonObject Table(string name) => Tables.Single(t => (string?)t["name"] == name);

    /// <summary>Gets the absolute folder of a table (the one holding _delta_log).</summary>
    public static string TablePath(string name) => Path.Combine(Root, (string)Table(name)["tablePath"]!);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DeltaFunctions.sln")))
        {
            dir = dir.Parent;
        }

        if (dir is null)
        {
            throw new InvalidOperationException("The repository root (folder with DeltaFunctions.sln) was not found above " + AppContext.BaseDirectory);
        }

        return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "testdata", "delta"));
    }
}
