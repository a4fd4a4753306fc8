using DeltaFunctions.Pipelines.Handlers;
namespace DeltaFunctions.App.Hosting;

/// <summary>
/// An RFC 9457 problem details body, the shape every 4xx/5xx reply of the HTTP API has (camelCase JSON,
/// <c>application/problem+json</c>). <see cref="Errors"/> follows the ASP.NET Core validation-problem convention:
/// field path → messages.
/// </summary>
internal sealed record ProblemDetails
{
    /// <summary>A URI naming the problem type (the RFC 9110 section of the status code).</summary>
    public required string Type { get; init; }

    /// <summary>A short summary of the problem type.</summary>
    public required string Title { get; init; }

    /// <summary>The HTTP status code.</summary>
    public required int Status { get; init; }

    /// <summary>What went wrong with this request, in words a caller can act on.</summary>
    public string? Detail { get; init; }

    /// <summary>The request id the problem belongs to (the invocation id or the <c>Idempotency-Key</c>).</summary>
    public string? Instance { get; init; }

    /// <summary>The machine-readable reason, one of <see cref="HandlerReasons"/>.</summary>
    public string? Reason { get; init; }

    /// <summary>Field path → messages, for requests that failed validation (<c>$</c> is the request as a whole).</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    /// <summary>How long to wait before trying again, in seconds (also sent as the <c>Retry-After</c> header).</summary>
    public int? RetryAfterSeconds { get; init; }
}
