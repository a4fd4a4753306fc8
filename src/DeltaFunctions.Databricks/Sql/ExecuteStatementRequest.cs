using System.Text.Json.Serialization;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>The body of <c>POST /api/2.0/sql/statements</c> (reference §4.1).</summary>
/// <remarks>Written by <see cref="ExecuteStatementRequestJsonConverter"/> (cold start, #17).</remarks>
[JsonConverter(typeof(ExecuteStatementRequestJsonConverter))]
internal sealed record ExecuteStatementRequest
{
    public required string Statement { get; init; }

    public required string WarehouseId { get; init; }

    public string? Catalog { get; init; }

    public string? Schema { get; init; }

    public IReadOnlyList<StatementParameter>? Parameters { get; init; }

    public string? WaitTimeout { get; init; }

    public WaitTimeoutAction? OnWaitTimeout { get; init; }

    public ResultDisposition? Disposition { get; init; }

    public ResultFormat? Format { get; init; }

    public long? RowLimit { get; init; }

    public long? ByteLimit { get; init; }

    public ResultCompression? ResultCompression { get; init; }

    public IReadOnlyList<StatementQueryTag>? QueryTags { get; init; }
}
