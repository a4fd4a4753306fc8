using DeltaFunctions.Pipelines.Maintenance;

namespace DeltaFunctions.Pipelines.Sql;

/// <summary>Names a started maintenance statement, with what the poll needs to read its typed result.</summary>
public sealed record StatementHandle
{
    /// <summary>The Statement Execution API's <c>statement_id</c>.</summary>
    public required string StatementId { get; init; }

    /// <summary>The table the statement works on, as in <see cref="StartStatementInput.Table"/>.</summary>
    public required string Table { get; init; }

    /// <summary>Which command it is, so the poll reads an OPTIMIZE or a VACUUM result.</summary>
    public required MaintenanceCommand Operation { get; init; }

    /// <summary>Under dry run, the statement that was not sent (<see cref="StatementId"/> is then not a real id); null when it was started.</summary>
    public string? DryRunStatement { get; init; }
}
