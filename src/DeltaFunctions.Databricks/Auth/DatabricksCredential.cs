using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Logging;

namespace DeltaFunctions.Databricks.Auth;

/// <summary>
/// How a <see cref="DatabricksClient"/> authenticates. Create one with a factory method: a personal access token,
/// Databricks OAuth M2M, a Microsoft Entra ID service principal, a managed identity, any Azure.Identity
/// <see cref="TokenCredential"/>, or <see cref="FromOptions"/> to detect the method from configuration in the
/// official SDKs' order. <see cref="ToString"/> never shows a secret.
/// </summary>
public abstract class DatabricksCredential
{
    private protected DatabricksCredential(string authType) => AuthType = authType;

    /// <summary>The method name as the official SDKs spell <c>auth_type</c>: <c>pat</c>, <c>oauth-m2m</c>, …</summary>
    public string AuthType { get; }

    /// <summary>
    /// Where the secret came from, for errors that must say what to fix: the configuration keys when built by
    /// <see cref="FromOptions"/>, otherwise the factory called in code.
    /// </summary>
    internal string Source { get; private set; } = "the credential given in code";

    /// <summary>A personal access token (<c>Authorization: Bearer dapi…</c>).</summary>
    /// <param name="token">The token.</param>
    /// <returns>The credential.</returns>
    public static DatabricksCredential FromPersonalAccessToken(string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        return new PatCredential(token);
    }

