namespace DeltaFunctions.Pipelines.Sql;

/// <summary>Names a started statement.</summary>
public sealed record StatementHandle
{
    /// <summary>The Statement Execution API's <c>statement_id</c>.</summary>
    public required string StatementId { get; init; }
}
