using System.Diagnostics;
using System.Text;
using DeltaFunctions.Databricks.Auth;
using DeltaFunctions.Databricks.Http;
using DeltaFunctions.TestUtilities.Http;
using DeltaFunctions.TestUtilities.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace DeltaFunctions.Databricks.Tests.Auth;

/// <summary>
/// Runs the authentication and retry scenarios (success, retries, throttling, dropped connections, 401 with refresh,
/// bad secrets, token endpoints and APIs that echo credentials back) with every log record captured at Trace level
/// (including IHttpClientFactory's own logging), every exception kept (with inner exceptions) and every activity tag
/// recorded, then scans all of it for the secrets and tokens in play.
/// </summary>
public sealed class SecretLeakTests : IAsyncLifetime
{
    private const string Pat = "dapi5e3c7a0f1b2d4e6f8a9b0c1d2e3f4a5b";
    private const string ClientId = "leak-test-client";
    private const string ClientSecret = "m2m-secret-Zq8wX3vB9nK2";
    private const string OAuthTokenPrefix = "m2mAccessTok9F3k";
    private const string EntraTokenPrefix = "entraAccessTok4P7q";
    private const string ApiPath = "/api/2.2/jobs/runs/submit";
    private readonly TestLogs _logs = new();
    private readonly List<Exception> _thrown = [];
    private readonly List<string> _activityText = [];
    private ScriptedHttpServer _server = null!;
    private ActivityListener _listener = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await ScriptedHttpServer.StartAsync(TestContext.Current.CancellationToken);
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("DeltaFunctions", StringComparison.Ordinal) || source.Name.StartsWith("System.Net", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (_activityText)
                {
                    _activityText.Add(activity.DisplayName);
                    _activityText.AddRange(activity.TagObjects.Select(t => $"{t.Key}={t.Value}"));
                    _activityText.Add(activity.StatusDescription ?? string.Empty);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        await _server.DisposeAsync();
        _logs.Dispose();
    }

    [Fact]
    public async Task AuthAndRetryScenarios_LogsExceptionsAndTraces_ContainNoSecret()
    {
        var oauth = new LoopbackTokenEndpoint(_server, ClientId, ClientSecret, tokenPrefix: OAuthTokenPrefix);
        var entra = new LoopbackTokenEndpoint(_server, null, null, "/aad/token", EntraTokenPrefix);

        await PatScenariosAsync();
        await OAuthScenariosAsync(oauth);
        await AzureScenariosAsync(entra);
        await DependencyInjectionScenarioAsync();

        var secrets = new List<string>
        {
            Pat,
            ClientSecret,
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}")),
        };
        secrets.AddRange(oauth.Issued);
        secrets.AddRange(entra.Issued);
        var texts = _logs.AllText()
            .Concat(_thrown.Select(e => e.ToString()))
            .Concat(_thrown.OfType<DatabricksException>().SelectMany(e => e.Details.Select(d => $"{d.Type} {d.Reason} {d.Domain}")))
            .Concat(_activityText)
            .ToList();
        var leaks = (from text in texts from secret in secrets where text.Contains(secret, StringComparison.Ordinal) select (secret, text)).ToList();

        Assert.True(oauth.Issued.Count >= 2, "the OAuth scenarios issued tokens");
        Assert.True(entra.Issued.Count >= 2, "the Entra scenarios issued tokens");
        Assert.True(_thrown.Count >= 8, $"scenarios threw {_thrown.Count} exceptions");
        Assert.True(_logs.Records.Count >= 40, $"scenarios logged {_logs.Records.Count} records");
        Assert.Contains(_server.Requests, r => r.Header("Authorization") == $"Bearer {Pat}");
        Assert.Empty(leaks);
    }

    private DatabricksClient Client(DatabricksCredential credential, Action<DatabricksClientOptions>? configure = null) =>
        TestDatabricksClients.Create(_server.BaseAddress, credential, configure, loggerFactory: _logs.Factory);

    private async Task RunAsync(DatabricksClient client, RequestSafety safety = RequestSafety.IdempotencyToken)
    {
        try
        {
            await client.Api.SendAsync(
                HttpMethod.Post, ApiPath, new Dictionary<string, string> { ["run_name"] = "leak" },
                DatabricksJsonContext.Default.DictionaryStringString, DatabricksJsonContext.Default.DictionaryStringString,
                safety, TestContext.Current.CancellationToken);
        }
        catch (Exception exception) when (exception is DatabricksException or OperationCanceledException)
        {
            _thrown.Add(exception);
        }
    }

