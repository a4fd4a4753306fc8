namespace DeltaFunctions.Pipelines.Sql;

/// <summary>
/// A request to run one SQL statement on a warehouse with named parameters (<c>:name</c> markers, values bound,
/// never pasted) and send the result back: over HTTP, or to the <see cref="ReplyTo"/> queue.
/// </summary>
public sealed record SqlRequest
{
    /// <summary>The largest statement accepted, in UTF-8 bytes: the Statement Execution API's 16 MiB.</summary>
    public const int MaxStatementBytes = 16 * 1024 * 1024;

    /// <summary>The most parameters one statement may carry.</summary>
    public const int MaxParameters = 256;

    /// <summary>The statement, with <c>:name</c> parameter markers.</summary>
    public required string Statement { get; init; }

    /// <summary>Values for the statement's markers; every marker needs one and every one must be used.</summary>
    public IReadOnlyList<SqlParameter>? Parameters { get; init; }

    /// <summary>The SQL warehouse id. <value>Default: the configured <c>Databricks:WarehouseId</c>.</value></summary>
    public string? WarehouseId { get; init; }

    /// <summary>The session's default catalog.</summary>
    public string? Catalog { get; init; }

    /// <summary>The session's default schema.</summary>
    public string? Schema { get; init; }

    /// <summary>The most rows to return (at least 1). <value>Default: no limit.</value></summary>
    public long? RowLimit { get; init; }

    /// <summary>The queue the result goes to (Service Bus entity name). Absent: the reply goes back over HTTP.</summary>
    public string? ReplyTo { get; init; }

    /// <summary>
    /// Whether to send nothing: the result carries the statement and its parameters
    /// (<see cref="Handlers.SqlRequestResult.DryRunStatements"/>) instead of rows. Under the App's <c>Databricks:DryRun</c>
    /// setting every SQL request is a dry run, because the client cannot know that statement text only reads.
    /// <value>Default: false.</value>
    /// </summary>
    public bool DryRun { get; init; }
}
