namespace DeltaFunctions.Databricks;

/// <summary>
/// A Databricks <c>error_code</c>. An open set: any string the service sends is a valid value, so a code this
/// library does not know never throws. Compare against the well-known values, e.g.
/// <c>catch (DatabricksException e) when (e.ErrorCode == DatabricksErrorCode.ResourceDoesNotExist)</c>.
/// </summary>
public readonly record struct DatabricksErrorCode
{
    private readonly string? _value;

    /// <summary>Creates a code from the string Databricks sent.</summary>
    /// <param name="value">The code as Databricks spells it, e.g. <c>RESOURCE_DOES_NOT_EXIST</c>.</param>
    public DatabricksErrorCode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>The value when neither the body nor the status said anything more specific.</summary>
    public static DatabricksErrorCode Unknown { get; } = new("UNKNOWN");

    /// <summary><c>ABORTED</c> (409).</summary>
    public static DatabricksErrorCode Aborted { get; } = new("ABORTED");

    /// <summary><c>ALREADY_EXISTS</c> (409).</summary>
    public static DatabricksErrorCode AlreadyExists { get; } = new("ALREADY_EXISTS");

    /// <summary><c>BAD_REQUEST</c> (400).</summary>
    public static DatabricksErrorCode BadRequest { get; } = new("BAD_REQUEST");

    /// <summary><c>CANCELLED</c> (499).</summary>
    public static DatabricksErrorCode Cancelled { get; } = new("CANCELLED");

    /// <summary><c>DATA_LOSS</c> (500).</summary>
    public static DatabricksErrorCode DataLoss { get; } = new("DATA_LOSS");

    /// <summary><c>DEADLINE_EXCEEDED</c> (504), also used for client-side timeouts.</summary>
    public static DatabricksErrorCode DeadlineExceeded { get; } = new("DEADLINE_EXCEEDED");

    /// <summary><c>FEATURE_DISABLED</c>.</summary>
    public static DatabricksErrorCode FeatureDisabled { get; } = new("FEATURE_DISABLED");

    /// <summary><c>INTERNAL_ERROR</c> (500).</summary>
    public static DatabricksErrorCode InternalError { get; } = new("INTERNAL_ERROR");

    /// <summary><c>INVALID_PARAMETER_VALUE</c> (400).</summary>
    public static DatabricksErrorCode InvalidParameterValue { get; } = new("INVALID_PARAMETER_VALUE");

    /// <summary><c>INVALID_STATE</c> (400).</summary>
    public static DatabricksErrorCode InvalidState { get; } = new("INVALID_STATE");

    /// <summary><c>IO_ERROR</c>; also used when the request could not reach Databricks at all.</summary>
    public static DatabricksErrorCode IoError { get; } = new("IO_ERROR");

    /// <summary><c>MALFORMED_REQUEST</c> (400).</summary>
    public static DatabricksErrorCode MalformedRequest { get; } = new("MALFORMED_REQUEST");

    /// <summary><c>NOT_FOUND</c> (404).</summary>
    public static DatabricksErrorCode NotFound { get; } = new("NOT_FOUND");

    /// <summary><c>NOT_IMPLEMENTED</c> (501).</summary>
    public static DatabricksErrorCode NotImplemented { get; } = new("NOT_IMPLEMENTED");

    /// <summary><c>PERMISSION_DENIED</c> (403).</summary>
    public static DatabricksErrorCode PermissionDenied { get; } = new("PERMISSION_DENIED");

    /// <summary><c>QUOTA_EXCEEDED</c>.</summary>
    public static DatabricksErrorCode QuotaExceeded { get; } = new("QUOTA_EXCEEDED");

    /// <summary><c>REQUEST_LIMIT_EXCEEDED</c> (429).</summary>
    public static DatabricksErrorCode RequestLimitExceeded { get; } = new("REQUEST_LIMIT_EXCEEDED");

    /// <summary><c>RESOURCE_ALREADY_EXISTS</c> (409).</summary>
    public static DatabricksErrorCode ResourceAlreadyExists { get; } = new("RESOURCE_ALREADY_EXISTS");

    /// <summary><c>RESOURCE_CONFLICT</c> (409).</summary>
    public static DatabricksErrorCode ResourceConflict { get; } = new("RESOURCE_CONFLICT");

    /// <summary>
    /// <c>RESOURCE_DOES_NOT_EXIST</c> (404). Also what a missing job or run maps to, although Databricks answers
    /// those with 400 <c>INVALID_PARAMETER_VALUE</c> (see <see cref="DatabricksException.ErrorCode"/>).
    /// </summary>
    public static DatabricksErrorCode ResourceDoesNotExist { get; } = new("RESOURCE_DOES_NOT_EXIST");

    /// <summary><c>RESOURCE_EXHAUSTED</c> (429).</summary>
    public static DatabricksErrorCode ResourceExhausted { get; } = new("RESOURCE_EXHAUSTED");

    /// <summary><c>RESOURCE_LIMIT_EXCEEDED</c>.</summary>
    public static DatabricksErrorCode ResourceLimitExceeded { get; } = new("RESOURCE_LIMIT_EXCEEDED");

    /// <summary><c>TEMPORARILY_UNAVAILABLE</c> (503).</summary>
    public static DatabricksErrorCode TemporarilyUnavailable { get; } = new("TEMPORARILY_UNAVAILABLE");

    /// <summary><c>UNAUTHENTICATED</c> (401).</summary>
    public static DatabricksErrorCode Unauthenticated { get; } = new("UNAUTHENTICATED");

    /// <summary><c>UNAVAILABLE</c>.</summary>
    public static DatabricksErrorCode Unavailable { get; } = new("UNAVAILABLE");

    /// <summary><c>TABLE_DOES_NOT_EXIST</c> (Unity Catalog, 404).</summary>
    public static DatabricksErrorCode TableDoesNotExist { get; } = new("TABLE_DOES_NOT_EXIST");

    /// <summary><c>SCHEMA_DOES_NOT_EXIST</c> (Unity Catalog, 404).</summary>
    public static DatabricksErrorCode SchemaDoesNotExist { get; } = new("SCHEMA_DOES_NOT_EXIST");

    /// <summary><c>CATALOG_DOES_NOT_EXIST</c> (Unity Catalog, 404).</summary>
    public static DatabricksErrorCode CatalogDoesNotExist { get; } = new("CATALOG_DOES_NOT_EXIST");

    /// <summary>
    /// Client-side: the circuit breaker is open after repeated failures and the request was not sent.
    /// Not a Databricks code.
    /// </summary>
    public static DatabricksErrorCode CircuitOpen { get; } = new("CLIENT_CIRCUIT_OPEN");

    /// <summary>
    /// Client-side: the client's own rate limiter could not admit the request (its queue was full).
    /// Not a Databricks code.
    /// </summary>
    public static DatabricksErrorCode ClientRateLimited { get; } = new("CLIENT_RATE_LIMITED");

    /// <summary>
    /// Client-side: dry run is on and the call, whose result cannot exist without sending it, was not sent
    /// (<see cref="Simulation.DryRunException"/>). Not a Databricks code.
    /// </summary>
    public static DatabricksErrorCode ClientDryRun { get; } = new("CLIENT_DRY_RUN");

    /// <summary>The code as Databricks spells it; never null (<c>default</c> reads as <c>UNKNOWN</c>).</summary>
    public string Value => _value ?? "UNKNOWN";

    /// <summary>True for codes that name a missing resource (<c>*_DOES_NOT_EXIST</c>, <c>NOT_FOUND</c>).</summary>
    public bool IsNotFound =>
        this == NotFound || Value.EndsWith("_DOES_NOT_EXIST", StringComparison.Ordinal);

    /// <summary>Returns the code.</summary>
    /// <returns>The code string.</returns>
    public override string ToString() => Value;

    /// <summary>Compares codes ordinally; <c>default</c> equals <see cref="Unknown"/>.</summary>
    /// <param name="other">The other code.</param>
    /// <returns>True when both spell the same code.</returns>
    public bool Equals(DatabricksErrorCode other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <summary>Hashes the code ordinally.</summary>
    /// <returns>The hash.</returns>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>Creates a code from its string form.</summary>
    /// <param name="value">The code.</param>
    public static implicit operator DatabricksErrorCode(string value) => new(value);
}
