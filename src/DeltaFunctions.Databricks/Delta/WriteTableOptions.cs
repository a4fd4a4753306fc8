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
    /// Gets a volume directory (<c>/Volumes/&lt;catalog&gt;/&lt;schema&gt;/&lt;volume&gt;[/dir]</c>) where a batch larger
    /// than the staging threshold is staged as a Parquet file and loaded with <c>read_files</c>; null uses
    /// <see cref="DeltaClientOptions.StagingVolumePath"/>. Without either every batch travels as one bound parameter
    /// (statements are limited to 16 MiB).
    /// </summary>
    public string? StagingVolumePath { get; init; }

    /// <summary>Gets the serialized size above which a batch is staged instead of bound; null uses <see cref="DeltaClientOptions.StagingThresholdBytes"/>.</summary>
    public long? StagingThresholdBytes { get; init; }

    /// <summary>
    /// Gets whether this write is a dry run: true sends nothing (no upload, no statement) and returns a
    /// <see cref="DeltaWriteResult"/> whose <see cref="DeltaOperationResult.DryRunRequests"/> hold what would have been sent;
    /// false writes even when the client is in dry-run mode.
    /// </summary>
    /// <value>Null: <see cref="DeltaClientOptions.DryRun"/>, then <see cref="DatabricksClientOptions.DryRun"/>, decides.</value>
    public bool? DryRun { get; init; }
}
