using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using DeltaFunctions.TestUtilities.Emulator;

namespace DeltaFunctions.Emulator.Tests.Robustness;

/// <summary>
/// Generated malformed requests against every route, with an accepted token so they reach the handlers: bodies of
/// the wrong JSON type or shape, broken encodings, oversized values and bad query strings. None may answer 5xx.
/// </summary>
public sealed class HostileInputTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private static readonly JsonNode?[] WrongValues =
    [
        "abc", string.Empty, 1, -1, 0, 1.5, true, false, null, new JsonArray(), new JsonArray(1), new JsonArray("x"),
        new JsonObject(), new JsonObject { ["x"] = 1 }, JsonNode.Parse("9223372036854775808"), JsonNode.Parse("1e400"),
        new string('x', 70_000),
    ];

    private static readonly string[] RawBodies =
    [
        string.Empty, "null", "[]", "[1]", "\"x\"", "1", "true", "{", "{\"a\":", "}", "{\"a\" 1}", "{\"a\":1,}", "{'a':1}",
        new string('[', 5000) + new string(']', 5000), "{\"a\":" + new string('[', 2000) + new string(']', 2000) + "}",
        "{\"job_id\":\"\\ud800\"}", "{\"a\":1}{\"b\":2}", "\u0000", "{\"statement\":\"\\u0000\"}", "{\"a\":1,\"a\":2}",
        "{\"x\":[{\"b\":1,\"b\":2}]}",
    ];

    private static readonly (string Method, string Path, string[] Fields)[] Routes =
    [
        ("POST", "api/2.0/sql/statements", ["statement", "warehouse_id", "catalog", "schema", "parameters", "wait_timeout", "on_wait_timeout", "disposition", "format", "row_limit", "byte_limit"]),
        ("POST", "api/2.0/sql/warehouses/{wh}/start", []),
        ("POST", "api/2.0/sql/warehouses/{wh}/stop", []),
        ("POST", "api/2.0/sql/statements/{st}/cancel", []),
        ("POST", "api/2.2/jobs/create", ["name", "tasks", "max_concurrent_runs", "timeout_seconds", "queue", "parameters", "job_clusters", "environments", "tags", "access_control_list"]),
        ("POST", "api/2.1/jobs/create", ["name", "tasks", "max_concurrent_runs", "timeout_seconds", "queue", "parameters"]),
        ("POST", "api/2.2/jobs/reset", ["job_id", "new_settings"]),
        ("POST", "api/2.2/jobs/update", ["job_id", "new_settings", "fields_to_remove"]),
        ("POST", "api/2.2/jobs/delete", ["job_id"]),
        ("POST", "api/2.2/jobs/run-now", ["job_id", "idempotency_token", "job_parameters", "notebook_params", "only", "python_params", "queue"]),
        ("POST", "api/2.2/jobs/runs/submit", ["run_name", "tasks", "idempotency_token", "timeout_seconds", "queue"]),
        ("POST", "api/2.2/jobs/runs/cancel", ["run_id"]),
        ("POST", "api/2.2/jobs/runs/cancel-all", ["job_id", "all_queued_runs"]),
        ("POST", "api/2.2/jobs/runs/delete", ["run_id"]),
        ("POST", "api/2.0/workspace/import", ["path", "content", "format", "language", "overwrite"]),
        ("POST", "api/2.0/workspace/mkdirs", ["path"]),
        ("POST", "api/2.0/workspace/delete", ["path", "recursive"]),
        ("PUT", "api/2.0/fs/files/Volumes/main/default/hostile/f.txt", []),
        ("PUT", "api/2.0/fs/directories/Volumes/main/default/hostile/d", []),
    ];

    /// <summary>Values put inside the nested shapes the Jobs API reads (tasks, settings, parameters).</summary>
    private static IEnumerable<JsonObject> NestedJobBodies()
    {
        foreach (var value in WrongValues)
        {
            yield return new JsonObject { ["tasks"] = new JsonArray(value?.DeepClone()) };
            yield return new JsonObject { ["tasks"] = new JsonArray(new JsonObject { ["task_key"] = value?.DeepClone() }) };
            yield return new JsonObject { ["tasks"] = new JsonArray(new JsonObject { ["task_key"] = "a", ["depends_on"] = value?.DeepClone() }) };
            yield return new JsonObject { ["tasks"] = new JsonArray(new JsonObject { ["task_key"] = "a", ["depends_on"] = new JsonArray(value?.DeepClone()) }) };
            yield return new JsonObject { ["tasks"] = new JsonArray(new JsonObject { ["task_key"] = "a", ["notebook_task"] = value?.DeepClone() }) };
            yield return new JsonObject { ["tasks"] = new JsonArray(new JsonObject { ["task_key"] = "a", ["notebook_task"] = new JsonObject { ["notebook_path"] = value?.DeepClone() } }) };
            yield return new JsonObject { ["tasks"] = new JsonArray(new JsonObject { ["task_key"] = "a", ["run_if"] = value?.DeepClone() }) };
            yield return new JsonObject { ["queue"] = new JsonObject { ["enabled"] = value?.DeepClone() } };
            yield return new JsonObject { ["parameters"] = new JsonArray(new JsonObject { ["name"] = value?.DeepClone(), ["default"] = value?.DeepClone() }) };
            yield return new JsonObject { ["parameters"] = new JsonArray(value?.DeepClone()) };
            yield return new JsonObject { ["parameters"] = new JsonArray(new JsonObject { ["name"] = "p", ["value"] = value?.DeepClone(), ["type"] = value?.DeepClone() }) };
        }
    }

    private static readonly string[] QueryRoutes =
    [
        "api/2.2/jobs/get?job_id={v}", "api/2.2/jobs/list?limit={v}", "api/2.2/jobs/list?name={v}", "api/2.2/jobs/list?offset={v}",
        "api/2.2/jobs/list?page_token={v}", "api/2.2/jobs/runs/get?run_id={v}", "api/2.2/jobs/runs/get?run_id=1&page_token={v}",
        "api/2.2/jobs/runs/get-output?run_id={v}", "api/2.2/jobs/runs/list?job_id={v}", "api/2.2/jobs/runs/list?limit={v}",
        "api/2.2/jobs/runs/list?run_type={v}", "api/2.2/jobs/runs/list?page_token={v}", "api/2.2/jobs/runs/list?start_time_from={v}",
        "api/2.1/unity-catalog/catalogs?max_results={v}", "api/2.1/unity-catalog/catalogs?page_token={v}", "api/2.1/unity-catalog/catalogs/{v}",
        "api/2.1/unity-catalog/schemas?catalog_name={v}", "api/2.1/unity-catalog/schemas/{v}", "api/2.1/unity-catalog/tables?catalog_name=main&schema_name={v}",
        "api/2.1/unity-catalog/tables?catalog_name=main&schema_name=default&max_results={v}", "api/2.1/unity-catalog/tables/{v}",
        "api/2.1/unity-catalog/tables/{v}/exists", "api/2.1/unity-catalog/volumes?catalog_name=main&schema_name={v}", "api/2.1/unity-catalog/volumes/{v}",
        "api/2.0/sql/warehouses/{v}", "api/2.0/sql/statements/{v}", "api/2.0/sql/statements/{v}/result/chunks/0",
        "api/2.0/sql/statements/x/result/chunks/{v}", "api/2.0/workspace/get-status?path={v}", "api/2.0/workspace/export?path={v}",
        "api/2.0/workspace/export?path=/x&format={v}", "api/2.0/workspace/list?path={v}", "api/2.0/fs/files/{v}", "api/2.0/fs/directories/{v}",
        "api/2.0/fs/directories/Volumes/main/default/hostile?page_token={v}", "emulator/results/{v}",
    ];

    private static readonly string[] QueryValues =
    [
        "abc", "-1", "0", "1.5", "99999999999999999999", "%00", "%ff%fe", "..%2F..%2Fetc%2Fpasswd", "Volumes/../../etc", "a.b.c.d.e", "%20", "true",
    ];

    [Fact]
    public async Task EveryRoute_WithGeneratedMalformedRequests_NeverAnswers5xx()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = emulator.CreateClient();
        await sut.PostJsonAsync("api/2.0/sql/statements", new JsonObject { ["statement"] = "CREATE VOLUME IF NOT EXISTS main.default.hostile", ["warehouse_id"] = emulator.WarehouseId, ["wait_timeout"] = "30s" }, ct);
        var requests = new List<(string Method, string Path, byte[]? Body, string ContentType)>();
        foreach (var (method, template, fields) in Routes)
        {
            var path = template.Replace("{wh}", emulator.WarehouseId, StringComparison.Ordinal).Replace("{st}", "no-such-statement", StringComparison.Ordinal);
            requests.AddRange(RawBodies.Select(b => (method, path, (byte[]?)Encoding.UTF8.GetBytes(b), "application/json")));
            requests.Add((method, path, [0xff, 0xfe, 0x7b, 0x00, 0xc3], "application/json"));
            requests.Add((method, path, Encoding.UTF8.GetBytes("a=1&b=2"), "application/x-www-form-urlencoded"));
            requests.AddRange(
                from field in fields
                from value in WrongValues
                select (method, path, (byte[]?)Encoding.UTF8.GetBytes(new JsonObject { [field] = value?.DeepClone() }.ToJsonString()), "application/json"));
            if (path.Contains("/jobs/", StringComparison.Ordinal))
            {
                requests.AddRange(NestedJobBodies().Select(b => (method, path, (byte[]?)Encoding.UTF8.GetBytes(b.ToJsonString()), "application/json")));
                requests.AddRange(NestedJobBodies().Select(b => (method, path, (byte[]?)Encoding.UTF8.GetBytes(new JsonObject { ["job_id"] = 1, ["new_settings"] = b }.ToJsonString()), "application/json")));
            }
        }

        requests.AddRange(
            from route in QueryRoutes
            from value in QueryValues
            select ("GET", route.Replace("{v}", value, StringComparison.Ordinal), (byte[]?)null, "application/json"));
        requests.AddRange(QueryValues.Select(v => ("DELETE", "api/2.0/sql/statements/" + v, (byte[]?)null, "application/json")));
        requests.Add(("POST", "oidc/v1/token", Encoding.UTF8.GetBytes("grant_type=client_credentials&scope=" + new string('a', 5 * 1024 * 1024)), "application/x-www-form-urlencoded"));
        requests.Add(("POST", "oidc/v1/token", Encoding.UTF8.GetBytes("grant_type=" + new string('a', 70_000)), "application/x-www-form-urlencoded"));
        requests.Add(("POST", "oidc/v1/token", [0xff, 0xfe, 0x00], "application/x-www-form-urlencoded"));
        requests.Add(("POST", "oidc/v1/token", Encoding.UTF8.GetBytes("{}"), "application/json"));
        requests.Add(("POST", "oidc/v1/token", Encoding.UTF8.GetBytes("a=%zz&%%%=1"), "application/x-www-form-urlencoded"));

        var failures = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (r, token) =>
        {
            using var request = new HttpRequestMessage(new HttpMethod(r.Method), r.Path);
            if (r.Body is not null)
            {
                request.Content = new ByteArrayContent(r.Body);
                request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(r.ContentType);
            }

            using var response = await sut.SendAsync(request, token);
            if ((int)response.StatusCode >= 500)
            {
                var text = await response.Content.ReadAsStringAsync(token);
                var body = r.Body is null ? string.Empty : Encoding.UTF8.GetString(r.Body, 0, Math.Min(r.Body.Length, 120));
                failures.Add($"{r.Method} {r.Path} {body} -> {(int)response.StatusCode} {text[..Math.Min(text.Length, 200)]}");
            }
        });

        Assert.True(requests.Count >= 1000, $"only {requests.Count} requests were generated");
        Assert.True(failures.IsEmpty, $"{failures.Count} of {requests.Count} malformed requests answered 5xx:\n" + string.Join('\n', failures.Take(40)));
    }

    [Theory]
    [InlineData("api/2.2/jobs/run-now", "{\"job_id\":\"abc\"}", "INVALID_PARAMETER_VALUE", "'job_id'")]
    [InlineData("api/2.2/jobs/runs/submit", "{\"idempotency_token\":12,\"tasks\":[{\"task_key\":\"a\"}]}", "INVALID_PARAMETER_VALUE", "'idempotency_token'")]
    [InlineData("api/2.2/jobs/runs/submit", "{\"timeout_seconds\":\"soon\",\"tasks\":[{\"task_key\":\"a\"}]}", "INVALID_PARAMETER_VALUE", "'timeout_seconds'")]
    [InlineData("api/2.2/jobs/runs/submit", "{\"tasks\":[1]}", "INVALID_PARAMETER_VALUE", "'tasks[0]'")]
    [InlineData("api/2.2/jobs/create", "{\"name\":1}", "INVALID_PARAMETER_VALUE", "'name'")]
    [InlineData("api/2.2/jobs/create", "{\"name\":\"n\",\"tasks\":[{\"task_key\":\"a\",\"notebook_task\":{\"notebook_path\":7}}]}", "INVALID_PARAMETER_VALUE", "'tasks[0].notebook_task.notebook_path'")]
    [InlineData("api/2.2/jobs/runs/cancel", "{\"run_id\":1,\"run_id\":2}", "MALFORMED_REQUEST", "Duplicate property 'run_id'")]
    [InlineData("api/2.2/jobs/create", "{\"name\":\"n\",\"tasks\":[{\"task_key\":\"a\",\"task_key\":\"b\"}]}", "MALFORMED_REQUEST", "Duplicate property 'task_key'")]
    [InlineData("api/2.2/jobs/create", "{\"name\":\"n\",\"unknown\":1,\"unknown\":2}", "MALFORMED_REQUEST", "Duplicate property 'unknown'")]
    [InlineData("api/2.0/sql/statements", "{\"statement\":\"SELECT 1\",\"statement\":\"SELECT 2\",\"warehouse_id\":\"w\"}", "MALFORMED_REQUEST", "Duplicate property 'statement'")]
    [InlineData("api/2.0/workspace/mkdirs", "{\"path\":\"/Users/a\",\"path\":\"/Users/b\"}", "MALFORMED_REQUEST", "Duplicate property 'path'")]
    [InlineData("emulator/faults", "{\"path\":\"/api/2.2/jobs/get\",\"path\":\"/api/2.2/jobs/list\",\"status\":503}", "MALFORMED_REQUEST", "Duplicate property 'path'")]
    public async Task Post_BadBody_Answers400NamingTheField(string path, string body, string errorCode, string named)
    {
        // A value of the wrong JSON type is refused naming its field. A name given twice is refused too: RFC 8259 leaves
        // what a receiver does with one unpredictable, and the emulator would otherwise keep one of the values unseen
        // (or, for the Jobs API's free-form bodies, fail with a 500).
        var ct = TestContext.Current.CancellationToken;
        var sut = emulator.CreateClient();

        using var response = await sut.PostAsync(path, HttpJson.Content(body), ct);

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, errorCode, null, ct);
        Assert.Contains(named, (string?)error["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task JobsList_AfterARefusedNonStringName_StillAnswers()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = emulator.CreateClient();
        using var refused = await sut.PostAsync("api/2.2/jobs/create", HttpJson.Content("{\"name\":1}"), ct);

        using var list = await sut.GetAsync("api/2.2/jobs/list?name=x", ct);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    [Fact]
    public async Task Token_OversizedForm_AnswersAClientError()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = emulator.CreateClient(token: string.Empty);
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = new string('a', 5 * 1024 * 1024) });

        using var response = await sut.PostAsync("oidc/v1/token", content, ct);

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge, $"answered {(int)response.StatusCode}");
    }
}
