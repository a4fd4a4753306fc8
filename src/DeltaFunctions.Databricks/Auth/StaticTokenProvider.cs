namespace DeltaFunctions.Databricks.Auth;

/// <summary>A personal access token: no expiry, no refresh.</summary>
internal sealed class StaticTokenProvider(string token) : IDatabricksAuthProvider
{
    private readonly AuthToken _token = new(token, expiresOn: null);

    /// <inheritdoc />
    public string AuthType => AuthTypes.Pat;

    /// <inheritdoc />
    public ValueTask<AuthToken> GetTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_token);

    /// <inheritdoc />
    public ValueTask<AuthToken> RefreshAsync(AuthToken rejected, CancellationToken cancellationToken) => ValueTask.FromResult(_token);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    /// <inheritdoc />
    public override string ToString() => "StaticTokenProvider(pat, ***)";
}
