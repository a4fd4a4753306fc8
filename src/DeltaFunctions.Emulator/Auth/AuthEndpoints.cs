using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace DeltaFunctions.Emulator.Auth;

/// <summary>Databricks OAuth M2M: discovery and the client-credentials token endpoint (reference §2.2).</summary>
internal static class AuthEndpoints
{
    private const long MaxTokenRequestBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/oidc/.well-known/oauth-authorization-server", (HttpContext context) =>
        {
            var origin = $"{context.Request.Scheme}://{context.Request.Host}";
            return Results.Json(
                new AuthorizationServerMetadata(
                    origin + "/oidc",
                    origin + "/oidc/v1/authorize",
                    origin + "/oidc/v1/token",
                    ["client_credentials"],
                    ["client_secret_basic", "client_secret_post"],
                    ["all-apis", "offline_access"],
                    ["code"]),
                EmulatorJsonContext.Default.AuthorizationServerMetadata);
        }).AllowAnonymousAccess();

        // The token endpoint authenticates the client itself (client credentials), so it needs no bearer token.
        routes.MapPost("/oidc/v1/token", IssueTokenAsync).AllowAnonymousAccess();
        return routes;
    }

    private static async Task<IResult> IssueTokenAsync(HttpContext context, TokenService tokens)
    {
        if (!context.Request.HasFormContentType)
        {
            return OAuthError(400, "invalid_request", "The token request must be application/x-www-form-urlencoded.");
        }

        // A client-credentials request is a few hundred bytes; anything far larger is refused before it is parsed.
        // A declared length is answered at once (Kestrel drains the body, so the client reads the answer); an
        // undeclared (chunked) one is capped while reading.
        if (context.Request.ContentLength > MaxTokenRequestBytes)
        {
            return OAuthError(413, "invalid_request", "The token request is too large.");
        }

        if (context.Request.ContentLength is null && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxTokenRequestBytes;
        }

        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(context.RequestAborted);
        }
        catch (BadHttpRequestException e)
        {
            return OAuthError(e.StatusCode, "invalid_request", "The token request body could not be read.");
        }
        catch (InvalidDataException)
        {
            return OAuthError(400, "invalid_request", "The token request body is not a valid form.");
        }

        var (clientId, clientSecret) = ReadClientCredentials(context.Request, form);
        if (clientId is null || clientSecret is null || !tokens.AreValidClientCredentials(clientId, clientSecret))
        {
            return OAuthError(401, "invalid_client", "Client authentication failed.");
        }

        if (!string.Equals(form["grant_type"], "client_credentials", StringComparison.Ordinal))
        {
            return OAuthError(400, "unsupported_grant_type", "Only grant_type=client_credentials is supported.");
        }

        var scope = form["scope"].ToString();
        if (scope.Length > 0 && !scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).All(s => s is "all-apis" or "offline_access"))
        {
            return OAuthError(400, "invalid_scope", $"The requested scope is invalid: {scope}");
        }

        var token = tokens.IssueOAuthToken();
        return Results.Json(
            new TokenResponse(token, "Bearer", (long)tokens.OAuthTokenLifetime.TotalSeconds, "all-apis"),
            EmulatorJsonContext.Default.TokenResponse);
    }

    private static (string? Id, string? Secret) ReadClientCredentials(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    return (Uri.UnescapeDataString(decoded[..colon]), Uri.UnescapeDataString(decoded[(colon + 1)..]));
                }
            }
            catch (FormatException)
            {
                return (null, null);
            }
        }

        // client_secret_post, which some SDKs fall back to.
        var id = form["client_id"].ToString();
        var secret = form["client_secret"].ToString();
        return id.Length > 0 && secret.Length > 0 ? (id, secret) : (null, null);
    }

    private static IResult OAuthError(int status, string error, string description) =>
        Results.Json(new OAuthErrorBody(error, description), EmulatorJsonContext.Default.OAuthErrorBody, statusCode: status);
}
