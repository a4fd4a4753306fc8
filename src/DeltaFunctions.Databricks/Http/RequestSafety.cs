namespace DeltaFunctions.Databricks.Http;

/// <summary>
/// Whether a request may be sent again after a failure. Every call into <see cref="DatabricksApiClient"/> states it.
/// </summary>
internal enum RequestSafety
{
    /// <summary>
    /// Sending it twice has the effect of sending it once (GET, DELETE, PUT of a whole resource, cancel, and POSTs
    /// Databricks documents as idempotent). Retried on every transient failure.
    /// </summary>
    Idempotent,

    /// <summary>
    /// Not idempotent by nature, but the body carries an <c>idempotency_token</c> so Databricks deduplicates it
    /// (<c>jobs/run-now</c>, <c>jobs/runs/submit</c>). Retried like <see cref="Idempotent"/>.
    /// </summary>
    IdempotencyToken,

    /// <summary>
    /// A second send may do the work twice (<c>jobs/create</c>, <c>sql/statements</c> without a token). Sent again
    /// only when the failure proves the first was not processed: 429, 503, a refused connection, or a 401 before
    /// the one token refresh.
    /// </summary>
    NotIdempotent,
}
