using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using DeltaFunctions.Databricks.Http;

namespace DeltaFunctions.Databricks.Simulation;

/// <summary>
/// Removes secrets from everything written to a cassette: the configured token and client secrets and any bearer
/// token seen on a request (as literals, wherever they appear), whatever <see cref="SecretRedactor"/> recognises
/// (PATs, bearer values, JWTs, <c>token=</c>/<c>client_secret=</c> pairs), JSON properties that hold credentials, the
/// headers of result links, and the signatures of pre-signed URLs (SAS <c>sig</c>, S3 and GCS signatures and
/// credentials, the emulator's link signature). A signature becomes a numbered surrogate (<c>REDACTED-SIG-1</c>), the
/// same one wherever the same signature appears, so replay can still tell two result links apart. Thread-safe.
/// </summary>
internal sealed class CassetteRedactor
{
    /// <summary>The prefix of signature surrogates.</summary>
    public const string SurrogatePrefix = "REDACTED-SIG-";

    private const string EmulatorLinkPath = "/emulator/results/";

    private static readonly HashSet<string> SecretProperties = new(StringComparer.OrdinalIgnoreCase)
    {
        "access_token", "refresh_token", "id_token", "token", "token_value", "client_secret", "password", "secret",
        "authorization", "azure_client_secret", "private_key", "sas_token",
    };

    private static readonly HashSet<string> SignatureParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "sig", "signature", "x-amz-signature", "x-amz-credential", "x-amz-security-token", "x-goog-signature",
        "x-goog-credential", "skoid", "sktid", "token", "access_token", "code",
    };

    private readonly Lock _gate = new();
    private readonly List<string> _secrets = [];
    private readonly Dictionary<string, string> _surrogates = new(StringComparer.Ordinal);

    /// <summary>Creates a redactor that also masks the given literal secrets.</summary>
    /// <param name="secrets">Secrets known up front (null and short values are ignored).</param>
    public CassetteRedactor(IEnumerable<string?> secrets)
    {
        foreach (var secret in secrets)
        {
            AddSecret(secret);
        }
    }

    /// <summary>Adds a literal secret (for example the bearer token of a request) to mask from now on.</summary>
    /// <param name="secret">The secret; values under 4 characters are ignored (they would mask ordinary text).</param>
    public void AddSecret(string? secret)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length < 4 || secret.StartsWith(SurrogatePrefix, StringComparison.Ordinal))
        {
            return;
        }

        lock (_gate)
        {
            if (!_secrets.Contains(secret, StringComparer.Ordinal))
            {
                _secrets.Add(secret);

                // Longest first, so a secret that contains another is masked whole.
                _secrets.Sort(static (a, b) => b.Length.CompareTo(a.Length));
            }
        }
    }

    /// <summary>Redacts a string: literal secrets, credential shapes, and signatures when it is a URL.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The redacted text.</returns>
    public string RedactText(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        string[] secrets;
        lock (_gate)
        {
            secrets = [.. _secrets];
        }

        foreach (var secret in secrets)
        {
            text = text.Replace(secret, SecretRedactor.Mask, StringComparison.Ordinal);
        }

        text = SecretRedactor.Redact(text);
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? RedactUrl(uri)
            : text;
    }

    /// <summary>Redacts the signature parts of an absolute URL.</summary>
    /// <param name="uri">The URL.</param>
    /// <returns>The URL as text, with signatures replaced by surrogates.</returns>
    public string RedactUrl(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var path = RedactPath(uri.AbsolutePath);
        var query = RedactQuery(uri.Query);
        return uri.GetLeftPart(UriPartial.Authority) + path + query;
    }

    /// <summary>Redacts a request path (the emulator's result-link signature).</summary>
    /// <param name="path">The path.</param>
    /// <returns>The redacted path.</returns>
    public string RedactPath(string path)
    {
        var at = path.IndexOf(EmulatorLinkPath, StringComparison.Ordinal);
        if (at < 0)
        {
            return RedactText(path);
        }

        var start = at + EmulatorLinkPath.Length;
        var end = path.IndexOf('/', start);
        var signature = end < 0 ? path[start..] : path[start..end];
        return path[..start] + Surrogate(signature) + (end < 0 ? string.Empty : path[end..]);
    }

    /// <summary>Redacts one query value given its key.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <returns>The redacted value.</returns>
    public string RedactQueryValue(string key, string value) =>
        SignatureParameters.Contains(key) ? Surrogate(value) : RedactText(value);

    /// <summary>Returns a redacted deep copy of a JSON value.</summary>
    /// <param name="node">The value.</param>
    /// <returns>The redacted copy.</returns>
    public JsonNode? RedactJson(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => RedactObject(obj),
        JsonArray array => new JsonArray([.. array.Select(RedactJson)]),
        JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String => JsonValue.Create(RedactText(value.GetValue<string>())),
        _ => node.DeepClone(),
    };

    private JsonObject RedactObject(JsonObject obj)
    {
        var copy = new JsonObject();
        foreach (var (name, value) in obj)
        {
            if (value is JsonValue secret && secret.GetValueKind() == System.Text.Json.JsonValueKind.String && SecretProperties.Contains(name))
            {
                copy[name] = SecretRedactor.Mask;
            }
            else if (value is JsonObject headers && string.Equals(name, "http_headers", StringComparison.OrdinalIgnoreCase))
            {
                // Headers a result link must be fetched with can carry storage keys (server-side encryption).
                copy[name] = new JsonObject(headers.Select(h => KeyValuePair.Create(h.Key, (JsonNode?)SecretRedactor.Mask)));
            }
            else
            {
                copy[name] = RedactJson(value);
            }
        }

        return copy;
    }

    private string RedactQuery(string query)
    {
        if (query.Length <= 1)
        {
            return query;
        }

        var builder = new StringBuilder("?");
        foreach (var pair in query[1..].Split('&'))
        {
            if (builder.Length > 1)
            {
                builder.Append('&');
            }

            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                builder.Append(pair);
                continue;
            }

            var key = Uri.UnescapeDataString(pair[..eq]);
            var value = Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            builder.Append(pair[..eq]).Append('=').Append(Uri.EscapeDataString(RedactQueryValue(key, value)));
        }

        return builder.ToString();
    }

    private string Surrogate(string signature)
    {
        if (signature.Length == 0 || signature.StartsWith(SurrogatePrefix, StringComparison.Ordinal) || signature == SecretRedactor.Mask)
        {
            return signature;
        }

        lock (_gate)
        {
            if (!_surrogates.TryGetValue(signature, out var surrogate))
            {
                surrogate = SurrogatePrefix + (_surrogates.Count + 1).ToString(CultureInfo.InvariantCulture);
                _surrogates[signature] = surrogate;
            }

            return surrogate;
        }
    }
}