    /// <summary>Databricks OAuth M2M: the client-credentials grant at <c>{host}/oidc/v1/token</c>, scope <c>all-apis</c>.</summary>
    /// <param name="clientId">The service principal's client id.</param>
    /// <param name="clientSecret">Its OAuth secret.</param>
    /// <returns>The credential.</returns>
    public static DatabricksCredential FromOAuthClientCredentials(string clientId, string clientSecret)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clientId);
        ArgumentException.ThrowIfNullOrWhiteSpace(clientSecret);
        return new OAuthM2MCredential(clientId, clientSecret);
    }

    /// <summary>Any Azure.Identity credential, asked for the Azure Databricks scope.</summary>
    /// <param name="credential">The credential, e.g. <c>DefaultAzureCredential</c>.</param>
    /// <param name="azureResourceId">The workspace's ARM resource id, to also send the SP management token.</param>
    /// <returns>The credential.</returns>
    public static DatabricksCredential FromTokenCredential(TokenCredential credential, string? azureResourceId = null)
    {
        ArgumentNullException.ThrowIfNull(credential);
        return new AzureCredential(AuthTypes.TokenCredential, _ => credential, azureResourceId);
    }

    /// <summary>A Microsoft Entra ID service principal with a client secret.</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="clientId">The application (client) id.</param>
    /// <param name="clientSecret">The client secret.</param>
    /// <param name="azureResourceId">The workspace's ARM resource id, to also send the SP management token.</param>
    /// <param name="authorityHost">The Entra ID authority; null: derived from the workspace host.</param>
    /// <returns>The credential.</returns>
    public static DatabricksCredential FromAzureServicePrincipal(
        string tenantId, string clientId, string clientSecret, string? azureResourceId = null, Uri? authorityHost = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentException.ThrowIfNullOrWhiteSpace(clientId);
        ArgumentException.ThrowIfNullOrWhiteSpace(clientSecret);
        return new AzureCredential(
            AuthTypes.AzureClientSecret,
            context =>
            {
                var options = new ClientSecretCredentialOptions
                {
                    AuthorityHost = authorityHost ?? context.AzureAuthorityHost ?? AzureCloud.For(context.Host).AuthorityHost,
                };
                if (context.AzureTransport is { } transport)
                {
                    options.Transport = transport;
                }

                return new ClientSecretCredential(tenantId, clientId, clientSecret, options);
            },
            azureResourceId);
    }

    /// <summary>The Azure managed identity of the host the code runs on.</summary>
    /// <param name="clientId">A user-assigned identity's client id; null: the system-assigned identity.</param>
    /// <param name="azureResourceId">The workspace's ARM resource id, to also send the SP management token.</param>
    /// <returns>The credential.</returns>
    public static DatabricksCredential FromManagedIdentity(string? clientId = null, string? azureResourceId = null) =>
        new AzureCredential(
            AuthTypes.AzureMsi,
            context =>
            {
                var id = string.IsNullOrWhiteSpace(clientId)
                    ? ManagedIdentityId.SystemAssigned
                    : ManagedIdentityId.FromUserAssignedClientId(clientId);
                var options = new ManagedIdentityCredentialOptions(id);
                if (context.AzureTransport is { } transport)
                {
                    options.Transport = transport;
                }

                return new ManagedIdentityCredential(options);
            },
            azureResourceId);

    /// <summary>
    /// Picks the method from options the way the official SDKs do: a caller-supplied
    /// <see cref="DatabricksClientOptions.TokenCredential"/> first; else <see cref="DatabricksClientOptions.AuthType"/>
    /// when set; else the first that is configured of <c>pat</c> (token), <c>oauth-m2m</c> (client id and secret),
    /// <c>azure-msi</c> (<c>ARM_USE_MSI</c>), <c>azure-client-secret</c> (tenant, client id and secret) — the Go SDK's
    /// order.
    /// </summary>
    /// <param name="options">The options.</param>
    /// <returns>The credential.</returns>
    /// <exception cref="ArgumentException">No method is configured, or the forced one lacks a value; the message names the keys.</exception>
    public static DatabricksCredential FromOptions(DatabricksClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.TokenCredential is { } tokenCredential)
        {
            var fromCode = FromTokenCredential(tokenCredential, options.AzureResourceId);
            fromCode.Source = "DatabricksClientOptions.TokenCredential";
            return fromCode;
        }

        var problem = DescribeAuthProblem(options);
        if (problem is not null)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        var authType = ResolveAuthType(options)!;
        var credential = authType switch
        {
            AuthTypes.Pat => FromPersonalAccessToken(options.Token!),
            AuthTypes.OAuthM2M => FromOAuthClientCredentials(options.ClientId!, options.ClientSecret!),
            AuthTypes.AzureMsi => FromManagedIdentity(options.AzureClientId, options.AzureResourceId),
            _ => FromAzureServicePrincipal(
                options.AzureTenantId!, options.AzureClientId!, options.AzureClientSecret!, options.AzureResourceId, options.AzureAuthorityHost),
        };
        credential.Source = authType switch
        {
            AuthTypes.Pat => "the setting Databricks:Token (DATABRICKS_TOKEN)",
            AuthTypes.OAuthM2M => "the settings Databricks:ClientId / Databricks:ClientSecret (DATABRICKS_CLIENT_ID / DATABRICKS_CLIENT_SECRET)",
            AuthTypes.AzureMsi => "the managed identity chosen by Databricks:AzureUseMsi (ARM_USE_MSI) and Databricks:AzureClientId (AZURE_CLIENT_ID)",
            _ => "the settings Databricks:AzureTenantId / AzureClientId / AzureClientSecret (AZURE_TENANT_ID / AZURE_CLIENT_ID / AZURE_CLIENT_SECRET)",
        };
        return credential;
    }

    /// <summary>Describes the credential without secrets.</summary>
    /// <returns>The auth type.</returns>
    public override string ToString() => $"DatabricksCredential({AuthType})";

    /// <summary>The method the options select, or null when none is configured.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The auth type name.</returns>
    internal static string? ResolveAuthType(DatabricksClientOptions options)
    {
        if (options.TokenCredential is not null)
        {
            return AuthTypes.TokenCredential;
        }

        if (!string.IsNullOrWhiteSpace(options.AuthType))
        {
            return options.AuthType.Trim().ToLowerInvariant();
        }

        if (Has(options.Token))
        {
            return AuthTypes.Pat;
        }

        if (Has(options.ClientId) && Has(options.ClientSecret))
        {
            return AuthTypes.OAuthM2M;
        }

        if (options.AzureUseMsi)
        {
            return AuthTypes.AzureMsi;
        }

        if (Has(options.AzureTenantId) && Has(options.AzureClientId) && Has(options.AzureClientSecret))
        {
            return AuthTypes.AzureClientSecret;
        }

        return null;
    }

    /// <summary>Explains what is missing for authentication, naming the keys to set; null when nothing is.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The problem, or null.</returns>
    internal static string? DescribeAuthProblem(DatabricksClientOptions options)
    {
        var authType = ResolveAuthType(options);
        return authType switch
        {
            null =>
                "No Databricks authentication is configured. Set Databricks:Token (DATABRICKS_TOKEN) for a personal access token, " +
                "Databricks:ClientId and Databricks:ClientSecret (DATABRICKS_CLIENT_ID, DATABRICKS_CLIENT_SECRET) for OAuth M2M, " +
                "Databricks:AzureUseMsi (ARM_USE_MSI=true) for a managed identity, or Databricks:AzureTenantId, Databricks:AzureClientId " +
                "and Databricks:AzureClientSecret (AZURE_TENANT_ID/ARM_TENANT_ID, AZURE_CLIENT_ID/ARM_CLIENT_ID, AZURE_CLIENT_SECRET/ARM_CLIENT_SECRET) " +
                "for an Entra ID service principal.",
            AuthTypes.TokenCredential => null,
            AuthTypes.Pat when !Has(options.Token) =>
                "Databricks:AuthType (DATABRICKS_AUTH_TYPE) is 'pat' but Databricks:Token (DATABRICKS_TOKEN) is not set.",
            AuthTypes.OAuthM2M when !Has(options.ClientId) || !Has(options.ClientSecret) =>
                "Databricks:AuthType (DATABRICKS_AUTH_TYPE) is 'oauth-m2m' but " + Missing(
                    ("Databricks:ClientId (DATABRICKS_CLIENT_ID)", options.ClientId),
                    ("Databricks:ClientSecret (DATABRICKS_CLIENT_SECRET)", options.ClientSecret)) + " not set.",
            AuthTypes.AzureClientSecret when !Has(options.AzureTenantId) || !Has(options.AzureClientId) || !Has(options.AzureClientSecret) =>
                "Databricks:AuthType (DATABRICKS_AUTH_TYPE) is 'azure-client-secret' but " + Missing(
                    ("Databricks:AzureTenantId (AZURE_TENANT_ID or ARM_TENANT_ID)", options.AzureTenantId),
                    ("Databricks:AzureClientId (AZURE_CLIENT_ID or ARM_CLIENT_ID)", options.AzureClientId),
                    ("Databricks:AzureClientSecret (AZURE_CLIENT_SECRET or ARM_CLIENT_SECRET)", options.AzureClientSecret)) + " not set.",
            AuthTypes.Pat or AuthTypes.OAuthM2M or AuthTypes.AzureClientSecret or AuthTypes.AzureMsi => null,
            _ => $"Databricks:AuthType (DATABRICKS_AUTH_TYPE) is '{options.AuthType}', which is not one of: {string.Join(", ", AuthTypes.Configurable)}.",
        };
    }

    /// <summary>Builds the token provider for one client.</summary>
    /// <param name="context">The client's host, HTTP client for token requests, clock and loggers.</param>
    /// <returns>The provider.</returns>
    internal abstract IDatabricksAuthProvider CreateProvider(AuthProviderContext context);

    private static bool Has(string? value) => !string.IsNullOrWhiteSpace(value);

    private static string Missing(params (string Key, string? Value)[] keys) =>
        string.Join(" and ", keys.Where(k => !Has(k.Value)).Select(k => k.Key)) + (keys.Count(k => !Has(k.Value)) > 1 ? " are" : " is");

    private sealed class PatCredential(string token) : DatabricksCredential(AuthTypes.Pat)
    {
        internal override IDatabricksAuthProvider CreateProvider(AuthProviderContext context) => new StaticTokenProvider(token);
    }

    private sealed class OAuthM2MCredential(string clientId, string clientSecret) : DatabricksCredential(AuthTypes.OAuthM2M)
    {
        /// <summary>The Go oauth2 package's default: a token counts as expired 10 s early.</summary>
        private static readonly TimeSpan ExpiryMargin = TimeSpan.FromSeconds(10);

        internal override IDatabricksAuthProvider CreateProvider(AuthProviderContext context)
        {
            var source = new OAuthM2MTokenSource(context.CreateTokenHttpClient(), context.Host, clientId, clientSecret, context.TimeProvider);
            return new CachingTokenProvider(
                AuthType, source.FetchAsync, ExpiryMargin, context.TimeProvider, context.LoggerFactory.CreateLogger<DatabricksClient>());
        }
    }

    private sealed class AzureCredential(string authType, Func<AuthProviderContext, TokenCredential> create, string? azureResourceId)
        : DatabricksCredential(authType)
    {
        internal override IDatabricksAuthProvider CreateProvider(AuthProviderContext context)
        {
            var source = new AzureTokenSource(create(context), azureResourceId, AzureTokenSource.ManagementScopeFor(context.Host));
            return new CachingTokenProvider(
                AuthType, source.FetchAsync, AzureTokenSource.ExpiryMargin, context.TimeProvider, context.LoggerFactory.CreateLogger<DatabricksClient>());
        }
    }
}
