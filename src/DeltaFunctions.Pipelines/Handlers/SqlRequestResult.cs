namespace DeltaFunctions.Pipelines.Handlers;

/// <summary>
/// The result of a SQL request that ran: small results inline in <see cref="Rows"/>, large ones referenced by
/// <see cref="Reference"/>. <see cref="ReplyTo"/> and <see cref="CorrelationId"/> are carried through so the Service
/// Bus trigger can send the reply to the requested queue with the request's message id as correlation id.
/// </summary>
public sealed record SqlRequestResult
{
    /// <summary>The statement id.</summary>
    public required string StatementId { get; init; }

    /// <summary>The message or request id this result answers.</summary>
    public required string CorrelationId { get; init; }

    /// <summary>The queue the reply goes to, from the request; null: the reply goes back over HTTP.</summary>
    public string? ReplyTo { get; init; }

    /// <summary>The result's columns.</summary>
    public required IReadOnlyList<SqlResultColumn> Columns { get; init; }

    /// <summary>Rows in the whole result.</summary>
    public long TotalRowCount { get; init; }

    /// <summary>Whether the row limit cut the result short.</summary>
    public bool Truncated { get; init; }

    /// <summary>The rows as Databricks' JSON_ARRAY strings (null values stay null), when the result is inline.</summary>
    public IReadOnlyList<IReadOnlyList<string?>>? Rows { get; init; }

    /// <summary>Where to read the result, when it was too large to inline.</summary>
    public SqlResultReference? Reference { get; init; }

    /// <summary>Whether <see cref="Rows"/> holds the whole result.</summary>
    public bool IsInline => Reference is null;

    /// <summary>True when the statement was not run (the request's <c>dryRun</c>, or the App's <c>Databricks:DryRun</c>): no columns and no rows.</summary>
    public bool DryRun { get; init; }

    /// <summary>With <see cref="DryRun"/>, the statement and parameters that would have been sent, and why they were not.</summary>
    public IReadOnlyList<DryRunStatement>? DryRunStatements { get; init; }
}
