namespace DeltaFunctions.Databricks.Configuration;

/// <summary>Normalises a workspace host the way the SDKs do: <c>https://</c> when no scheme, no path, no trailing slash.</summary>
internal static class DatabricksHost
{
    /// <summary>Parses a host.</summary>
    /// <param name="host">A URL or bare host name.</param>
    /// <returns>The workspace base URL (scheme and authority only).</returns>
    /// <exception cref="ArgumentException">The host is missing or not a URL; the message names the key.</exception>
    public static Uri Parse(string? host)
    {
        if (!TryParse(host, out var uri, out var error))
        {
            throw new ArgumentException(error, nameof(host));
        }

        return uri;
    }

    /// <summary>The cloud domains of Databricks workspaces (reference §1.1), the only hosts that may omit https://.</summary>
    private static readonly string[] DatabricksDomains =
        [".azuredatabricks.net", ".databricks.azure.us", ".databricks.azure.cn", ".cloud.databricks.com", ".cloud.databricks.us", ".gcp.databricks.com"];

    /// <summary>Parses a host without throwing.</summary>
    /// <param name="host">A URL or bare host name.</param>
    /// <param name="uri">The workspace base URL.</param>
    /// <param name="error">Why it failed, naming the key.</param>
    /// <returns>True when it parsed.</returns>
    public static bool TryParse(string? host, out Uri uri, out string error)
    {
        uri = null!;
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(host))
        {
            error = "Databricks:Host (DATABRICKS_HOST) is required: set it to the workspace URL, e.g. https://adb-1234567890123456.7.azuredatabricks.net.";
            return false;
        }

        var text = host.Trim();
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            // The official SDKs put https:// before a bare workspace host name; anything else without a scheme
            // (localhost, an IP, a port) is refused here instead of failing later after retries over TLS.
            var name = text.Split('/', ':')[0];
            if (!DatabricksDomains.Any(d => name.EndsWith(d, StringComparison.OrdinalIgnoreCase)))
            {
                error = $"Databricks:Host (DATABRICKS_HOST) '{host}' has no scheme: write https://{text} (or http:// for a local emulator). Only Databricks workspace host names may omit it.";
                return false;
            }

            text = "https://" + text;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed)
            || (parsed.Scheme != Uri.UriSchemeHttps && parsed.Scheme != Uri.UriSchemeHttp)
            || string.IsNullOrEmpty(parsed.Host))
        {
            error = $"Databricks:Host (DATABRICKS_HOST) '{host}' is not a workspace URL; expected e.g. https://adb-1234567890123456.7.azuredatabricks.net.";
            return false;
        }

        uri = new Uri(parsed.GetLeftPart(UriPartial.Authority));
        return true;
    }
}
