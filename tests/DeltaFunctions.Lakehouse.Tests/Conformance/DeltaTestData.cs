using System.Text.Json.Nodes;

namespace DeltaFunctions.Lakehouse.Tests.Conformance;

/// <summary>Locates the shared Delta test tables (<c>../shared/testdata/delta</c> beside the repository root) and their manifest.</summary>
internal static class DeltaTestData
{
    private static readonly Lazy<string> RootPath = new(FindRoot);
    private static readonly Lazy<JsonObject> ManifestJson = new(LoadManifest);

    /// <summary>
    /// The trait value (<c>Category=SharedData</c>) of every test that reads the shared tables, so a checkout
    /// without <c>../shared</c> beside it (the GitHub workflow) can leave them out with
    /// <c>--filter-not-trait "Category=SharedData"</c>; <c>.ci/run</c> never does.
    /// </summary>
    public const string Trait = "SharedData";

    /// <summary>Gets a value indicating whether the manifest exists where the tests expect it.</summary>
    public static bool Available => File.Exists(Path.Combine(RootPath.Value, "MANIFEST.json"));

    /// <summary>Gets the folder holding MANIFEST.json.</summary>
    public static string Root => RootPath.Value;

    /// <summary>Gets every table entry of the manifest.</summary>
    public static IReadOnlyList<JsonObject> Tables => [.. ((JsonArray)ManifestJson.Value["tables"]!).Cast<JsonObject>()];

    /// <summary>Gets one table entry by name.</summary>
    public static JsonObject Table(string name) => Tables.Single(t => (string?)t["name"] == name);

    /// <summary>Gets the absolute folder of a table (the one holding _delta_log).</summary>
    public static string TablePath(string name) => Path.Combine(Root, (string)Table(name)["tablePath"]!);

    private static JsonObject LoadManifest()
    {
        var path = Path.Combine(RootPath.Value, "MANIFEST.json");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The shared Delta test tables are missing: expected {path} (the repository's ../shared beside the checkout).", path);
        }

        return (JsonObject)JsonNode.Parse(File.ReadAllText(path))!;
    }

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
