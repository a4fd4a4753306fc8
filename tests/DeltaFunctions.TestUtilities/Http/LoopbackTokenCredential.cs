using System.Text.Json;
using Azure.Core;

namespace DeltaFunctions.TestUtilities.Http;

/// <summary>
/// A caller-supplied Azure <see cref="TokenCredential"/> that obtains tokens over real HTTP from a loopback
/// <see cref="LoopbackTokenEndpoint"/>, sending the requested scope as the form field <c>scope</c> and recording
/// every scope it was asked for.
/// </summary>
public sealed class LoopbackTokenCredential(HttpClient httpClient, Uri tokenEndpoint) : TokenCredential
{
    private readonly List<string> _scopes = [];
    private readonly object _gate = new();

    /// <summary>Every scope requested, in order.</summary>
    public IReadOnlyList<string> RequestedScopes
    {
        get
        {
            lock (_gate)
            {
                return [.. _scopes];
            }
        }
    }

    /// <inheritdoc />
    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The library must use the asynchronous API.");

    /// <inheritdoc />
    public override async ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        var scope = string.Join(' ', requestContext.Scopes);
        lock (_gate)
        {
            _scopes.Add(scope);
        }

        using var content = new FormUrlEncodedContent([new("grant_type", "client_credentials"), new("scope", scope)]);
        using var response = await httpClient.PostAsync(tokenEndpoint, content, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new Azure.Identity.AuthenticationFailedException($"Token endpoint answered {(int)response.StatusCode}.");
        }

        using var document = JsonDocument.Parse(body);
        var token = document.RootElement.GetProperty("access_token").GetString()!;
        var expiresIn = document.RootElement.GetProperty("expires_in").GetInt32();
        return new AccessToken(token, Clock.GetUtcNow().AddSeconds(expiresIn));
    }

    /// <summary>The clock expiry times are computed with (set it to the test's fake clock).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
