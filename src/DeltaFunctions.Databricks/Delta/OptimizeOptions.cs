using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks.Delta;

/// <summary>
/// Options of <see cref="DeltaClient.OptimizeAsync(string, OptimizeOptions, CancellationToken)"/>:
/// <c>OPTIMIZE t [FULL] [WHERE …] [ZORDER BY (…)]</c>. On a liquid-clustered table OPTIMIZE clusters by the table's
/// keys and takes neither <see cref="Where"/> nor <see cref="ZOrderBy"/> (Databricks answers
/// <c>DELTA_CLUSTERING_WITH_PARTITION_PREDICATE</c> / <c>DELTA_CLUSTERING_WITH_ZORDER_BY</c>).
/// </summary>
public sealed record OptimizeOptions
{
    /// <summary>Gets a predicate on partition columns limiting the files compacted, or null for the whole table.</summary>
    public SqlFilter? Where { get; init; }

    /// <summary>Gets the columns to Z-order by (raw names), or null. Not for clustered tables.</summary>
    public IReadOnlyList<string>? ZOrderBy { get; init; }

    /// <summary>
    /// Gets a value indicating whether to recluster every file, also those already clustered (<c>OPTIMIZE … FULL</c>,
    /// Databricks Runtime 16.0+; only for tables with clustering columns, for example after changing them). Cannot be
    /// combined with <see cref="Where"/> or <see cref="ZOrderBy"/>. <value>Default: false.</value>
    /// </summary>
    public bool Full { get; init; }
}
