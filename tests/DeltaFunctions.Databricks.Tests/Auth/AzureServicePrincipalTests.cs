using System.Net;
using System.Net.Sockets;
using Azure.Core.Pipeline;
using DeltaFunctions.Databricks.Auth;
using DeltaFunctions.TestUtilities.Http;

namespace DeltaFunctions.Databricks.Tests.Auth;

/// <summary>
/// The Entra ID service principal through Azure.Identity's <c>ClientSecretCredential</c>: Entra ID authorities must
/// be HTTPS, so the token endpoint is a loopback HTTPS server with a self-signed certificate and every connection
/// Azure.Identity opens is redirected to it.
/// </summary>
public sealed class AzureServicePrincipalTests : IAsyncLifetime
{
    private const string TenantId = "72f988bf-0000-0000-0000-000000000001";
    private const string ClientId = "app-client-id";
    private const string ClientSecret = "entra~client~secret~value~0001";
    private const string ApiPath = "/api/2.0/sql/warehouses";
    private ScriptedHttpServer _entra = null!;
    private ScriptedHttpServer _api = null!;

    public async ValueTask InitializeAsync()
    {
        _entra = await ScriptedHttpServer.StartAsync(https: true, TestContext.Current.CancellationToken);
        _api = await ScriptedHttpServer.StartAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _entra.DisposeAsync();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task Call_ServicePrincipal_RunsClientCredentialsAgainstEntraForDatabricksScope()
    {
        var tokenPath = $"/{TenantId}/oauth2/v2.0/token";
        _entra.Map("/common/discovery/instance", _ => ScriptedResponse.Json(200, $$"""
            {"tenant_discovery_endpoint": "https://login.microsoftonline.com/{{TenantId}}/v2.0/.well-known/openid-configuration",
             "api-version": "1.1",
             "metadata": [{"preferred_network": "login.microsoftonline.com", "preferred_cache": "login.windows.net",
                           "aliases": ["login.microsoftonline.com", "login.windows.net"]}]}
            """));
        _entra.Map(tokenPath, request => ScriptedResponse.Json(200, request.Body.Contains("management", StringComparison.Ordinal)
            ? """{"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":"sp-arm-token"}"""
            : """{"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":"sp-dbx-token"}"""));
        _api.Map(ApiPath, request => request.Header("Authorization") == "Bearer sp-dbx-token"
            ? ScriptedResponse.Json(200, """{"warehouses":[]}""")
            : ScriptedResponse.Error(401, "UNAUTHENTICATED", "invalid token"));
        using var redirected = RedirectedHttpClient(_entra.BaseAddress.Port);
        var options = TestDatabricksClients.Options(o =>
        {
            o.AzureTenantId = TenantId;
            o.AzureClientId = ClientId;
            o.AzureClientSecret = ClientSecret;
            o.AzureResourceId = "/subscriptions/s/resourceGroups/g/providers/Microsoft.Databricks/workspaces/w";
        });
        using var client = new DatabricksClient(
            _api.BaseAddress, DatabricksCredential.FromOptions(options), options,
            new DatabricksClientServices { AzureTransport = new HttpClientTransport(redirected) });

        await client.Api.GetAsync(ApiPath, null, DatabricksJsonContext.Default.JsonElement, TestContext.Current.CancellationToken);

        var tokenRequests = _entra.RequestsTo(tokenPath);
        Assert.Contains(tokenRequests, r => Uri.UnescapeDataString(r.Body).Contains("scope=2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default", StringComparison.Ordinal));
        Assert.All(tokenRequests, r => Assert.Contains("grant_type=client_credentials", r.Body, StringComparison.Ordinal));
        var api = Assert.Single(_api.RequestsTo(ApiPath));
        Assert.Equal("sp-arm-token", api.Header("X-Databricks-Azure-SP-Management-Token"));
        Assert.Equal("azure-client-secret", client.AuthType);
    }

    private static HttpClient RedirectedHttpClient(int port) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        },
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
    });
}
