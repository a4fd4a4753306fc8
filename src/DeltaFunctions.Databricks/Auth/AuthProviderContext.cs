using Azure.Core.Pipeline;
using Microsoft.Extensions.Logging;

namespace DeltaFunctions.Databricks.Auth;

/// <summary>What a credential needs to build its token provider for one client.</summary>
/// <param name="Host">The workspace URL.</param>
/// <param name="CreateTokenHttpClient">
/// Gives the HTTP client for token endpoints (not the authenticated API pipeline); called only by credentials that fetch
/// tokens over HTTP themselves (OAuth M2M), so a personal access token or an Azure.Identity credential never creates one.
/// </param>
/// <param name="TimeProvider">The clock.</param>
/// <param name="LoggerFactory">The logger factory.</param>
internal sealed record AuthProviderContext(Uri Host, Func<HttpClient> CreateTokenHttpClient, TimeProvider TimeProvider, ILoggerFactory LoggerFactory)
{
    /// <summary>Transport for Azure.Identity credentials the library builds; null: Azure.Identity's default.</summary>
    public HttpPipelineTransport? AzureTransport { get; init; }

    /// <summary>Entra ID authority override (tests, sovereign clouds); null: derived from the host.</summary>
    public Uri? AzureAuthorityHost { get; init; }
}
