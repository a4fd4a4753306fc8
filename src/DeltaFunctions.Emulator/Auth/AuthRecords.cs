namespace DeltaFunctions.Emulator.Auth;

/// <summary>The OAuth token response of <c>POST /oidc/v1/token</c> (reference §2.2).</summary>
internal sealed record TokenResponse(string AccessToken, string TokenType, long ExpiresIn, string Scope);

/// <summary>An RFC 6749 §5.2 error body.</summary>
internal sealed record OAuthErrorBody(string Error, string ErrorDescription);

/// <summary>The OIDC discovery document of <c>GET /oidc/.well-known/oauth-authorization-server</c>.</summary>
internal sealed record AuthorizationServerMetadata(
    string Issuer,
    string AuthorizationEndpoint,
    string TokenEndpoint,
    IReadOnlyList<string> GrantTypesSupported,
    IReadOnlyList<string> TokenEndpointAuthMethodsSupported,
    IReadOnlyList<string> ScopesSupported,
    IReadOnlyList<string> ResponseTypesSupported);
