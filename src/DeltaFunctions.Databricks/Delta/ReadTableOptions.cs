using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks.Delta;

/// <summary>Options of a table read.</summary>
public sealed record ReadTableOptions
{
    /// <summary>Gets the columns to read; all when empty.</summary>
    public IReadOnlyList<string> Columns { get; init; } = [];

    /// <summary>Gets the row filter.</summary>
    public SqlFilter? Filter { get; init; }

    /// <summary>Gets the Delta version to read (time travel).</summary>
    public long? Version { get; init; }

    /// <summary>Gets the point in time to read (time travel).</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>Gets the most rows to read.</summary>
    public int? Limit { get; init; }

    /// <summary>Gets the result format; default ARROW_STREAM.</summary>
    public ResultFormat? Format { get; init; }
}
