using System.Text.Json.Serialization;

namespace DeltaFunctions.Emulator;

/// <summary>The Databricks error body: <c>{"error_code": "...", "message": "...", "details": [...]}</c> (reference §1.3).</summary>
internal sealed record ErrorBody(string ErrorCode, string Message)
{
    /// <summary>Gets the google.rpc details; the emulator sends one ErrorInfo.</summary>
    public IReadOnlyList<ErrorDetail>? Details { get; init; }
}

/// <summary>One google.rpc ErrorInfo detail of an error body.</summary>
internal sealed record ErrorDetail([property: JsonPropertyName("@type")] string Type)
{
    public string? Reason { get; init; }

    public string? Domain { get; init; }

    public Dictionary<string, string>? Metadata { get; init; }
}

/// <summary>The body Databricks sends for a bad token: the HTTP status as an integer <c>error_code</c>.</summary>
internal sealed record NumericErrorBody(int ErrorCode, string Message);

/// <summary>The empty JSON object <c>{}</c> many Databricks calls answer with.</summary>
internal sealed record EmptyBody
{
    /// <summary>Gets the shared instance.</summary>
    public static EmptyBody Instance { get; } = new();
}
