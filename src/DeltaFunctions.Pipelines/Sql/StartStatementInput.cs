namespace DeltaFunctions.Pipelines.Sql;

/// <summary>The input of <see cref="StatementActivityNames.StartStatement"/>.</summary>
public sealed record StartStatementInput
{
    /// <summary>The statement; identifiers already quoted, values only as parameters.</summary>
    public required string Statement { get; init; }

    /// <summary>The warehouse. <value>Default: the configured one.</value></summary>
    public string? WarehouseId { get; init; }

    /// <summary>Values for the statement's markers.</summary>
    public IReadOnlyList<SqlParameter>? Parameters { get; init; }
}
