using DeltaFunctions.Databricks.Schema;
using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks.Delta;

/// <summary>How <see cref="DeltaClient.WriteTableAsync{T}"/> writes rows.</summary>
public enum WriteMode
{
    /// <summary><c>INSERT INTO</c>: add the rows.</summary>
    Append,

    /// <summary><c>INSERT OVERWRITE</c>: replace the whole table with the rows.</summary>
    Overwrite,

    /// <summary>
    /// <c>INSERT INTO … REPLACE WHERE</c>: atomically delete the rows matching <see cref="WriteTableOptions.ReplaceWhere"/>
    /// and insert these (which must all match it). Columns are matched by position, so list them in table order.
    /// </summary>
    ReplaceWhere,
}

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

/// <summary>Options of a table write.</summary>
public sealed record WriteTableOptions
{
    /// <summary>Gets the columns and SQL types; inferred from the row type's properties when null.</summary>
    public IReadOnlyList<SchemaColumn>? Columns { get; init; }

    /// <summary>Gets the predicate for <see cref="WriteMode.ReplaceWhere"/>.</summary>
    public SqlFilter? ReplaceWhere { get; init; }

    /// <summary>
    /// Gets a volume directory (<c>/Volumes/&lt;catalog&gt;/&lt;schema&gt;/&lt;volume&gt;[/dir]</c>) where batches
    /// larger than <see cref="StagingThresholdBytes"/> are staged as files and loaded with <c>read_files</c>. Without
    /// it every batch travels as one bound parameter (statements are limited to 16 MiB).
    /// </summary>
    public string? StagingVolumePath { get; init; }

    /// <summary>Gets the serialized size above which a batch is staged instead of bound.</summary>
    /// <value>Default 4 MiB (see the write benchmark for the measured crossover).</value>
    public long StagingThresholdBytes { get; init; } = 4L * 1024 * 1024;
}

/// <summary>Options of <see cref="DeltaClient.VacuumAsync"/>.</summary>
public sealed record VacuumOptions
{
    /// <summary>Gets a value indicating whether only to list the files that would be deleted.</summary>
    /// <value>Default <see langword="true"/>: deleting files is opt-in.</value>
    public bool DryRun { get; init; } = true;

    /// <summary>Gets the retention in hours; the table's setting (7 days by default) when null.</summary>
    public double? RetentionHours { get; init; }

    /// <summary>
    /// Gets a value indicating whether a retention under 168 hours (7 days) may be sent. Shorter retention breaks
    /// time travel and concurrent readers, so it is refused unless set; the service may refuse it too.
    /// </summary>
    public bool AllowRetentionUnderSevenDays { get; init; }
}
