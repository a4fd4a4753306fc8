namespace DeltaFunctions.Databricks.Jobs;

/// <summary>
/// A library installed on the task's cluster: exactly one of <see cref="Jar"/>, <see cref="Whl"/>,
/// <see cref="Requirements"/>, <see cref="Egg"/>, <see cref="Pypi"/>, <see cref="Maven"/> or <see cref="Cran"/>.
/// Use the static factories, which set exactly one.
/// </summary>
public sealed record Library
{
    /// <summary>Gets the URI of a JAR (workspace, Volume or cloud path).</summary>
    public string? Jar { get; init; }

    /// <summary>Gets the URI of a Python wheel.</summary>
    public string? Whl { get; init; }

    /// <summary>Gets the URI of a <c>requirements.txt</c> file.</summary>
    public string? Requirements { get; init; }

    /// <summary>Gets the URI of an egg (deprecated by Databricks).</summary>
    public string? Egg { get; init; }

    /// <summary>Gets a PyPI package.</summary>
    public PythonPackage? Pypi { get; init; }

    /// <summary>Gets a Maven package.</summary>
    public MavenPackage? Maven { get; init; }

    /// <summary>Gets a CRAN package.</summary>
    public RPackage? Cran { get; init; }

    /// <summary>Creates a JAR library.</summary>
    /// <param name="uri">The JAR's URI.</param>
    /// <returns>The library.</returns>
    public static Library FromJar(string uri) => new() { Jar = Required(uri, nameof(uri)) };

    /// <summary>Creates a Python wheel library.</summary>
    /// <param name="uri">The wheel's URI.</param>
    /// <returns>The library.</returns>
    public static Library FromWheel(string uri) => new() { Whl = Required(uri, nameof(uri)) };

    /// <summary>Creates a library from a <c>requirements.txt</c> file.</summary>
    /// <param name="uri">The file's URI.</param>
    /// <returns>The library.</returns>
    public static Library FromRequirements(string uri) => new() { Requirements = Required(uri, nameof(uri)) };

    /// <summary>Creates a PyPI library.</summary>
    /// <param name="package">The requirement, for example <c>requests==2.32.3</c>.</param>
    /// <param name="repository">An index URL other than PyPI, if any.</param>
    /// <returns>The library.</returns>
    public static Library FromPypi(string package, string? repository = null) =>
        new() { Pypi = new PythonPackage { Package = Required(package, nameof(package)), Repo = repository } };

    /// <summary>Creates a Maven library.</summary>
    /// <param name="coordinates">The coordinates <c>group:artifact:version</c>.</param>
    /// <param name="repository">A repository other than Maven Central, if any.</param>
    /// <param name="exclusions">Dependencies to exclude (<c>group:artifact</c>).</param>
    /// <returns>The library.</returns>
    public static Library FromMaven(string coordinates, string? repository = null, IReadOnlyList<string>? exclusions = null)
    {
        if (Required(coordinates, nameof(coordinates)).Split(':').Length < 3)
        {
            throw new ArgumentException(
                $"Maven coordinates must read 'group:artifact:version', got '{coordinates}'.", nameof(coordinates));
        }

        return new() { Maven = new MavenPackage { Coordinates = coordinates, Repo = repository, Exclusions = exclusions } };
    }

    /// <summary>Creates a CRAN library.</summary>
    /// <param name="package">The package name.</param>
    /// <param name="repository">A repository other than CRAN, if any.</param>
    /// <returns>The library.</returns>
    public static Library FromCran(string package, string? repository = null) =>
        new() { Cran = new RPackage { Package = Required(package, nameof(package)), Repo = repository } };

    /// <summary>Gets how many kinds are set; a valid library sets exactly one.</summary>
    internal int KindCount =>
        (Jar is null ? 0 : 1) + (Whl is null ? 0 : 1) + (Requirements is null ? 0 : 1) + (Egg is null ? 0 : 1)
        + (Pypi is null ? 0 : 1) + (Maven is null ? 0 : 1) + (Cran is null ? 0 : 1);

    private static string Required(string value, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, name);
        return value;
    }
}
