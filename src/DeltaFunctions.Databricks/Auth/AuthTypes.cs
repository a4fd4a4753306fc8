namespace DeltaFunctions.Databricks.Auth;

/// <summary>The authentication method names, spelled as the official SDKs' <c>auth_type</c>.</summary>
internal static class AuthTypes
{
    /// <summary>Personal access token.</summary>
    public const string Pat = "pat";

    /// <summary>Databricks OAuth machine-to-machine (client credentials at <c>{host}/oidc/v1/token</c>).</summary>
    public const string OAuthM2M = "oauth-m2m";

    /// <summary>Microsoft Entra ID service principal with a client secret.</summary>
    public const string AzureClientSecret = "azure-client-secret";

    /// <summary>Azure managed identity.</summary>
    public const string AzureMsi = "azure-msi";

    /// <summary>A caller-supplied Azure.Identity <c>TokenCredential</c>.</summary>
    public const string TokenCredential = "token-credential";

    /// <summary>The names <c>DATABRICKS_AUTH_TYPE</c> accepts.</summary>
    public static IReadOnlyList<string> Configurable { get; } = [Pat, OAuthM2M, AzureMsi, AzureClientSecret];
}
