using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks.Simulation;

/// <summary>
/// One request a dry run did not send: exactly what the client would have sent, with credential-shaped values masked
/// by the library's secret redactor. Found on every <see cref="IDryRunResult.DryRunRequests"/> and on
/// <see cref="DryRunException.DryRunRequests"/>. See <c>README.md</c>, "Dry run".
/// </summary>
public sealed record DryRunRequest
{
    /// <summary>Gets the HTTP method, e.g. <c>POST</c>.</summary>
    public required string Method { get; init; }

    /// <summary>Gets the REST path with its query string, e.g. <c>/api/2.0/fs/files/Volumes/c/s/v/a.csv?overwrite=true</c>.</summary>
    public required string Path { get; init; }

    /// <summary>
    /// Gets the body as text (JSON bodies as the client serializes them, redacted); null for a request without a body or
    /// with binary content (see <see cref="ContentLength"/>).
    /// </summary>
    public string? Body { get; init; }

    /// <summary>Gets the media type of the body, e.g. <c>application/json</c>; null without a body.</summary>
    public string? ContentType { get; init; }

    /// <summary>Gets the length of the body in bytes; null without a body.</summary>
    public long? ContentLength { get; init; }

    /// <summary>
    /// Gets, for a SQL statement (<c>POST /api/2.0/sql/statements</c>), its text and bound parameters (redacted like
    /// <see cref="Body"/>); null for other requests.
    /// </summary>
    public SqlStatement? Statement { get; init; }

    /// <summary>
    /// Gets why the request was not sent: a known mutation under dry run, or SQL the client could not classify
    /// (arbitrary statement text is never run under dry run because the client cannot know it only reads).
    /// </summary>
    public required string Reason { get; init; }

    /// <summary>Gets a value indicating whether this is SQL text the client could not classify as read-only or mutating.</summary>
    public bool IsUnclassifiedSql { get; init; }

    /// <inheritdoc/>
    public override string ToString() => Statement is { } statement ? $"{Method} {Path}: {statement.Text}" : $"{Method} {Path}";
}
