using System.Text;
using System.Text.Json;

namespace DeltaFunctions.TestUtilities.Http;

/// <summary>
/// An OAuth token endpoint on a <see cref="ScriptedHttpServer"/> (default path <c>/oidc/v1/token</c>): checks the
/// client-credentials grant and HTTP Basic client authentication, issues numbered tokens (<c>{prefix}-1</c>,
/// <c>{prefix}-2</c>, …) with a configurable lifetime, counts requests, and can fail or stall on demand. Pair it with
/// <see cref="Accepts"/> in an API route to answer 401 to tokens that were revoked.
/// </summary>
public sealed class LoopbackTokenEndpoint
{
    private readonly object _gate = new();
    private readonly List<string> _issued = [];
    private readonly HashSet<string> _valid = new(StringComparer.Ordinal);
    private int _requests;

    /// <summary>Maps the endpoint.</summary>
    /// <param name="server">The server.</param>
    /// <param name="clientId">The expected client id (null: any).</param>
    /// <param name="clientSecret">The expected client secret (null: any).</param>
    /// <param name="path">The endpoint path.</param>
    /// <param name="tokenPrefix">Prefix of issued tokens.</param>
    public LoopbackTokenEndpoint(ScriptedHttpServer server, string? clientId, string? clientSecret, string path = "/oidc/v1/token", string tokenPrefix = "oauth-token")
    {
        Path = path;
        server.MapAsync(path, async request =>
        {
            var number = Interlocked.Increment(ref _requests);
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay).ConfigureAwait(false);
            }

            if (Failure?.Invoke(number) is { } failure)
            {
                return failure;
            }

            if (clientId is not null)
            {
                var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(clientSecret ?? string.Empty)}"));
                if (request.Header("Authorization") != expected)
                {
                    return ScriptedResponse.Json(401, """{"error":"invalid_client","error_description":"Client authentication failed"}""");
                }
            }

            if (!request.Body.Contains("grant_type=client_credentials", StringComparison.Ordinal))
            {
                return ScriptedResponse.Json(400, """{"error":"unsupported_grant_type"}""");
            }

            var token = $"{tokenPrefix}-{number}";
            lock (_gate)
            {
                _issued.Add(token);
                _valid.Add(token);
            }

            return ScriptedResponse.Json(200, JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["access_token"] = token,
                ["token_type"] = "Bearer",
                ["expires_in"] = ExpiresInSeconds,
                ["scope"] = "all-apis",
            }));
        });
    }

    /// <summary>The endpoint path.</summary>
    public string Path { get; }

    /// <summary>Lifetime of issued tokens in seconds.</summary>
    public int ExpiresInSeconds { get; set; } = 3600;

    /// <summary>Real-time delay before answering (to make callers overlap).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Returns a failure for request number n (1-based), or null to issue a token.</summary>
    public Func<int, ScriptedResponse?>? Failure { get; set; }

    /// <summary>How many token requests arrived.</summary>
    public int RequestCount => Volatile.Read(ref _requests);

    /// <summary>The tokens issued so far, in order.</summary>
    public IReadOnlyList<string> Issued
    {
        get
        {
            lock (_gate)
            {
                return [.. _issued];
            }
        }
    }

    /// <summary>Whether an <c>Authorization</c> header carries a token that is issued and not revoked.</summary>
    /// <param name="authorization">The header value.</param>
    /// <returns>True when valid.</returns>
    public bool Accepts(string? authorization)
    {
        lock (_gate)
        {
            return authorization is not null && authorization.StartsWith("Bearer ", StringComparison.Ordinal) && _valid.Contains(authorization[7..]);
        }
    }

    /// <summary>Revokes every token issued so far (the API then answers 401 to them).</summary>
    public void RevokeAll()
    {
        lock (_gate)
        {
            _valid.Clear();
        }
    }
}
