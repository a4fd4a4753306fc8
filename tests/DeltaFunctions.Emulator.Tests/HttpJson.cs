using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace DeltaFunctions.Emulator.Tests;

/// <summary>Small helpers to send and read JSON over the emulator's real HTTP surface.</summary>
internal static class HttpJson
{
    public static async Task<JsonObject> ReadJsonAsync(this HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return JsonNode.Parse(text) as JsonObject ?? throw new InvalidOperationException($"Not a JSON object: {text}");
    }

    public static async Task<JsonObject> GetJsonAsync(this HttpClient client, string path, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(path, cancellationToken);
        var body = await response.ReadJsonAsync(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {body.ToJsonString()}");
        return body;
    }

    public static async Task<JsonObject> PostJsonAsync(this HttpClient client, string path, object body, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsync(path, Content(body), cancellationToken);
        var json = await response.ReadJsonAsync(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"POST {path} answered {(int)response.StatusCode}: {json.ToJsonString()}");
        return json;
    }

    public static HttpContent Content(object body) => body switch
    {
        JsonNode node => new StringContent(node.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        string text => new StringContent(text, System.Text.Encoding.UTF8, "application/json"),
        _ => JsonContent.Create(body),
    };

    /// <summary>Asserts a Databricks error body: status, error_code and (when given) the exact message.</summary>
    public static async Task<JsonObject> AssertErrorAsync(
        this HttpResponseMessage response, HttpStatusCode status, string errorCode, string? message, CancellationToken cancellationToken)
    {
        var body = await response.ReadJsonAsync(cancellationToken);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(errorCode, (string?)body["error_code"]);
        if (message is not null)
        {
            Assert.Equal(message, (string?)body["message"]);
        }

        return body;
    }
}
