namespace DeltaFunctions.TestUtilities.Http;

/// <summary>A request a <see cref="ScriptedHttpServer"/> received.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path (no query).</param>
/// <param name="Query">The query string including '?', or empty.</param>
/// <param name="Headers">Request headers (first value of each, case-insensitive names).</param>
/// <param name="Body">The body as text.</param>
/// <param name="ReceivedAt">Arrival order number (0-based).</param>
public sealed record RecordedRequest(
    string Method,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    int ReceivedAt)
{
    /// <summary>A header value, or null.</summary>
    /// <param name="name">The header name.</param>
    /// <returns>The value.</returns>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
