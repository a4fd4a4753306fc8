using DeltaFunctions.Databricks.Simulation;
using DeltaFunctions.Pipelines.Sql;

namespace DeltaFunctions.Pipelines.Handlers;

/// <summary>
/// A request a dry run did not send, as a merge or SQL request's result returns it: the SQL statement and its bound
/// parameters, or the method and path of another request (a staged file's upload and delete). Secrets are redacted.
/// </summary>
public sealed record DryRunStatement
{
    /// <summary>The HTTP method, e.g. <c>POST</c>.</summary>
    public required string Method { get; init; }

    /// <summary>The REST path with its query, e.g. <c>/api/2.0/sql/statements</c>.</summary>
    public required string Path { get; init; }

    /// <summary>The SQL text; null for a request that is not a statement.</summary>
    public string? Statement { get; init; }

    /// <summary>The parameters bound to the statement's <c>:name</c> markers; null for a request that is not a statement.</summary>
    public IReadOnlyList<SqlParameter>? Parameters { get; init; }

    /// <summary>Why it was not sent (a known change under dry run, or SQL text the client cannot classify).</summary>
    public required string Reason { get; init; }

    internal static IReadOnlyList<DryRunStatement>? From(IDryRunResult result) =>
        result.IsDryRun ? [.. result.DryRunRequests.Select(From)] : null;

    private static DryRunStatement From(DryRunRequest request) => new()
    {
        Method = request.Method,
        Path = request.Path,
        Statement = request.Statement?.Text,
        Parameters = request.Statement is { } statement ? [.. statement.Parameters.Select(p => new SqlParameter { Name = p.Name, Value = p.Value, Type = p.Type })] : null,
        Reason = request.Reason,
    };
}
