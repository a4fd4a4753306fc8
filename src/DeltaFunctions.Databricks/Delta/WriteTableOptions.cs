using DeltaFunctions.Databricks.Schema;
using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks.Delta;

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
