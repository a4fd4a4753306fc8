using System.Text;
using DeltaFunctions.Databricks.Auth;
using DeltaFunctions.TestUtilities.Http;
using DeltaFunctions.TestUtilities.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace DeltaFunctions.Databricks.Tests.Auth;

public sealed class OAuthM2MCredentialTests : IAsyncLifetime
{
    private const string ClientId = "sp-client-id";
    private const string ClientSecret = "dose-0123456789-m2m-secret";
    private const string ApiPath = "/api/2.0/sql/warehouses";
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private readonly TestLogs _logs = new();
    private ScriptedHttpServer _server = null!;
    private LoopbackTokenEndpoint _tokens = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await ScriptedHttpServer.StartAsync(TestContext.Current.CancellationToken);
        _tokens = new LoopbackTokenEndpoint(_server, ClientId, ClientSecret);
        _server.Map(ApiPath, request => _tokens.Accepts(request.Header("Authorization"))
            ? ScriptedResponse.Json(200, """{"warehouses":[]}""")
            : ScriptedResponse.Error(401, "UNAUTHENTICATED", "Token is expired or invalid"));
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _logs.Dispose();
    }

    private DatabricksClient CreateClient(TimeProvider? time = null, string secret = ClientSecret) =>
        TestDatabricksClients.Create(
            _server.BaseAddress, DatabricksCredential.FromOAuthClientCredentials(ClientId, secret), timeProvider: time, loggerFactory: _logs.Factory);

    private static Task CallAsync(DatabricksClient client) =>
        client.Api.GetAsync(ApiPath, null, DatabricksJsonContext.Default.JsonElement, TestContext.Current.CancellationToken);

    private IReadOnlyList<string?> ApiBearers() => [.. _server.RequestsTo(ApiPath).Select(r => r.Header("Authorization"))];

    [Fact]
    public async Task Call_FirstTime_RunsClientCredentialsGrantWithBasicAuth()
    {
        using var client = CreateClient();

        await CallAsync(client);

        var tokenRequest = Assert.Single(_server.RequestsTo("/oidc/v1/token"));
        Assert.Equal("POST", tokenRequest.Method);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}")), tokenRequest.Header("Authorization"));
        Assert.StartsWith("application/x-www-form-urlencoded", tokenRequest.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal("grant_type=client_credentials&scope=all-apis", tokenRequest.Body);
        Assert.Equal(["Bearer oauth-token-1"], ApiBearers());
        Assert.Equal("oauth-m2m", client.AuthType);
    }

    [Theory]
    [InlineData("9223372036854775807", 1)]
    [InlineData("\"9223372036854775807\"", 1)]
    [InlineData("315360000000", 1)]
    [InlineData("0", 2)]
    [InlineData("-3600", 2)]
    public async Task Call_TokenWithAnExpiryOutOfRange_IsUsedAndTheCallSucceeds(string expiresIn, int tokenRequests)
    {
        // A lifetime past what a date can hold (or a token server's nonsense) is held to a day; none at all (0 or
        // negative) makes the token good for the call that fetched it only. Either way the call gets its answer, never
        // an ArgumentOutOfRangeException from the date arithmetic.
        var fetched = 0;
        _server.Map("/oidc/v1/token", _ => ScriptedResponse.Json(200, $$"""{"access_token":"odd-{{Interlocked.Increment(ref fetched)}}","token_type":"Bearer","expires_in":{{expiresIn}}}"""));
        _server.Map(ApiPath, _ => ScriptedResponse.Json(200, """{"warehouses":[]}"""));
        using var client = CreateClient();

        await CallAsync(client);
        await CallAsync(client);

        Assert.Equal(tokenRequests, fetched);
        Assert.Equal("Bearer odd-1", ApiBearers()[0]);
    }

    [Fact]
    public async Task Call_Repeated_ReusesCachedToken()
    {
        using var client = CreateClient();

        for (var i = 0; i < 5; i++)
        {
            await CallAsync(client);
        }

        Assert.Equal(1, _tokens.RequestCount);
        Assert.All(ApiBearers(), b => Assert.Equal("Bearer oauth-token-1", b));
    }

    [Fact]
    public async Task Call_64ConcurrentCallers_RequestOneToken()
    {
        _tokens.Delay = TimeSpan.FromMilliseconds(300);
        using var client = CreateClient();

        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => CallAsync(client)));

        Assert.Equal(1, _tokens.RequestCount);
        Assert.Equal(64, ApiBearers().Count);
        Assert.All(ApiBearers(), b => Assert.Equal("Bearer oauth-token-1", b));
    }

    [Fact]
    public async Task Call_InRefreshWindow_KeepsCurrentTokenAndRefreshesInBackground()
    {
        // expires_in 3600 s, 10 s margin → expiry at 3590 s; refresh from 3590 − min(1795, 1200) = 2390 s.
        var time = new FakeTimeProvider(Start);
        using var client = CreateClient(time);
        await CallAsync(client);

        time.Advance(TimeSpan.FromSeconds(2389));
        await CallAsync(client);
        var beforeWindow = _tokens.RequestCount;
        time.Advance(TimeSpan.FromSeconds(2));
        await CallAsync(client);
        await _server.WaitForRequestsAsync(2, TestContext.Current.CancellationToken, "/oidc/v1/token");
        await WaitUntilAsync(() => _logs.WithEvent(LogEvents.AuthBase + 2).Count == 2);
        await CallAsync(client);

        Assert.Equal(1, beforeWindow);
        Assert.Equal(2, _tokens.RequestCount);
        Assert.Equal(["Bearer oauth-token-1", "Bearer oauth-token-1", "Bearer oauth-token-1", "Bearer oauth-token-2"], ApiBearers());
    }

    [Fact]
    public async Task Call_AfterExpiry_WaitsForFreshToken()
    {
        var time = new FakeTimeProvider(Start);
        _tokens.ExpiresInSeconds = 60;
        using var client = CreateClient(time);
        await CallAsync(client);

        time.Advance(TimeSpan.FromSeconds(50));
        await CallAsync(client);

        Assert.Equal(2, _tokens.RequestCount);
        Assert.Equal(["Bearer oauth-token-1", "Bearer oauth-token-2"], ApiBearers());
    }

    [Fact]
    public async Task Call_BackgroundRefreshFails_KeepsTokenAndRetriesAfterAMinute()
    {
        var time = new FakeTimeProvider(Start);
        using var client = CreateClient(time);
        await CallAsync(client);
        _tokens.Failure = n => n == 2 ? ScriptedResponse.Error(400, "INVALID_REQUEST", "refresh refused") : null;

        time.Advance(TimeSpan.FromSeconds(2400));
        await CallAsync(client);
        await WaitUntilAsync(() => _logs.WithEvent(LogEvents.AuthBase + 3).Count == 1);
        time.Advance(TimeSpan.FromSeconds(30));
        await CallAsync(client);
        var withinPause = _tokens.RequestCount;
        time.Advance(TimeSpan.FromSeconds(31));
        await CallAsync(client);
        await WaitUntilAsync(() => _tokens.RequestCount == 3 && _logs.WithEvent(LogEvents.AuthBase + 2).Count == 2);

        Assert.Equal(2, withinPause);
        Assert.All(ApiBearers(), b => Assert.Equal("Bearer oauth-token-1", b));
    }

    [Fact]
    public async Task Call_TokenRevoked_ForcesOneRefreshAndRetriesOnce()
    {
        using var client = CreateClient();
        await CallAsync(client);
        _tokens.RevokeAll();

        await CallAsync(client);

        Assert.Equal(2, _tokens.RequestCount);
        Assert.Equal(["Bearer oauth-token-1", "Bearer oauth-token-1", "Bearer oauth-token-2"], ApiBearers());
    }

    [Fact]
    public async Task Call_403InvalidAccessTokenForAForgottenToken_RefreshesOnceAndRetries()
    {
        // Databricks answers a token it no longer knows with 403 {"error_code": 403, "message": "Invalid access token."}.
        _server.Map(ApiPath, request => _tokens.Accepts(request.Header("Authorization"))
            ? ScriptedResponse.Json(200, """{"warehouses":[]}""")
            : ScriptedResponse.Json(403, """{"error_code":403,"message":"Invalid access token."}"""));
        using var client = CreateClient();
        await CallAsync(client);
        _tokens.RevokeAll();
        _tokens.Delay = TimeSpan.FromMilliseconds(200);

        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => CallAsync(client)));

        Assert.Equal(2, _tokens.RequestCount);
        Assert.Contains("Bearer oauth-token-2", ApiBearers());
    }

    [Fact]
    public async Task Call_403PermissionDenied_IsNotATokenProblemAndRefreshesNothing()
    {
        _server.Map(ApiPath, _ => ScriptedResponse.Error(403, "PERMISSION_DENIED", "User does not have CAN_USE on warehouse w1."));
        using var client = CreateClient();

        var error = await Assert.ThrowsAsync<DatabricksException>(() => CallAsync(client));

        Assert.Equal(DatabricksErrorCode.PermissionDenied, error.ErrorCode);
        Assert.Equal(1, _tokens.RequestCount);
        Assert.Single(ApiBearers());
    }

    [Fact]
    public async Task Call_401Persists_RefreshesExactlyOnceThenFails()
    {
        _server.Map(ApiPath, _ => ScriptedResponse.Error(401, "UNAUTHENTICATED", "no"));
        using var client = CreateClient();

        var error = await Assert.ThrowsAsync<DatabricksException>(() => CallAsync(client));

        Assert.Equal(DatabricksErrorCode.Unauthenticated, error.ErrorCode);
        Assert.Equal(2, _tokens.RequestCount);
        Assert.Equal(2, ApiBearers().Count);
    }

    [Fact]
    public async Task Call_64CallersSeeRevokedToken_ShareOneRefresh()
    {
        using var client = CreateClient();
        await CallAsync(client);
        _tokens.RevokeAll();
        _tokens.Delay = TimeSpan.FromMilliseconds(200);

        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => CallAsync(client)));

        Assert.Equal(2, _tokens.RequestCount);
    }

    [Fact]
    public async Task Call_WrongSecret_ThrowsUnauthenticatedWithoutCallingApi()
    {
        using var client = CreateClient(secret: "wrong-secret-value");

        var error = await Assert.ThrowsAsync<DatabricksException>(() => CallAsync(client));

        Assert.Equal(DatabricksErrorCode.Unauthenticated, error.ErrorCode);
        Assert.Contains("OAuth M2M token request failed", error.Message, StringComparison.Ordinal);
        Assert.Contains("invalid_client", error.Message, StringComparison.Ordinal);
        Assert.Empty(_server.RequestsTo(ApiPath));
    }

    [Fact]
    public async Task Call_TokenEndpointThrottles_RetriesTokenRequest()
    {
        _tokens.Failure = n => n == 1 ? ScriptedResponse.Error(429, "REQUEST_LIMIT_EXCEEDED", "slow", ("Retry-After", "0")) : null;
        using var client = CreateClient();

        await CallAsync(client);

        Assert.Equal(2, _tokens.RequestCount);
        Assert.Equal(["Bearer oauth-token-2"], ApiBearers());
    }

    [Fact]
    public async Task Call_TokenAnswerWithoutAccessToken_ThrowsUnauthenticated()
    {
        _tokens.Failure = _ => ScriptedResponse.Json(200, """{"token_type":"Bearer"}""");
        using var client = CreateClient();

        var error = await Assert.ThrowsAsync<DatabricksException>(() => CallAsync(client));

        Assert.Equal(DatabricksErrorCode.Unauthenticated, error.ErrorCode);
        Assert.Contains("without an access_token", error.Message, StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }

    [Fact]
    public async Task AddDatabricks_OAuthM2M_FetchesTokensThroughTheTokenHttpClient()
    {
        var tokenClient = new CountingHandlers();
        using var host = BuildHost(new() { ["DATABRICKS_CLIENT_ID"] = ClientId, ["DATABRICKS_CLIENT_SECRET"] = ClientSecret }, tokenClient);
        await host.StartAsync(TestContext.Current.CancellationToken);

        await CallAsync(host.Services.GetRequiredService<DatabricksClient>());

        Assert.Equal(1, tokenClient.Built);
        Assert.Equal(["/oidc/v1/token"], tokenClient.Paths);
        Assert.Single(ApiBearers());
    }

    [Fact]
    public async Task AddDatabricks_PersonalAccessToken_CreatesNoTokenHttpClient()
    {
        const string Pat = "dapi-no-token-client-0001";
        _server.Map("/api/2.0/clusters/list", request => request.Header("Authorization") == $"Bearer {Pat}"
            ? ScriptedResponse.Json(200, "{}")
            : ScriptedResponse.Error(401, "UNAUTHENTICATED", "no"));
        var tokenClient = new CountingHandlers();
        using var host = BuildHost(new() { ["DATABRICKS_TOKEN"] = Pat }, tokenClient);
        await host.StartAsync(TestContext.Current.CancellationToken);

        await host.Services.GetRequiredService<DatabricksClient>().Api.GetAsync(
            "/api/2.0/clusters/list", null, DatabricksJsonContext.Default.JsonElement, TestContext.Current.CancellationToken);

        Assert.Equal(0, tokenClient.Built);
        Assert.Single(_server.RequestsTo("/api/2.0/clusters/list"));
    }

    private IHost BuildHost(Dictionary<string, string?> settings, CountingHandlers tokenClient)
    {
        settings["DATABRICKS_HOST"] = _server.BaseAddress.ToString();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddDatabricks(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        builder.Services.AddHttpClient(DatabricksServiceCollectionExtensions.TokenHttpClientName).AddHttpMessageHandler(tokenClient.Create);
        return builder.Build();
    }

    /// <summary>Counts the handler chains built for a named client and the paths sent through them.</summary>
    private sealed class CountingHandlers
    {
        private int _built;

        public int Built => _built;

        public List<string> Paths { get; } = [];

        public DelegatingHandler Create()
        {
            Interlocked.Increment(ref _built);
            return new Recording(Paths);
        }

        private sealed class Recording(List<string> paths) : DelegatingHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                lock (paths)
                {
                    paths.Add(request.RequestUri!.AbsolutePath);
                }

                return base.SendAsync(request, cancellationToken);
            }
        }
    }
}
