using Azure.Core;

namespace DeltaFunctions.Databricks.Auth;

/// <summary>
/// Tokens from an Azure.Identity <see cref="TokenCredential"/> (service principal, managed identity, or any
/// caller-supplied credential) for the Azure Databricks resource, plus — when the workspace resource id is
/// configured — an ARM token sent as <c>X-Databricks-Azure-SP-Management-Token</c> with
/// <c>X-Databricks-Azure-Workspace-Resource-Id</c> (reference §2.3), which lets a service principal that is
/// not yet a workspace user but holds a role on the workspace resource in.
/// </summary>
internal sealed class AzureTokenSource(TokenCredential credential, string? azureResourceId, string managementScope)
{
    /// <summary>The Azure Databricks application id's default scope (public, US Government and China clouds).</summary>
    public const string DatabricksScope = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default";

    /// <summary>The SP management token header.</summary>
    public const string ManagementTokenHeader = "X-Databricks-Azure-SP-Management-Token";

    /// <summary>The workspace resource id header.</summary>
    public const string ResourceIdHeader = "X-Databricks-Azure-Workspace-Resource-Id";

    /// <summary>Entra ID tokens count as expired 40 s early: Azure Databricks rejects tokens with 30 s or less left.</summary>
    public static readonly TimeSpan ExpiryMargin = TimeSpan.FromSeconds(40);

    /// <summary>Obtains the Databricks token (and the management token when a resource id is set).</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The token with its raw expiry and extra headers.</returns>
    public async Task<AuthToken> FetchAsync(CancellationToken cancellationToken)
    {
        var databricks = await credential.GetTokenAsync(new TokenRequestContext([DatabricksScope]), cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(azureResourceId))
        {
            return new AuthToken(databricks.Token, databricks.ExpiresOn);
        }

        var management = await credential.GetTokenAsync(new TokenRequestContext([managementScope]), cancellationToken).ConfigureAwait(false);
        var expiresOn = management.ExpiresOn < databricks.ExpiresOn ? management.ExpiresOn : databricks.ExpiresOn;
        return new AuthToken(
            databricks.Token,
            expiresOn,
            [
                new KeyValuePair<string, string>(ManagementTokenHeader, management.Token),
                new KeyValuePair<string, string>(ResourceIdHeader, azureResourceId),
            ]);
    }

    /// <summary>The ARM scope for the cloud the workspace host belongs to.</summary>
    /// <param name="host">The workspace URL.</param>
    /// <returns>The management scope.</returns>
    public static string ManagementScopeFor(Uri host) => AzureCloud.For(host).ManagementScope;
}
