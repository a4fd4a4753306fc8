using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace DeltaFunctions.Emulator.Auth;

/// <summary>Knows the accepted personal access tokens and issues OAuth access tokens that expire.</summary>
internal sealed class TokenService
{
    private readonly HashSet<string> _personalTokens;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _oauthTokens = new(StringComparer.Ordinal);
    private readonly EmulatorOptions _options;
    private readonly TimeProvider _time;

    public TokenService(EmulatorOptions options, IReadOnlyList<string> personalTokens, TimeProvider time)
    {
        _options = options;
        _time = time;
        _personalTokens = new HashSet<string>(personalTokens, StringComparer.Ordinal);
    }

    public TimeSpan OAuthTokenLifetime => _options.OAuthTokenLifetime;

    /// <summary>Generates a development token shaped like a Databricks PAT.</summary>
    public static string NewPersonalToken() => "dapi" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public bool IsValid(string token)
    {
        if (_personalTokens.Contains(token))
        {
            return true;
        }

        if (_oauthTokens.TryGetValue(token, out var expiresAt))
        {
            if (_time.GetUtcNow() < expiresAt)
            {
                return true;
            }

            _oauthTokens.TryRemove(token, out _);
        }

        return false;
    }

    /// <summary>Checks client credentials in constant time.</summary>
    public bool AreValidClientCredentials(string clientId, string clientSecret) =>
        _options.ClientId is { } id && _options.ClientSecret is { } secret
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(clientId), Encoding.UTF8.GetBytes(id))
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(clientSecret), Encoding.UTF8.GetBytes(secret));

    public string IssueOAuthToken()
    {
        // Opaque to clients, JWT-looking like Databricks' "eyJ…" tokens.
        var token = "eyJhbGciOiJub25lIn0." + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_').TrimEnd('=') + ".";
        _oauthTokens[token] = _time.GetUtcNow() + _options.OAuthTokenLifetime;
        return token;
    }
}
