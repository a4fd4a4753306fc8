using System.Text.RegularExpressions;

namespace DeltaFunctions.Databricks.Http;

/// <summary>
/// Masks anything shaped like a credential in text the library did not write itself (service error messages)
/// before it goes into an exception or a log: Databricks PATs, bearer/basic values, JWTs, secrets in key=value.
/// </summary>
internal static partial class SecretRedactor
{
    /// <summary>The mask.</summary>
    public const string Mask = "***";

    /// <summary>Returns <paramref name="text"/> with credential-shaped parts replaced by <see cref="Mask"/>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The redacted text.</returns>
    public static string Redact(string text) => string.IsNullOrEmpty(text) ? text : SecretPattern().Replace(text, static m =>
        m.Groups["prefix"].Success ? m.Groups["prefix"].Value + Mask : Mask);

    [GeneratedRegex(
        @"(?<prefix>\b(?:Bearer|Basic)\s+)[A-Za-z0-9\-._~+/=]+|\bdapi[0-9a-f]{16,}(?:-\d+)?\b|\beyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]*|(?<prefix>\b(?:client_secret|access_token|token|password)[""']?\s*[=:]\s*[""']?)[^\s""'&,}]+",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SecretPattern();
}
