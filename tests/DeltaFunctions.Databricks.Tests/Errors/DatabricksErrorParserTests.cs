using System.Net;
using System.Net.Http.Headers;
using DeltaFunctions.Databricks.Http;
using Microsoft.Extensions.Time.Testing;

namespace DeltaFunctions.Databricks.Tests.Errors;

public sealed class DatabricksErrorParserTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    private static DatabricksException Parse(int status, string? body, HttpResponseHeaders? headers = null, string path = "/api/2.2/jobs/get") =>
        DatabricksErrorParser.Parse((HttpStatusCode)status, body, headers, "GET", path, Clock);

    [Fact]
    public void Parse_StandardBodyWithDetails_ReadsCodeMessageRequestIdRetryDelayAndDetails()
    {
        const string body = """
            {"error_code": "RESOURCE_EXHAUSTED", "message": "Slow down.",
             "details": [
               {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "QUOTA", "domain": "jobs.databricks.com", "metadata": {}},
               {"@type": "type.googleapis.com/google.rpc.RequestInfo", "request_id": "r1", "serving_data": ""},
               {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retry_delay": "2.5s"},
               {"@type": "type.googleapis.com/google.rpc.DebugInfo", "stack_entries": [], "detail": "dbg"},
               {"@type": "type.googleapis.com/google.rpc.BadRequest", "field_violations": [{"field": "name", "description": "too long"}]},
               {"@type": "type.googleapis.com/google.rpc.Help", "links": []}
             ]}
            """;

        var sut = Parse(429, body);

        Assert.Equal(DatabricksErrorCode.ResourceExhausted, sut.ErrorCode);
        Assert.Equal("RESOURCE_EXHAUSTED", sut.ServiceErrorCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, sut.StatusCode);
        Assert.Equal("r1", sut.RequestId);
        Assert.Equal(TimeSpan.FromSeconds(2.5), sut.RetryAfter);
        Assert.Contains("Slow down.", sut.Message, StringComparison.Ordinal);
        Assert.Contains("name: too long", sut.Message, StringComparison.Ordinal);
        Assert.Contains(sut.Details, d => d.Reason == "QUOTA" && d.Domain == "jobs.databricks.com");
        Assert.Contains(sut.Details, d => d.Type.EndsWith("DebugInfo", StringComparison.Ordinal) && d.Reason == "dbg");
        Assert.Contains(sut.Details, d => d.Type.EndsWith("Help", StringComparison.Ordinal));
        Assert.True(sut.IsTransient);
    }

    [Fact]
    public void Parse_IntegerErrorCode_KeepsDigitsAsCode()
    {
        var sut = Parse(400, """{"error_code": 1001, "message": "numeric"}""");

        Assert.Equal("1001", sut.ErrorCode.Value);
        Assert.Contains("numeric", sut.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LegacyErrorField_UsesItAsMessageAndStatusCode()
    {
        var sut = Parse(403, """{"error": "Invalid access token."}""");

        Assert.Equal(DatabricksErrorCode.PermissionDenied, sut.ErrorCode);
        Assert.Null(sut.ServiceErrorCode);
        Assert.Contains("Invalid access token.", sut.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OAuthErrorBody_CombinesErrorAndDescription()
    {
        var sut = Parse(401, """{"error": "invalid_client", "error_description": "Client authentication failed"}""");

        Assert.Equal(DatabricksErrorCode.Unauthenticated, sut.ErrorCode);
        Assert.Contains("invalid_client: Client authentication failed", sut.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ScimBody_ReadsDetailAndScimType()
    {
        var sut = Parse(409, """{"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "detail": "User already exists", "status": "409", "scimType": "uniqueness"}""");

        Assert.Equal(DatabricksErrorCode.ResourceConflict, sut.ErrorCode);
        Assert.Contains("uniqueness: User already exists", sut.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PlainTextCodeAndMessage_SplitsThem()
    {
        var sut = Parse(400, "INVALID_STATE: Cluster is terminated");

        Assert.Equal(DatabricksErrorCode.InvalidState, sut.ErrorCode);
        Assert.Contains("Cluster is terminated", sut.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HtmlWithPre_ReadsPreBlock()
    {
        var sut = Parse(502, "<html><head><title>Error</title></head><body><h2>HTTP ERROR 502</h2><pre>Bad gateway &amp; proxy</pre></body></html>");

        Assert.Equal(DatabricksErrorCode.TemporarilyUnavailable, sut.ErrorCode);
        Assert.Contains("Bad gateway & proxy", sut.Message, StringComparison.Ordinal);
        Assert.True(sut.IsTransient);
    }

    [Fact]
    public void Parse_HtmlWithoutPre_FallsBackToStatus()
    {
        var sut = Parse(504, "<html><body>gateway</body></html>");

        Assert.Equal(DatabricksErrorCode.DeadlineExceeded, sut.ErrorCode);
        Assert.Contains("HTTP 504", sut.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Parse_EmptyBody_UsesStatus(string? body)
    {
        var sut = Parse(503, body);

        Assert.Equal(DatabricksErrorCode.TemporarilyUnavailable, sut.ErrorCode);
        Assert.Contains("HTTP 503 ServiceUnavailable", sut.Message, StringComparison.Ordinal);
        Assert.True(sut.IsTransient);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"error_code\": {\"nested\": true}}")]
    public void Parse_MalformedOrUnexpectedJson_NeverThrows(string body)
    {
        var sut = Parse(500, body);

        Assert.Equal(HttpStatusCode.InternalServerError, sut.StatusCode);
        Assert.False(string.IsNullOrEmpty(sut.ErrorCode.Value));
    }

    [Theory]
    [InlineData(400, "BAD_REQUEST")]
    [InlineData(401, "UNAUTHENTICATED")]
    [InlineData(403, "PERMISSION_DENIED")]
    [InlineData(404, "NOT_FOUND")]
    [InlineData(409, "RESOURCE_CONFLICT")]
    [InlineData(429, "REQUEST_LIMIT_EXCEEDED")]
    [InlineData(499, "CANCELLED")]
    [InlineData(500, "INTERNAL_ERROR")]
    [InlineData(501, "NOT_IMPLEMENTED")]
    [InlineData(503, "TEMPORARILY_UNAVAILABLE")]
    [InlineData(504, "DEADLINE_EXCEEDED")]
    [InlineData(418, "UNKNOWN")]
    public void Parse_NoCodeInBody_MapsStatusToCode(int status, string expected)
    {
        var sut = Parse(status, string.Empty);

        Assert.Equal(expected, sut.ErrorCode.Value);
    }

    [Theory]
    [InlineData("Job 123 does not exist.", "/api/2.2/jobs/get")]
    [InlineData("Run 456 does not exist.", "/api/2.2/jobs/runs/get")]
    [InlineData("Run: 456 in job: 123 doesn't exist", "/api/2.1/jobs/runs/get")]
    [InlineData("Cluster 0101-abc does not exist", "/api/2.1/clusters/get")]
    public void Parse_MissingJobRunOrClusterAs400_MapsToResourceDoesNotExist(string message, string path)
    {
        var sut = Parse(400, $$"""{"error_code": "INVALID_PARAMETER_VALUE", "message": "{{message}}"}""", path: path);

        Assert.Equal(DatabricksErrorCode.ResourceDoesNotExist, sut.ErrorCode);
        Assert.Equal("INVALID_PARAMETER_VALUE", sut.ServiceErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, sut.StatusCode);
        Assert.True(sut.IsNotFound);
    }

    [Fact]
    public void Parse_OtherInvalidParameterValue_KeepsCode()
    {
        var sut = Parse(400, """{"error_code": "INVALID_PARAMETER_VALUE", "message": "Job settings must specify at least one task"}""");

        Assert.Equal(DatabricksErrorCode.InvalidParameterValue, sut.ErrorCode);
        Assert.False(sut.IsNotFound);
    }

    [Fact]
    public void Parse_UnknownCode_IsKeptVerbatim()
    {
        var sut = Parse(400, """{"error_code": "SOMETHING_BRAND_NEW", "message": "?"}""");

        Assert.Equal(new DatabricksErrorCode("SOMETHING_BRAND_NEW"), sut.ErrorCode);
        Assert.False(sut.IsTransient);
    }

    [Theory]
    [InlineData(400, "ClusterNotReadyException: cluster is starting")]
    [InlineData(400, "There is no worker environment with id 42")]
    [InlineData(400, "Timed out after 30s")]
    [InlineData(500, "RPC token bucket limit has been exceeded")]
    public void Parse_RetryableMessage_IsTransient(int status, string message)
    {
        var sut = Parse(status, $$"""{"error_code": "INVALID_STATE", "message": "{{message}}"}""");

        Assert.True(sut.IsTransient);
    }

    [Fact]
    public void Parse_RetryAfterSeconds_ReadsDelay()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("Retry-After", "7");

        var sut = Parse(429, "{}", response.Headers);

        Assert.Equal(TimeSpan.FromSeconds(7), sut.RetryAfter);
    }

    [Fact]
    public void Parse_RetryAfterHttpDate_IsMeasuredAgainstClock()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        response.Headers.TryAddWithoutValidation("Retry-After", Clock.GetUtcNow().AddSeconds(12).ToString("R"));

        var sut = Parse(503, "{}", response.Headers);

        Assert.Equal(TimeSpan.FromSeconds(12), sut.RetryAfter);
    }

    [Fact]
    public void Parse_RetryAfterDateInThePast_IsZero()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        response.Headers.TryAddWithoutValidation("Retry-After", Clock.GetUtcNow().AddMinutes(-5).ToString("R"));

        var sut = Parse(503, "{}", response.Headers);

        Assert.Equal(TimeSpan.Zero, sut.RetryAfter);
    }

    [Fact]
    public void Parse_RequestIdHeader_UsedWhenBodyHasNone()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadRequest);
        response.Headers.TryAddWithoutValidation("x-request-id", "hdr-1");

        var sut = Parse(400, """{"error_code":"BAD_REQUEST","message":"x"}""", response.Headers);

        Assert.Equal("hdr-1", sut.RequestId);
    }

    [Fact]
    public void Parse_MessageEchoingCredentials_IsRedacted()
    {
        var sut = Parse(401, """{"error_code":"UNAUTHENTICATED","message":"Token dapi0123456789abcdef0123456789abcdef is invalid; header was Bearer eyJhbGciOi.eyJzdWIi.c2lnbmF0dXJl; client_secret=s3cr3t"}""");

        Assert.DoesNotContain("dapi0123456789abcdef", sut.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("eyJhbGciOi", sut.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", sut.Message, StringComparison.Ordinal);
        Assert.Contains("***", sut.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HugeBody_TruncatesMessage()
    {
        var sut = Parse(500, "INTERNAL_ERROR: " + new string('x', 10_000));

        Assert.True(sut.Message.Length < 2200);
    }
}
