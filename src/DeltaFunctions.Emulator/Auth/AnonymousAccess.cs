namespace DeltaFunctions.Emulator.Auth;

/// <summary>
/// Endpoint metadata marking one of the few routes that answer without a bearer token (OAuth discovery, the token
/// endpoint, presigned result links). Authentication reads it from the endpoint routing selected, so the decision is
/// made on the same normalized path that routing matched, whatever its spelling.
/// </summary>
internal sealed class AnonymousAccess
{
    private AnonymousAccess()
    {
    }

    public static AnonymousAccess Instance { get; } = new();
}
