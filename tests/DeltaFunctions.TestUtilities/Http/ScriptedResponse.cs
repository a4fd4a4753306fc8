namespace DeltaFunctions.TestUtilities.Http;

/// <summary>What a <see cref="ScriptedHttpServer"/> answers to one request.</summary>
public sealed record ScriptedResponse
{
    /// <summary>The status code.</summary>
    public int StatusCode { get; init; } = 200;

    /// <summary>The body (sent as is), or null for none.</summary>
    public string? Body { get; init; }

    /// <summary>A binary body (for example an Arrow stream), sent instead of <see cref="Body"/> when set.</summary>
    public byte[]? BodyBytes { get; init; }

    /// <summary>The content type of <see cref="Body"/>.</summary>
    public string ContentType { get; init; } = "application/json";

    /// <summary>Extra response headers.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>How long to wait before answering (real time; keep it short).</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Drop the connection instead of answering (a transport error on the client).</summary>
    public bool Abort { get; init; }

    /// <summary>
    /// When set, send the status, headers and a <c>Content-Length</c> for the whole <see cref="Body"/>, but only this
    /// many bytes of it, wait 100 ms so the client reads them, then drop the connection (a download cut off mid-body).
    /// </summary>
    public int? AbortAfterBodyBytes { get; init; }

    /// <summary>A JSON answer.</summary>
    /// <param name="statusCode">The status.</param>
    /// <param name="json">The JSON body.</param>
    /// <param name="headers">Extra headers as name/value pairs.</param>
    /// <returns>The response.</returns>
    public static ScriptedResponse Json(int statusCode, string json, params (string Name, string Value)[] headers) => new()
    {
        StatusCode = statusCode,
        Body = json,
        Headers = headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase),
    };

    /// <summary>A Databricks error answer <c>{"error_code", "message"}</c>.</summary>
    /// <param name="statusCode">The status.</param>
    /// <param name="errorCode">The error code.</param>
    /// <param name="message">The message.</param>
    /// <param name="headers">Extra headers as name/value pairs.</param>
    /// <returns>The response.</returns>
    public static ScriptedResponse Error(int statusCode, string errorCode, string message, params (string Name, string Value)[] headers) =>
        Json(statusCode, System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["error_code"] = errorCode, ["message"] = message }), headers);

    /// <summary>A plain-text (or HTML) answer.</summary>
    /// <param name="statusCode">The status.</param>
    /// <param name="text">The body.</param>
    /// <param name="contentType">The content type.</param>
    /// <returns>The response.</returns>
    public static ScriptedResponse Text(int statusCode, string text, string contentType = "text/plain") =>
        new() { StatusCode = statusCode, Body = text, ContentType = contentType };

    /// <summary>Drops the connection.</summary>
    /// <returns>The response.</returns>
    public static ScriptedResponse Drop() => new() { Abort = true };
}
