using System.Text.Json.Nodes;

namespace DeltaFunctions.Databricks.Simulation;

/// <summary>
/// A cassette file: the exchanges one client had with a workspace, redacted, in the order they happened. Written by
/// <see cref="RecordingHandler"/> and read by <see cref="ReplayHandler"/>.
/// </summary>
internal sealed record Cassette
{
    /// <summary>The format version this library writes and reads.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Gets the format version.</summary>
    public int Version { get; init; } = CurrentVersion;

    /// <summary>Gets the workspace URL the cassette was recorded against (a host is not a secret).</summary>
    public string? Host { get; init; }

    /// <summary>Gets the default SQL warehouse of the recording client; replay uses it when none is configured.</summary>
    public string? WarehouseId { get; init; }

    /// <summary>Gets when recording started; replay moves recorded link expirations forward by the time since.</summary>
    public DateTimeOffset RecordedAt { get; init; }

    /// <summary>Gets the exchanges in the order they completed.</summary>
    public List<CassetteInteraction> Interactions { get; init; } = [];
}

/// <summary>One request and what came back: a response or a transport error.</summary>
internal sealed record CassetteInteraction
{
    /// <summary>Gets the request.</summary>
    public required CassetteRequest Request { get; init; }

    /// <summary>Gets the response, or null when the request failed without one.</summary>
    public CassetteResponse? Response { get; init; }

    /// <summary>Gets the transport failure, or null when a response came back.</summary>
    public CassetteError? Error { get; init; }
}

/// <summary>
/// A request as matched on replay: method, origin (null for the workspace itself), path, query and the normalized body
/// (JSON with sorted keys, text, or the SHA-256 and length of binary content). Headers are not kept.
/// </summary>
internal sealed record CassetteRequest
{
    /// <summary>Gets the HTTP method.</summary>
    public required string Method { get; init; }

    /// <summary>Gets the scheme and authority when the request went elsewhere than the workspace (result links).</summary>
    public string? Origin { get; init; }

    /// <summary>Gets the path, unescaped.</summary>
    public required string Path { get; init; }

    /// <summary>Gets the query as an object with sorted keys; a repeated key holds an array.</summary>
    public JsonObject? Query { get; init; }

    /// <summary>Gets a JSON body, canonicalized (object keys sorted).</summary>
    public JsonNode? Body { get; init; }

    /// <summary>Gets a text body that is not JSON.</summary>
    public string? BodyText { get; init; }

    /// <summary>Gets the SHA-256 of a binary body (hex).</summary>
    public string? BodySha256 { get; init; }

    /// <summary>Gets the length of a binary body.</summary>
    public long? BodyLength { get; init; }
}

/// <summary>A response: status, the headers the client reads, and the body as JSON, text or base64.</summary>
internal sealed record CassetteResponse
{
    /// <summary>Gets the status code.</summary>
    public required int Status { get; init; }

    /// <summary>Gets the headers the client reads (content type, retry-after, request id, range and file metadata).</summary>
    public SortedDictionary<string, string>? Headers { get; init; }

    /// <summary>Gets a JSON body.</summary>
    public JsonNode? Body { get; init; }

    /// <summary>Gets a text body that is not JSON.</summary>
    public string? BodyText { get; init; }

    /// <summary>Gets a binary body, base64.</summary>
    public string? BodyBase64 { get; init; }
}

/// <summary>A request that failed without a response.</summary>
internal sealed record CassetteError
{
    /// <summary>Gets the <see cref="HttpRequestError"/> name.</summary>
    public required string Kind { get; init; }

    /// <summary>Gets the redacted message.</summary>
    public required string Message { get; init; }
}
