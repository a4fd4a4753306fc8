using System.Collections.Immutable;

namespace DeltaFunctions.Lakehouse;

/// <summary>The session defaults used to resolve one- and two-part names, and the settings <c>SET</c> gave the session.</summary>
/// <param name="Catalog">The default catalog.</param>
/// <param name="Schema">The default schema.</param>
public sealed record LakehouseSession(string Catalog = "main", string Schema = "default")
{
    /// <summary>Gets the defaults every new workspace starts with: catalog <c>main</c>, schema <c>default</c>.</summary>
    public static LakehouseSession Default { get; } = new();

    /// <summary>
    /// Gets the settings <c>SET key = value</c> gave this session (keys compared without case). They last as long as the
    /// session does: the rest of a script. A statement run on its own (the Statement Execution API's) starts without
    /// them, and no other statement or client ever sees them, as a Spark session's configuration is its own.
    /// </summary>
    public ImmutableDictionary<string, string> Settings { get; init; } = ImmutableDictionary.Create<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether the session set <paramref name="key"/> to <c>true</c>.</summary>
    /// <param name="key">The setting's key.</param>
    /// <returns>True when it is set to true (ignoring case).</returns>
    public bool IsOn(string key) => Settings.TryGetValue(key, out var value) && value.Equals("true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the session set <paramref name="key"/> to <c>false</c>.</summary>
    /// <param name="key">The setting's key.</param>
    /// <returns>True when it is set to false (ignoring case).</returns>
    public bool IsOff(string key) => Settings.TryGetValue(key, out var value) && value.Equals("false", StringComparison.OrdinalIgnoreCase);
}
