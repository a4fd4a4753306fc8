namespace DeltaFunctions.TestUtilities;

/// <summary>The repository checkout the tests run in: the folder holding <c>DeltaFunctions.sln</c>.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    /// <summary>Gets the absolute path of the repository root.</summary>
    /// <exception cref="InvalidOperationException">No folder above the test binaries holds <c>DeltaFunctions.sln</c>.</exception>
    public static string Path => Root.Value;

    /// <summary>Combines the root with a path relative to it (forward slashes allowed).</summary>
    /// <param name="relativePath">The path below the root, e.g. <c>infra/main.bicep</c>.</param>
    /// <returns>The absolute path.</returns>
    public static string Combine(string relativePath) =>
        System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, relativePath.Replace('/', System.IO.Path.DirectorySeparatorChar)));

    /// <summary>Reads a repository file as text.</summary>
    /// <param name="relativePath">The path below the root.</param>
    /// <returns>The file's text.</returns>
    public static string ReadAllText(string relativePath) => File.ReadAllText(Combine(relativePath));

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "DeltaFunctions.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName
            ?? throw new InvalidOperationException("The repository root (folder with DeltaFunctions.sln) was not found above " + AppContext.BaseDirectory);
    }
}
