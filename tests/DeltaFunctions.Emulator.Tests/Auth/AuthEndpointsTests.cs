using System.Net;
using System.Net.Http.Headers;
using System.Text;
using DeltaFunctions.TestUtilities.Emulator;
using Microsoft.Extensions.Time.Testing;

namespace DeltaFunctions.Emulator.Tests.Auth;

public sealed class AuthEndpointsTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private static HttpRequestMessage TokenRequest(string clientId, string secret, string grant = "client_credentials", string scope = "all-apis")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "oidc/v1/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = grant, ["scope"] = scope }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{secret}")));
        return request;
    }

    [Fact]
    public async Task Api_WithoutToken_Returns401Unauthenticated()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = emulator.CreateClient(token: string.Empty);

        using var response = await sut.GetAsync("api/2.0/sql/warehouses", ct);

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHENTICATED", "Credential was not sent or was of an unsupported type for this API.", ct);
    }

    [Fact]
    public async Task Api_WithUnknownToken_Returns403WithNumericErrorCode()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = emulator.CreateClient(token: "dapi-not-a-token");

        using var response = await sut.GetAsync("api/2.0/sql/warehouses", ct);

        var body = await response.ReadJsonAsync(ct);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(403, (int)body["error_code"]!);
        Assert.Equal("Invalid access token.", (string?)body["message"]);
    }

    [Fact]
    public async Task Token_ClientCredentialsWithBasicAuth_IssuesBearerTokenTheApiAccepts()
    {
        var ct = TestContext.Current.CancellationToken;
        var anonymous = emulator.CreateClient(token: string.Empty);
        using var request = TokenRequest(EmulatorFixture.DefaultClientId, EmulatorFixture.DefaultClientSecret);

        using var response = await anonymous.SendAsync(request, ct);
        var body = await response.ReadJsonAsync(ct);
        var sut = emulator.CreateClient(token: (string)body["access_token"]!);
        using var api = await sut.GetAsync("api/2.0/sql/warehouses", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer", (string?)body["token_type"]);
        Assert.Equal(3600, (int)body["expires_in"]!);
        Assert.Equal("all-apis", (string?)body["scope"]);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
    }

    [Fact]
    public async Task Token_WrongSecret_Returns401InvalidClient()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = emulator.CreateClient(token: string.Empty);
        using var request = TokenRequest(EmulatorFixture.DefaultClientId, "wrong");

        using var response = await sut.SendAsync(request, ct);

        var body = await response.ReadJsonAsync(ct);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_client", (string?)body["error"]);
    }

    [Fact]
    public async Task Token_UnsupportedGrantType_Returns400()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = emulator.CreateClient(token: string.Empty);
        using var request = TokenRequest(EmulatorFixture.DefaultClientId, EmulatorFixture.DefaultClientSecret, grant: "password");

        using var response = await sut.SendAsync(request, ct);

        var body = await response.ReadJsonAsync(ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("unsupported_grant_type", (string?)body["error"]);
    }

    [Fact]
    public async Task Token_UnknownScope_Returns400InvalidScope()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = emulator.CreateClient(token: string.Empty);
        using var request = TokenRequest(EmulatorFixture.DefaultClientId, EmulatorFixture.DefaultClientSecret, scope: "sql");

        using var response = await sut.SendAsync(request, ct);

        var body = await response.ReadJsonAsync(ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_scope", (string?)body["error"]);
    }

    [Fact]
    public async Task Discovery_ReturnsTokenEndpointOnTheEmulator()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = emulator.CreateClient(token: string.Empty);

        var body = await sut.GetJsonAsync("oidc/.well-known/oauth-authorization-server", ct);

        Assert.Equal(new Uri(emulator.BaseAddress, "oidc/v1/token"), new Uri((string)body["token_endpoint"]!));
        Assert.Equal(new Uri(emulator.BaseAddress, "oidc/v1/authorize"), new Uri((string)body["authorization_endpoint"]!));
    }

    [Fact]
    public async Task Token_AfterItsLifetime_IsRejectedAndANewGrantWorks()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var fixture = await EmulatorFixture.StartAsync(o => o with { TimeProvider = clock, OAuthTokenLifetime = TimeSpan.FromMinutes(5) }, ct);
        var anonymous = fixture.CreateClient(token: string.Empty);
        async Task<string> GrantAsync()
        {
            using var request = TokenRequest(EmulatorFixture.DefaultClientId, EmulatorFixture.DefaultClientSecret);
            using var response = await anonymous.SendAsync(request, ct);
            var body = await response.ReadJsonAsync(ct);
            Assert.Equal(300, (int)body["expires_in"]!);
            return (string)body["access_token"]!;
        }

        var first = fixture.CreateClient(await GrantAsync());
        using var beforeExpiry = await first.GetAsync("api/2.0/sql/warehouses", ct);
        clock.Advance(TimeSpan.FromMinutes(5));
        using var afterExpiry = await first.GetAsync("api/2.0/sql/warehouses", ct);
        var second = fixture.CreateClient(await GrantAsync());
        using var refreshed = await second.GetAsync("api/2.0/sql/warehouses", ct);

        Assert.Equal(HttpStatusCode.OK, beforeExpiry.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, afterExpiry.StatusCode);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
    }
}
