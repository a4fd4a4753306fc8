namespace DeltaFunctions.Databricks.Auth;

/// <summary>
/// A bearer token and the extra headers that travel with it (the Azure SP management token). Compared by
/// reference: a refresh produces a new instance. <see cref="ToString"/> never shows the token.
/// </summary>
internal sealed class AuthToken
{
    // The Authorization value, built once per token instead of once per request.
    private readonly string _authorization;

    /// <summary>Creates a token.</summary>
    /// <param name="accessToken">The bearer token.</param>
    /// <param name="expiresOn">When it stops working, or null for tokens that do not expire (PAT).</param>
    /// <param name="extraHeaders">Headers sent with every request besides <c>Authorization</c>.</param>
    public AuthToken(string accessToken, DateTimeOffset? expiresOn, IReadOnlyList<KeyValuePair<string, string>>? extraHeaders = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        AccessToken = accessToken;
        _authorization = "Bearer " + accessToken;
        ExpiresOn = expiresOn;
        ExtraHeaders = extraHeaders ?? [];
    }

    /// <summary>The bearer token.</summary>
    public string AccessToken { get; }

    /// <summary>When the token stops working (already shifted by the provider's safety margin); null: never.</summary>
    public DateTimeOffset? ExpiresOn { get; }

    /// <summary>When a refresh should start ahead of expiry; null: never.</summary>
    public DateTimeOffset? RefreshAt { get; init; }

    /// <summary>Headers sent with every request besides <c>Authorization</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ExtraHeaders { get; }

    /// <summary>Puts the token on a request.</summary>
    /// <param name="request">The request.</param>
    public void Apply(HttpRequestMessage request)
    {
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", _authorization);
        for (var i = 0; i < ExtraHeaders.Count; i++)
        {
            var (name, value) = ExtraHeaders[i];
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }
    }

    /// <summary>Describes the token without showing it.</summary>
    /// <returns>A redacted description.</returns>
    public override string ToString() => $"AuthToken(***, expires {ExpiresOn?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "never"})";
}
