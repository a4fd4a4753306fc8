namespace DeltaFunctions.Databricks.Sql;

/// <summary>How a statement runs and how its result comes back. Every member is optional.</summary>
public sealed record SqlExecuteOptions
{
    /// <summary>Gets the warehouse; default <see cref="DatabricksClientOptions.WarehouseId"/>.</summary>
    public string? WarehouseId { get; init; }

    /// <summary>Gets the session catalog for unqualified names (request field <c>catalog</c>); default <see cref="DatabricksClientOptions.Catalog"/> (<c>DATABRICKS_CATALOG</c>).</summary>
    public string? Catalog { get; init; }

    /// <summary>Gets the session schema for unqualified names (request field <c>schema</c>); default <see cref="DatabricksClientOptions.Schema"/> (<c>DATABRICKS_SCHEMA</c>).</summary>
    public string? Schema { get; init; }

    /// <summary>Gets the result format.</summary>
    /// <value>Default <see cref="ResultFormat.ArrowStream"/> for streaming reads, <see cref="ResultFormat.JsonArray"/> otherwise.</value>
    public ResultFormat? Format { get; init; }

    /// <summary>
    /// Gets the disposition. Null chooses automatically: INLINE for JSON_ARRAY (retried with EXTERNAL_LINKS when the
    /// result exceeds the 25 MiB inline limit), EXTERNAL_LINKS for ARROW_STREAM and CSV.
    /// </summary>
    public ResultDisposition? Disposition { get; init; }

    /// <summary>Gets how long the execute call waits on the server before returning a running statement.</summary>
    /// <value>Default 10 s; 0 or 5–50 s (reference §4.1).</value>
    public TimeSpan WaitTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets what the server does when <see cref="WaitTimeout"/> elapses; default CONTINUE.</summary>
    public WaitTimeoutAction? OnWaitTimeout { get; init; }

    /// <summary>Gets the row limit (sets <c>manifest.truncated</c> when hit).</summary>
    public long? RowLimit { get; init; }

    /// <summary>Gets the byte limit.</summary>
    public long? ByteLimit { get; init; }

    /// <summary>Gets the first polling interval for a running statement; it doubles up to <see cref="MaxPollInterval"/>.</summary>
    /// <value>Default 100 ms.</value>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Gets the longest polling interval.</summary>
    /// <value>Default 5 s (Databricks drops statements not polled for 15 minutes).</value>
    public TimeSpan MaxPollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets the overall time to wait for a statement before cancelling it; null waits until the token fires.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>
    /// Gets whether this statement is a dry run: true sends nothing (<see cref="SqlClient.ExecuteAsync"/> returns the
    /// request it would have sent), false sends it even when <see cref="DatabricksClientOptions.DryRun"/> is on (say so
    /// for statement text you know only reads). The client cannot classify statement text, so under dry run it never
    /// runs it.
    /// </summary>
    /// <value>Null: <see cref="DatabricksClientOptions.DryRun"/> decides.</value>
    public bool? DryRun { get; init; }
}
