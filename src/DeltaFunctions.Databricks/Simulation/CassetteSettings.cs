using DeltaFunctions.Databricks.Auth;

namespace DeltaFunctions.Databricks.Simulation;

/// <summary>The rules and defaults of <see cref="DatabricksClientOptions.RecordPath"/> and <see cref="DatabricksClientOptions.ReplayPath"/>.</summary>
internal static class CassetteSettings
{
    /// <summary>The token sent on replay (nothing receives it: replay sends no request).</summary>
    public const string ReplayToken = "replay-sends-no-credential";

    /// <summary>The configuration failures, each naming its keys.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The failures.</returns>
    public static IEnumerable<string> Validate(DatabricksClientOptions options)
    {
        var record = !string.IsNullOrWhiteSpace(options.RecordPath);
        var replay = !string.IsNullOrWhiteSpace(options.ReplayPath);
        if (record && replay)
        {
            yield return "Databricks:RecordPath (DATABRICKS_RECORD) and Databricks:ReplayPath (DATABRICKS_REPLAY) exclude each other: set one.";
        }

        if (replay && !File.Exists(options.ReplayPath))
        {
            yield return $"Databricks:ReplayPath (DATABRICKS_REPLAY) names the cassette '{options.ReplayPath}', which does not exist. Record it first with Databricks:RecordPath (DATABRICKS_RECORD).";
        }
    }

    /// <summary>The credential a client uses: a placeholder on replay (no credential is needed), else <paramref name="credential"/>.</summary>
    /// <param name="options">The options.</param>
    /// <param name="credential">The configured credential.</param>
    /// <returns>The credential to use.</returns>
    public static DatabricksCredential Credential(DatabricksClientOptions options, Func<DatabricksCredential> credential) =>
        string.IsNullOrWhiteSpace(options.ReplayPath) ? credential() : DatabricksCredential.FromPersonalAccessToken(ReplayToken);

    /// <summary>The workspace URL: the configured one, or on replay the one the cassette was recorded against.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The host text for <c>DatabricksHost.Parse</c>.</returns>
    /// <exception cref="ArgumentException">The cassette to replay is missing or unreadable; the message names it.</exception>
    public static string? Host(DatabricksClientOptions? options) =>
        options is null ? null : options.Host is null && !string.IsNullOrWhiteSpace(options.ReplayPath)
            ? CassetteSession.RecordedHost(options.ReplayPath) ?? "https://replay.invalid"
            : options.Host;
}
