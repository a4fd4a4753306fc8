using System.Text.Json.Nodes;
using DeltaFunctions.Databricks.Auth;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Databricks.Testing;
using DeltaFunctions.TestUtilities.Http;

namespace DeltaFunctions.Databricks.Tests.Simulation;

/// <summary>
/// Records sessions with every kind of secret the client handles — a personal access token, an OAuth M2M client
/// secret (and the access token it buys), and result links signed like Azure SAS URLs with storage headers — then
/// scans every cassette this test run wrote (these and the other simulation tests') for each secret.
/// </summary>
public sealed class CassetteSecretScanTests
{
    private const string ScriptedToken = "dapi0123456789abcdef0123456789abcdef";
    private const string SasSignature = "Zm9vYmFy+c2VjcmV0/U0FT=";
    private const string StorageKey = "storage-encryption-key-material-42";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Cassettes_RecordedWithPatOAuthAndSasLinks_HoldNoSecret()
    {
        var folder = Path.Combine(CassetteFiles.Root, "scan-" + Guid.NewGuid().ToString("N")[..8]);
        string oauthAccessToken;
        await using (var emulator = await DatabricksEmulator.StartAsync(cancellationToken: Ct))
        {
            using (var pat = emulator.CreateClient(o => o.RecordPath = Path.Combine(folder, "pat.json")))
            {
                await pat.GetSqlClient().ExecuteAsync(SqlStatement.FromText("SELECT 'hello' AS greeting"), cancellationToken: Ct);
                await foreach (var row in pat.GetSqlClient().QueryAsync(SqlStatement.FromText("SELECT id FROM range(3)"), cancellationToken: Ct))
                {
                    Assert.NotNull(row);
                }
            }

            using (var oauth = emulator.CreateClient(o =>
            {
                o.Token = null;
                o.ClientId = DatabricksEmulatorOptions.DefaultClientId;
                o.ClientSecret = DatabricksEmulatorOptions.DefaultClientSecret;
                o.RecordPath = Path.Combine(folder, "oauth.json");
            }))
            {
                await oauth.GetCatalogClient().GetCatalogAsync("main", Ct);
                Assert.Equal("oauth-m2m", oauth.AuthType);
            }

            oauthAccessToken = await IssueAccessTokenAsync(emulator);
        }

        await RecordSasSessionAsync(Path.Combine(folder, "sas.json"));
        var secrets = new[]
        {
            DatabricksEmulatorOptions.DefaultToken, DatabricksEmulatorOptions.DefaultClientSecret, ScriptedToken, SasSignature, StorageKey,
        };

        var files = Directory.GetFiles(CassetteFiles.Root, "*.json", SearchOption.AllDirectories);
        var hits = CassetteFiles.FindSecrets(CassetteFiles.Root, secrets);
        var sas = await File.ReadAllTextAsync(Path.Combine(folder, "sas.json"), Ct);
        var oauthText = await File.ReadAllTextAsync(Path.Combine(folder, "oauth.json"), Ct);

        Assert.True(files.Length >= 3, $"{files.Length} cassette(s) under {CassetteFiles.Root}");
        Assert.Empty(hits);
        Assert.All(files, f => Assert.DoesNotContain("Bearer ", File.ReadAllText(f), StringComparison.Ordinal));
        Assert.Contains("sig=REDACTED-SIG-", sas, StringComparison.Ordinal);
        Assert.Contains("\"x-ms-encryption-key\": \"***\"", sas, StringComparison.Ordinal);
        Assert.Contains("/oidc/v1/token", oauthText, StringComparison.Ordinal);
        Assert.Contains("\"access_token\": \"***\"", oauthText, StringComparison.Ordinal);
        Assert.DoesNotContain(oauthAccessToken[..16], oauthText, StringComparison.Ordinal);
    }

    // A scripted workspace whose results live behind SAS-signed links with a storage key header, as Azure's do; the
    // emulator's own links carry their signature in the path, so this shape needs a scripted server.
    private static async Task RecordSasSessionAsync(string cassette)
    {
        await using var server = await ScriptedHttpServer.StartAsync(Ct);
        var link = $"{server.BaseAddress.ToString().TrimEnd('/')}/blob/results/chunk0.json?sv=2023-11-03&se=2030-01-01T00%3A00%3A00Z&sr=b&sp=r&sig={Uri.EscapeDataString(SasSignature)}";
        var statement = new JsonObject
        {
            ["statement_id"] = "01ef0000-0000-0000-0000-000000000001",
            ["status"] = new JsonObject { ["state"] = "SUCCEEDED" },
            ["manifest"] = new JsonObject
            {
                ["format"] = "JSON_ARRAY",
                ["schema"] = new JsonObject { ["column_count"] = 1, ["columns"] = new JsonArray(new JsonObject { ["name"] = "x", ["type_name"] = "INT", ["type_text"] = "INT", ["position"] = 0 }) },
                ["total_chunk_count"] = 1,
                ["total_row_count"] = 1,
            },
            ["result"] = new JsonObject
            {
                ["external_links"] = new JsonArray(new JsonObject
                {
                    ["chunk_index"] = 0,
                    ["row_offset"] = 0,
                    ["row_count"] = 1,
                    ["external_link"] = link,
                    ["expiration"] = "2030-01-01T00:00:00Z",
                    ["http_headers"] = new JsonObject { ["x-ms-encryption-key"] = StorageKey },
                }),
            },
        };
        server.Map("/api/2.0/sql/statements", _ => ScriptedResponse.Json(200, statement.ToJsonString()));
        server.Map("/blob/results/chunk0.json", _ => ScriptedResponse.Json(200, "[[\"1\"]]"));
        using var client = new DatabricksClient(
            server.BaseAddress,
            DatabricksCredential.FromPersonalAccessToken(ScriptedToken),
            TestDatabricksClients.Options(o =>
            {
                o.WarehouseId = "scripted";
                o.RecordPath = cassette;
            }));

        var response = await client.GetSqlClient().ExecuteAsync(
            SqlStatement.FromText("SELECT 1 AS x"), new SqlExecuteOptions { Format = ResultFormat.JsonArray, Disposition = ResultDisposition.ExternalLinks }, Ct);
        using var download = await client.ExternalLinkHttpClient.GetAsync(response.Result!.ExternalLinks![0].Url, Ct);

        Assert.Equal("[[\"1\"]]", await download.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<string> IssueAccessTokenAsync(DatabricksEmulator emulator)
    {
        using var http = new HttpClient { BaseAddress = emulator.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "oidc/v1/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "all-apis" }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(DatabricksEmulatorOptions.DefaultClientId + ":" + DatabricksEmulatorOptions.DefaultClientSecret)));
        using var response = await http.SendAsync(request, Ct);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        return (string)body["access_token"]!;
    }
}
