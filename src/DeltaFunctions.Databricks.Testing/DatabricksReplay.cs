namespace DeltaFunctions.Databricks.Testing;

/// <summary>
/// Clients that answer from a recorded cassette (<see cref="DatabricksClientOptions.ReplayPath"/>): no workspace, no
/// emulator and no credential. Record the cassette with <see cref="DatabricksClientOptions.RecordPath"/> (or
/// <c>DATABRICKS_RECORD</c>) against the emulator or a real workspace.
/// </summary>
public static class DatabricksReplay
{
    /// <summary>Creates a client that replays <paramref name="cassettePath"/>.</summary>
    /// <param name="cassettePath">The cassette file.</param>
    /// <param name="configure">Further option changes (for example the warehouse id the code under test passes), or null.</param>
    /// <returns>The client; dispose it.</returns>
    /// <exception cref="ArgumentException">The cassette does not exist or cannot be read; the message names the file.</exception>
    public static DatabricksClient CreateClient(string cassettePath, Action<DatabricksClientOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cassettePath);
        var options = TestClientDefaults.Create(configure);
        options.RecordPath = null;
        options.ReplayPath = cassettePath;
        return new DatabricksClient(options);
    }
}
