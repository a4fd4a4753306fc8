using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Azure.Core.Pipeline;
using DeltaFunctions.Databricks.Auth;
using DeltaFunctions.TestUtilities.Http;
using DeltaFunctions.TestUtilities.Logging;
using Microsoft.Extensions.Time.Testing;

namespace DeltaFunctions.Databricks.Tests.Auth;

public sealed class AzureCredentialTests : IAsyncLifetime
{
    private const string DatabricksScope = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default";
    private const string ManagementScope = "https://management.core.windows.net//.default";
    private const string ResourceId = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/w1";
    private const string ApiPath = "/api/2.0/sql/warehouses";
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private readonly TestLogs _logs = new();
    private ScriptedHttpServer _server = null!;
    private LoopbackTokenEndpoint _tokens = null!;
    private HttpClient _tokenHttp = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await ScriptedHttpServer.StartAsync(TestContext.Current.CancellationToken);
        _tokens = new LoopbackTokenEndpoint(_server, clientId: null, clientSecret: null, path: "/aad/token", tokenPrefix: "entra-token");
        _server.Map(ApiPath, request => _tokens.Accepts(request.Header("Authorization"))
            ? ScriptedResponse.Json(200, """{"warehouses":[]}""")
            : ScriptedResponse.Error(401, "UNAUTHENTICATED", "invalid token"));
        _tokenHttp = new HttpClient();
    }

    public async ValueTask DisposeAsync()
    {
        _tokenHttp.Dispose();
        await _server.DisposeAsync();
        _logs.Dispose();
    }

    private LoopbackTokenCredential Credential(TimeProvider? time = null) =>
        new(_tokenHttp, new Uri(_server.BaseAddress, "/aad/token")) { Clock = time ?? TimeProvider.System };

    private static Task CallAsync(DatabricksClient client) =>
        client.Api.GetAsync(ApiPath, null, DatabricksJsonContext.Default.JsonElement, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Call_CallerSuppliedTokenCredential_AsksForDatabricksScope()
    {
        var credential = Credential();
        using var client = TestDatabricksClients.Create(_server.BaseAddress, DatabricksCredential.FromTokenCredential(credential), loggerFactory: _logs.Factory);

        await CallAsync(client);

        Assert.Equal([DatabricksScope], credential.RequestedScopes);
        var api = Assert.Single(_server.RequestsTo(ApiPath));
        Assert.Equal("Bearer entra-token-1", api.Header("Authorization"));
        Assert.Null(api.Header("X-Databricks-Azure-SP-Management-Token"));
        Assert.Null(api.Header("X-Databricks-Azure-Workspace-Resource-Id"));
        Assert.Equal("token-credential", client.AuthType);
    }

    [Fact]
    public async Task Call_WithAzureResourceId_SendsManagementTokenAndResourceIdHeaders()
    {
        var credential = Credential();
        using var client = TestDatabricksClients.Create(
            _server.BaseAddress, DatabricksCredential.FromTokenCredential(credential, ResourceId), loggerFactory: _logs.Factory);

        await CallAsync(client);

        Assert.Equal([DatabricksScope, ManagementScope], credential.RequestedScopes);
        var api = Assert.Single(_server.RequestsTo(ApiPath));
        Assert.Equal("Bearer entra-token-1", api.Header("Authorization"));
        Assert.Equal("entra-token-2", api.Header("X-Databricks-Azure-SP-Management-Token"));
        Assert.Equal(ResourceId, api.Header("X-Databricks-Azure-Workspace-Resource-Id"));
    }

    [Fact]
    public async Task Call_TokenCredentialConstructor_UsesOptionsResourceId()
    {
        var credential = Credential();
        using var client = new DatabricksClient(_server.BaseAddress, credential, TestDatabricksClients.Options(o => o.AzureResourceId = ResourceId));

        await CallAsync(client);

        Assert.Equal(ResourceId, Assert.Single(_server.RequestsTo(ApiPath)).Header("X-Databricks-Azure-Workspace-Resource-Id"));
    }

    [Fact]
    public async Task Call_EntraTokenNearExpiry_RefreshesFortySecondsEarlyAheadOfTime()
    {
        // expires_in 3600 s, 40 s margin → expiry at 3560 s; refresh from 3560 − 1200 = 2360 s.
        var time = new FakeTimeProvider(Start);
        var credential = Credential(time);
        using var client = TestDatabricksClients.Create(_server.BaseAddress, DatabricksCredential.FromTokenCredential(credential), timeProvider: time, loggerFactory: _logs.Factory);
        await CallAsync(client);

        time.Advance(TimeSpan.FromSeconds(2359));
        await CallAsync(client);
        var beforeWindow = _tokens.RequestCount;
        time.Advance(TimeSpan.FromSeconds(2));
        await CallAsync(client);
        await _server.WaitForRequestsAsync(2, TestContext.Current.CancellationToken, "/aad/token");

        Assert.Equal(1, beforeWindow);
        Assert.Equal(2, _tokens.RequestCount);
    }

    [Fact]
    public async Task Call_EntraTokenWithin40SecondsOfExpiry_IsNotUsed()
    {
        var time = new FakeTimeProvider(Start);
        var credential = Credential(time);
        using var client = TestDatabricksClients.Create(_server.BaseAddress, DatabricksCredential.FromTokenCredential(credential), timeProvider: time, loggerFactory: _logs.Factory);
        await CallAsync(client);

        time.Advance(TimeSpan.FromSeconds(3561));
        await CallAsync(client);

        Assert.Equal(["Bearer entra-token-1", "Bearer entra-token-2"], _server.RequestsTo(ApiPath).Select(r => r.Header("Authorization")));
    }

    [Fact]
    public async Task Call_64ConcurrentCallers_RequestOneToken()
    {
        _tokens.Delay = TimeSpan.FromMilliseconds(300);
        var credential = Credential();
        using var client = TestDatabricksClients.Create(_server.BaseAddress, DatabricksCredential.FromTokenCredential(credential), loggerFactory: _logs.Factory);

        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => CallAsync(client)));

        Assert.Equal(1, _tokens.RequestCount);
        Assert.Equal(64, _server.RequestsTo(ApiPath).Count);
    }

    [Fact]
    public async Task Call_EntraTokenRevoked_ForcesOneRefresh()
    {
        var credential = Credential();
        using var client = TestDatabricksClients.Create(_server.BaseAddress, DatabricksCredential.FromTokenCredential(credential), loggerFactory: _logs.Factory);
        await CallAsync(client);
        _tokens.RevokeAll();

        await CallAsync(client);

        Assert.Equal(2, _tokens.RequestCount);
        Assert.Equal(
            ["Bearer entra-token-1", "Bearer entra-token-1", "Bearer entra-token-2"],
            _server.RequestsTo(ApiPath).Select(r => r.Header("Authorization")));
    }

    [Fact]
    public async Task Call_CredentialFails_ThrowsUnauthenticated()
    {
        _tokens.Failure = _ => ScriptedResponse.Json(400, """{"error":"invalid_client"}""");
        var credential = Credential();
        using var client = TestDatabricksClients.Create(_server.BaseAddress, DatabricksCredential.FromTokenCredential(credential), o => o.MaxRetries = 0, loggerFactory: _logs.Factory);

        var error = await Assert.ThrowsAsync<DatabricksException>(() => CallAsync(client));

        Assert.Equal(DatabricksErrorCode.Unauthenticated, error.ErrorCode);
        Assert.IsType<Azure.Identity.AuthenticationFailedException>(error.InnerException);
        Assert.Empty(_server.RequestsTo(ApiPath));
    }

    [Fact]
    public async Task Call_ManagedIdentity_GetsTokenFromInstanceMetadataService()
    {
        var expiresOn = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        _server.Map("/metadata/identity/oauth2/token", request => request.Header("Metadata") == "true"
            ? ScriptedResponse.Json(200, JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["access_token"] = "msi-token-" + (request.Query.Contains("management", StringComparison.Ordinal) ? "arm" : "dbx"),
                ["expires_on"] = expiresOn.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["expires_in"] = "3600",
                ["resource"] = "r",
                ["token_type"] = "Bearer",
            }))
            : ScriptedResponse.Json(400, """{"error":"bad_request"}"""));
        _server.Map(ApiPath, request => request.Header("Authorization") == "Bearer msi-token-dbx"
            ? ScriptedResponse.Json(200, """{"warehouses":[]}""")
            : ScriptedResponse.Error(401, "UNAUTHENTICATED", "invalid token"));
        using var redirected = RedirectedHttpClient();
        using var client = new DatabricksClient(
            _server.BaseAddress,
            DatabricksCredential.FromManagedIdentity(azureResourceId: ResourceId),
            TestDatabricksClients.Options(),
            new DatabricksClientServices { AzureTransport = new HttpClientTransport(redirected), LoggerFactory = _logs.Factory });

        await CallAsync(client);

        var imds = _server.RequestsTo("/metadata/identity/oauth2/token");
        Assert.Contains(imds, r => r.Query.Contains("resource=2ff814a6-3304-4ab8-85cb-cd0e6f879c1d", StringComparison.Ordinal));
        var api = Assert.Single(_server.RequestsTo(ApiPath));
        Assert.Equal("msi-token-arm", api.Header("X-Databricks-Azure-SP-Management-Token"));
        Assert.Equal("azure-msi", client.AuthType);
    }

    // Every connection, whatever host it names (169.254.169.254, login.microsoftonline.com), goes to the loopback server.
    private HttpClient RedirectedHttpClient()
    {
        var port = _server.BaseAddress.Port;
        return new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        });
    }
}
