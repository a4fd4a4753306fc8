using DeltaFunctions.Pipelines.Maintenance;

namespace DeltaFunctions.Pipelines.Sql;

/// <summary>
/// The input of <see cref="StatementActivityNames.StartStatement"/>: which maintenance command to start on which table.
/// It carries no SQL: the activity has the client library's <c>DeltaClient</c> write and start the statement.
/// </summary>
public sealed record StartStatementInput
{
    /// <summary>The table, <c>catalog.schema.table</c> as written in the plan (parts with special characters in backticks).</summary>
    public required string Table { get; init; }

    /// <summary>OPTIMIZE or VACUUM.</summary>
    public required MaintenanceCommand Operation { get; init; }

    /// <summary>Columns for <c>OPTIMIZE … ZORDER BY</c> (raw names); ignored by VACUUM. Absent: plain OPTIMIZE.</summary>
    public IReadOnlyList<string>? ZOrderBy { get; init; }

    /// <summary>The retention of <c>VACUUM … RETAIN n HOURS</c>; ignored by OPTIMIZE. Absent: the table's setting.</summary>
    public int? RetentionHours { get; init; }

    /// <summary>Whether a VACUUM retention under 168 hours may be sent (see <see cref="MaintenanceTable.AllowShortRetention"/>).</summary>
    public bool AllowShortRetention { get; init; }

    /// <summary>The warehouse. <value>Default: the configured one.</value></summary>
    public string? WarehouseId { get; init; }

    /// <summary>Whether to send nothing and return the statement that would have run (<see cref="StatementHandle.DryRunStatement"/>).</summary>
    public bool DryRun { get; init; }
}
