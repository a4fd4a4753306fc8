namespace DeltaFunctions.Emulator;

/// <summary>
/// One <c>POST /api/2.0/sql/statements</c> the emulator received, accepted or refused, as recorded for tests and
/// for operators looking for a pipeline's statements (see <see cref="EmulatorHost.StatementSubmissions"/>).
/// </summary>
public sealed record EmulatorStatementSubmission
{
    /// <summary>Gets the <c>warehouse_id</c> sent.</summary>
    public required string? WarehouseId { get; init; }

    /// <summary>Gets the <c>format</c> in effect (<c>JSON_ARRAY</c> when none was sent).</summary>
    public required string Format { get; init; }

    /// <summary>Gets the <c>disposition</c> in effect (<c>INLINE</c> when none was sent).</summary>
    public required string Disposition { get; init; }

    /// <summary>Gets the <c>result_compression</c> sent, if any.</summary>
    public string? ResultCompression { get; init; }

    /// <summary>Gets the query tags the statement carries, in the order sent (at most 20 are kept).</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> QueryTags { get; init; } = [];

    /// <summary>Gets the id of the started statement; null when the submission was refused.</summary>
    public string? StatementId { get; init; }

    /// <summary>Gets the <c>error_code</c> of a refused submission (for example <c>NOT_IMPLEMENTED</c>); null when accepted.</summary>
    public string? ErrorCode { get; init; }
}
