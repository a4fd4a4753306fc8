namespace DeltaFunctions.App.Hosting;

/// <summary>
/// Everything an HTTP function writes back, decided without any Functions type: the status code, the body (UTF-8 JSON)
/// with its content type, and the <c>Retry-After</c> header when the caller should come back later.
/// </summary>
/// <param name="StatusCode">The HTTP status code.</param>
/// <param name="ContentType">The body's media type: <c>application/json</c> or <c>application/problem+json</c>.</param>
/// <param name="Body">The body, UTF-8 JSON.</param>
/// <param name="RetryAfterSeconds">The <c>Retry-After</c> header in whole seconds, or null for none.</param>
internal sealed record HttpReply(int StatusCode, string ContentType, ReadOnlyMemory<byte> Body, int? RetryAfterSeconds = null)
{
    /// <summary>The media type of successful replies.</summary>
    public const string JsonContentType = "application/json; charset=utf-8";

    /// <summary>The media type of RFC 9457 problem details.</summary>
    public const string ProblemContentType = "application/problem+json; charset=utf-8";

    /// <summary>The <c>Retry-After</c> header value, or null when the reply carries none.</summary>
    public string? RetryAfterHeader => RetryAfterSeconds?.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
