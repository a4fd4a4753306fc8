namespace DeltaFunctions.Databricks.Auth;

/// <summary>Supplies the bearer token for every request of one client.</summary>
internal interface IDatabricksAuthProvider : IDisposable
{
    /// <summary>The method name as the official SDKs spell it (<c>pat</c>, <c>oauth-m2m</c>, …), for logs.</summary>
    string AuthType { get; }

    /// <summary>Returns a valid token, from the cache when it is still fresh.</summary>
    /// <param name="cancellationToken">Cancels the wait (not a refresh other callers share).</param>
    /// <returns>The token.</returns>
    ValueTask<AuthToken> GetTokenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Called after a 401: replaces <paramref name="rejected"/> by a fresh token, once however many callers saw
    /// it rejected. Returns the same instance when the method cannot refresh (PAT).
    /// </summary>
    /// <param name="rejected">The token the server refused.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The fresh token, or <paramref name="rejected"/> when nothing newer can be had.</returns>
    ValueTask<AuthToken> RefreshAsync(AuthToken rejected, CancellationToken cancellationToken);
}
