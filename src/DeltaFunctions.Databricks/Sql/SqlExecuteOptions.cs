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
    /// Gets the disposition. Null chooses automatically along a fixed ladder of disposition/format pairs (see
    /// <c>README.md</c>, "SQL results on every warehouse type"): INLINE for JSON_ARRAY (rerun with EXTERNAL_LINKS when
    /// the result exceeds the 25 MiB inline limit), EXTERNAL_LINKS for ARROW_STREAM; a pair the warehouse refuses is
    /// followed by the next one, remembered per warehouse, and the rows read the same whichever pair served them. A
    /// JSON_ARRAY request may so be answered in ARROW_STREAM; an ARROW_STREAM request always stays Arrow. Set it to
    /// send exactly this pair, with no fallback.
    /// </summary>
    public ResultDisposition? Disposition { get; init; }

    /// <summary>
    /// Gets the compression asked for Arrow results (request field <c>result_compression</c>); decoded transparently.
    /// JSON_ARRAY and CSV results are never compressed, so nothing is sent for them.
    /// </summary>
    /// <value>Null: <see cref="ResultCompression.Lz4Frame"/> for ARROW_STREAM. <see cref="ResultCompression.None"/> asks for plain Arrow.</value>
    public ResultCompression? ResultCompression { get; init; }

    /// <summary>
    /// Gets the statement's query tags (request field <c>query_tags</c>), shown in query history and
    /// <c>system.query.history</c>; a null or empty value makes a key-only tag. They add to, and per key override,
    /// <see cref="SqlQueryTagScope"/> and <see cref="DatabricksClientOptions.QueryTags"/>; together at most 20, keys
    /// not blank (else <see cref="ArgumentException"/>). Tags are stored as plain text: never put secrets in them.
    /// </summary>
    public IReadOnlyDictionary<string, string?>? QueryTags { get; init; }

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