    private async Task PatScenariosAsync()
    {
        using var client = Client(DatabricksCredential.FromPersonalAccessToken(Pat), o => o.MaxRetries = 2);
        _server.Enqueue(
            ScriptedResponse.Error(503, "TEMPORARILY_UNAVAILABLE", "busy"),
            ScriptedResponse.Drop(),
            ScriptedResponse.Json(200, "{}"));
        await RunAsync(client);
        _server.Enqueue(ScriptedResponse.Error(429, "REQUEST_LIMIT_EXCEEDED", "slow", ("Retry-After", "0")), ScriptedResponse.Json(200, "{}"));
        await RunAsync(client, RequestSafety.NotIdempotent);
        _server.Enqueue(ScriptedResponse.Error(401, "UNAUTHENTICATED", $"Invalid access token {Pat}"));
        await RunAsync(client);
        _server.Enqueue(ScriptedResponse.Error(403, "PERMISSION_DENIED", $"Authorization: Bearer {Pat} lacks CAN_MANAGE"));
        await RunAsync(client);
        _server.Enqueue(ScriptedResponse.Text(400, $"INVALID_PARAMETER_VALUE: token={Pat}"));
        await RunAsync(client);
        _server.Enqueue(ScriptedResponse.Drop(), ScriptedResponse.Drop(), ScriptedResponse.Drop());
        await RunAsync(client);
        _server.Enqueue(ScriptedResponse.Error(500, "INTERNAL_ERROR", "boom"));
        await RunAsync(client, RequestSafety.NotIdempotent);
    }

    private async Task OAuthScenariosAsync(LoopbackTokenEndpoint tokens)
    {
        _server.Map(ApiPath, request => tokens.Accepts(request.Header("Authorization")) || request.Header("Authorization") == $"Bearer {Pat}"
            ? ScriptedResponse.Json(200, "{}")
            : ScriptedResponse.Error(401, "UNAUTHENTICATED", $"Rejected header {request.Header("Authorization")}"));
        using (var client = Client(DatabricksCredential.FromOAuthClientCredentials(ClientId, ClientSecret)))
        {
            await RunAsync(client);
            tokens.RevokeAll();
            await RunAsync(client);
            tokens.RevokeAll();
            tokens.Failure = n => ScriptedResponse.Json(401, $$"""{"error":"invalid_client","error_description":"bad client_secret={{ClientSecret}}"}""");
            await RunAsync(client);
            tokens.Failure = null;
        }

        using (var wrong = Client(DatabricksCredential.FromOAuthClientCredentials(ClientId, ClientSecret + "-wrong")))
        {
            await RunAsync(wrong);
        }
    }

    private async Task AzureScenariosAsync(LoopbackTokenEndpoint tokens)
    {
        _server.Map(ApiPath, request => tokens.Accepts(request.Header("Authorization"))
            ? ScriptedResponse.Json(200, "{}")
            : ScriptedResponse.Error(401, "UNAUTHENTICATED", $"Rejected header {request.Header("Authorization")}"));
        using var http = new HttpClient();
        var credential = new LoopbackTokenCredential(http, new Uri(_server.BaseAddress, "/aad/token"));
        using (var client = Client(DatabricksCredential.FromTokenCredential(credential, "/subscriptions/s/resourceGroups/g/providers/Microsoft.Databricks/workspaces/w")))
        {
            await RunAsync(client);
            tokens.RevokeAll();
            tokens.Failure = _ => ScriptedResponse.Json(400, """{"error":"invalid_client"}""");
            await RunAsync(client);
            tokens.Failure = null;
        }
    }

    private async Task DependencyInjectionScenarioAsync()
    {
        _server.Map(ApiPath, request => request.Header("Authorization") == $"Bearer {Pat}"
            ? ScriptedResponse.Error(503, "TEMPORARILY_UNAVAILABLE", "busy")
            : ScriptedResponse.Error(401, "UNAUTHENTICATED", "no"));
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddProvider(new FakeLoggerProvider(_logs.Collector)).SetMinimumLevel(LogLevel.Trace);
        builder.Services.AddDatabricks(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DATABRICKS_HOST"] = _server.BaseAddress.ToString(),
            ["DATABRICKS_TOKEN"] = Pat,
            ["Databricks:MaxRetries"] = "1",
            ["Databricks:RetryBaseDelay"] = "00:00:00.010",
        }).Build());
        using var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        await RunAsync(host.Services.GetRequiredService<DatabricksClient>());
        await host.StopAsync(TestContext.Current.CancellationToken);
    }
}
