using System.Net;
using System.Text.Json;
using DeltaFunctions.Databricks.Auth;
using DeltaFunctions.Databricks.Http;
using DeltaFunctions.TestUtilities.Http;

namespace DeltaFunctions.Databricks.Tests.Http;

public sealed class DatabricksApiClientTests : IAsyncLifetime
{
    private const string Token = "dapi0123456789abcdef0123456789abcdef";
    private const string LimitAnswer = """{"a":"0123456789012345678901234567890123456789"}""";
    private ScriptedHttpServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await ScriptedHttpServer.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task GetAsync_WithPat_SendsBearerTokenAndQuery()
    {
        _server.Enqueue(ScriptedResponse.Json(200, """{"a":"1"}"""));
        using var client = TestDatabricksClients.Create(_server.BaseAddress, DatabricksCredential.FromPersonalAccessToken(Token));

        var result = await client.Api.GetAsync(
            "/api/2.2/jobs/list",
            [new("limit", "25"), new("name", "a b&c"), new("page_token", null)],
            DatabricksJsonContext.Default.DictionaryStringString,
            TestContext.Current.CancellationToken);

        Assert.Equal("1", result["a"]);
        var request = Assert.Single(_server.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/api/2.2/jobs/list", request.Path);
        Assert.Equal("?limit=25&name=a%20b%26c", request.Query);
        Assert.Equal($"Bearer {Token}", request.Header("Authorization"));
        Assert.Contains("auth/pat", request.Header("User-Agent"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_PostWithBody_SendsJsonAndReadsAnswer()
    {
        _server.Enqueue(ScriptedResponse.Json(200, """{"job_id":"42"}"""));
        using var client = TestDatabricksClients.Create(_server.BaseAddress, DatabricksCredential.FromPersonalAccessToken(Token));

        var result = await client.Api.SendAsync(
            HttpMethod.Post,
            "/api/2.2/jobs/create",
            new Dictionary<string, string> { ["name"] = "nightly" },
            DatabricksJsonContext.Default.DictionaryStringString,
            DatabricksJsonContext.Default.DictionaryStringString,
            RequestSafety.NotIdempotent,
            TestContext.Current.CancellationToken);

        Assert.Equal("42", result["job_id"]);
        var request = Assert.Single(_server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("nightly", JsonDocument.Parse(request.Body).RootElement.GetProperty("name").GetString());
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_EmptyAnswerBody_ReadsAsEmptyObject()
    {
        _server.Enqueue(new ScriptedResponse { StatusCode = 200 });
        using var client = TestDatabricksClients.Create(_server.BaseAddress, DatabricksCredential.FromPersonalAccessToken(Token));

        var result = await client.Api.SendAsync(
            HttpMethod.Delete, "/api/2.1/unity-catalog/tables/a.b.c", query: null,
            DatabricksJsonContext.Default.DictionaryStringString, RequestSafety.Idempotent, TestContext.Current.CancellationToken);

        Assert.Empty(result);
        Assert.Equal("DELETE", Assert.Single(_server.Requests).Method);
    }

    [Fact]
    public async Task GetAsync_NotFoundAnswer_ThrowsDatabricksExceptionWithCodeAndStatus()
    {
        _server.Enqueue(ScriptedResponse.Error(404, "RESOURCE_DOES_NOT_EXIST", "Warehouse abc does not exist.", ("x-request-id", "req-7")));
        using var client = TestDatabricksClients.Create(_server.BaseAddress, DatabricksCredential.FromPersonalAccessToken(Token));

        var error = await Assert.ThrowsAsync<DatabricksException>(() => client.Api.GetAsync(
            "/api/2.0/sql/warehouses/abc", null, DatabricksJsonContext.Default.JsonElement, TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal(DatabricksErrorCode.ResourceDoesNotExist, error.ErrorCode);
        Assert.Equal("req-7", error.RequestId);
        Assert.True(error.IsNotFound);
        Assert.False(error.IsTransient);
        Assert.Contains("Warehouse abc does not exist.", error.Message, StringComparison.Ordinal);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task SendRawAsync_RelativeUri_StreamsAnswerWithAuthorization()
    {
        _server.Enqueue(ScriptedResponse.Text(200, "file-bytes", "application/octet-stream"));
        using var client = TestDatabricksClients.Create(_server.BaseAddress, DatabricksCredential.FromPersonalAccessToken(Token));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/2.0/fs/files/Volumes/a/b/c/f.bin", UriKind.Relative));

        using var response = await client.Api.SendRawAsync(
            request, RequestSafety.Idempotent, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal("file-bytes", text);
        Assert.Equal($"Bearer {Token}", Assert.Single(_server.Requests).Header("Authorization"));
    }

    [Fact]
    public async Task SendRawAsync_BufferedContentRetried_SendsSameBodyTwice()
    {
        _server.Enqueue(ScriptedResponse.Error(503, "TEMPORARILY_UNAVAILABLE", "busy"), new ScriptedResponse { StatusCode = 204 });
        using var client = TestDatabricksClients.Create(_server.BaseAddress, DatabricksCredential.FromPersonalAccessToken(Token));
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri("/api/2.0/fs/files/Volumes/a/b/c/f.txt?overwrite=true", UriKind.Relative))
        {
            Content = new StringContent("payload"),
        };
        request.Headers.TryAddWithoutValidation("X-Custom", "kept");

        using var response = await client.Api.SendRawAsync(request, RequestSafety.Idempotent, HttpCompletionOption.ResponseContentRead, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(2, _server.Requests.Count);
        Assert.All(_server.Requests, r => Assert.Equal(("PUT", "payload", "?overwrite=true", "kept"), (r.Method, r.Body, r.Query, r.Header("X-Custom"))));
    }

    [Fact]
    public async Task SendAsync_AnswerIsNotJson_ThrowsDatabricksException()
    {
        _server.Enqueue(ScriptedResponse.Text(200, "<html>proxy login</html>", "text/html"));
        using var client = TestDatabricksClients.Create(_server.BaseAddress, DatabricksCredential.FromPersonalAccessToken(Token));

        var error = await Assert.ThrowsAsync<DatabricksException>(() => client.Api.GetAsync(
            "/api/2.2/jobs/get", null, DatabricksJsonContext.Default.DictionaryStringString, TestContext.Current.CancellationToken));

        Assert.Contains("could not be read", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<JsonException>(error.InnerException);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task GetAsync_AnswerOneByteOverTheLimit_ThrowsDatabricksExceptionNamingTheCallWithoutRetrying(bool lengthAnnounced)
    {
        // Announced: Content-Length; not announced: a chunked body, whose length the client learns only by reading it.
        _server.Enqueue(AnswerOf(LimitAnswer, lengthAnnounced));
        using var client = TestDatabricksClients.Create(_server.BaseAddress, DatabricksCredential.FromPersonalAccessToken(Token));
        client.Api.MaxAnswerLength = LimitAnswer.Length - 1;

        var error = await Assert.ThrowsAsync<DatabricksException>(() => client.Api.GetAsync(
            "/api/2.2/jobs/get", [new("run_id", "7"), new("token", "dapi-not-in-messages")], DatabricksJsonContext.Default.DictionaryStringString, TestContext.Current.CancellationToken));

        Assert.Equal(DatabricksErrorCode.Unknown, error.ErrorCode);
        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
        Assert.False(error.IsTransient);
        Assert.StartsWith($"The answer to GET /api/2.2/jobs/get is longer than {LimitAnswer.Length - 1:N0} bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("smaller page", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("dapi", error.ToString(), StringComparison.Ordinal);
        Assert.Single(_server.Requests);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task GetAsync_AnswerExactlyAtTheLimit_ReadsIt(bool lengthAnnounced)
    {
        _server.Enqueue(AnswerOf(LimitAnswer, lengthAnnounced));
        using var client = TestDatabricksClients.Create(_server.BaseAddress, DatabricksCredential.FromPersonalAccessToken(Token));
        client.Api.MaxAnswerLength = LimitAnswer.Length;

        var result = await client.Api.GetAsync("/api/2.2/jobs/get", null, DatabricksJsonContext.Default.DictionaryStringString, TestContext.Current.CancellationToken);

        Assert.Equal("0123456789012345678901234567890123456789", Assert.Single(result).Value);
    }

    [Fact]
    public void BuildUri_PathWithoutLeadingSlash_ThrowsArgumentException()
    {
        using var client = TestDatabricksClients.Create(new Uri("https://adb-1.2.azuredatabricks.net"), DatabricksCredential.FromPersonalAccessToken(Token));

        var error = Assert.Throws<ArgumentException>(() => client.Api.BuildUri("api/2.0/x", null));

        Assert.Contains("must start with '/'", error.Message, StringComparison.Ordinal);
    }

    private static ScriptedResponse AnswerOf(string json, bool lengthAnnounced) => lengthAnnounced
        ? new ScriptedResponse { BodyBytes = System.Text.Encoding.UTF8.GetBytes(json) }
        : ScriptedResponse.Json(200, json);
}
