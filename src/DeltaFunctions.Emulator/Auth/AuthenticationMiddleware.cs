
namespace DeltaFunctions.Emulator.Auth;

/// <summary>
/// Requires a valid bearer token on every request except the endpoints marked <see cref="AnonymousAccess"/>, answering
/// as Databricks does: 401 UNAUTHENTICATED when no credential was sent, 403 with the numeric <c>error_code</c> and
/// "Invalid access token." for an unknown or expired token (the shape real workspaces send; reference §1.3 notes SDKs
/// accept integer codes). It runs after routing and decides on the selected endpoint, never on the raw path, so
/// <c>/API/</c>, <c>/%61pi/</c>, <c>/x/../api/</c> and every other spelling that routes is held to the same rule, and
/// a path that routes nowhere needs a token too.
/// </summary>
internal sealed class AuthenticationMiddleware(RequestDelegate next, TokenService tokens)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<AnonymousAccess>() is not null)
        {
            await next(context);
            return;
        }

        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
        {
            await ErrorHandlingMiddleware.WriteErrorAsync(
                context, 401, "UNAUTHENTICATED", "Credential was not sent or was of an unsupported type for this API.");
            return;
        }

        if (!tokens.IsValid(header[7..].Trim()))
        {
            context.Response.StatusCode = 403;
            context.Response.Headers["X-Databricks-Reason-Phrase"] = "Invalid access token.";
            await context.Response.WriteAsJsonAsync(
                new NumericErrorBody(403, "Invalid access token."),
                EmulatorJsonContext.Default.NumericErrorBody,
                cancellationToken: context.RequestAborted);
            return;
        }

        await next(context);
    }
}
