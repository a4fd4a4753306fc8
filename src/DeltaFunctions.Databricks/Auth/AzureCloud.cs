using Azure.Identity;

namespace DeltaFunctions.Databricks.Auth;

/// <summary>The Azure cloud a workspace host belongs to (by its suffix, reference §1.1), and its endpoints.</summary>
/// <param name="AuthorityHost">The Entra ID authority.</param>
/// <param name="ManagementScope">The ARM scope for the SP management token.</param>
internal sealed record AzureCloud(Uri AuthorityHost, string ManagementScope)
{
    private static readonly AzureCloud Public = new(AzureAuthorityHosts.AzurePublicCloud, "https://management.core.windows.net//.default");
    private static readonly AzureCloud Government = new(AzureAuthorityHosts.AzureGovernment, "https://management.core.usgovcloudapi.net//.default");
    private static readonly AzureCloud China = new(AzureAuthorityHosts.AzureChina, "https://management.core.chinacloudapi.cn//.default");

    /// <summary>Picks the cloud from the host suffix; unknown hosts are the public cloud.</summary>
    /// <param name="host">The workspace URL.</param>
    /// <returns>The cloud.</returns>
    public static AzureCloud For(Uri host) => host.Host switch
    {
        var h when h.EndsWith(".databricks.azure.us", StringComparison.OrdinalIgnoreCase) => Government,
        var h when h.EndsWith(".databricks.azure.cn", StringComparison.OrdinalIgnoreCase) => China,
        _ => Public,
    };
}
