using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks.Delta;

/// <summary>
/// A table's liquid clustering (Databricks SQL <c>CLUSTER BY</c>): 1 to <see cref="MaxColumns"/> columns,
/// <see cref="Auto"/> (Databricks chooses the keys; needs predictive optimization) or <see cref="None"/> (turns
/// clustering off; files already clustered keep their layout). Used by <see cref="DeltaClient.CreateTableAsync"/> and
/// <see cref="DeltaClient.SetClusteringAsync"/>. Clustering excludes partitioning and Z-ordering: OPTIMIZE of a clustered
/// table takes neither a WHERE nor ZORDER BY.
/// </summary>
public sealed record TableClustering
{
    /// <summary>The most clustering columns Databricks accepts.</summary>
    public const int MaxColumns = 4;

    private TableClustering(IReadOnlyList<string> columns, bool isAuto)
    {
        Columns = columns;
        IsAuto = isAuto;
    }

    /// <summary>Gets <c>CLUSTER BY AUTO</c>: Databricks picks and changes the keys from the table's query history.</summary>
    public static TableClustering Auto { get; } = new([], isAuto: true);

    /// <summary>Gets <c>CLUSTER BY NONE</c>: no clustering keys (only valid on ALTER; the table stays a clustered table).</summary>
    public static TableClustering None { get; } = new([], isAuto: false);

    /// <summary>Gets the clustering columns (raw names; empty for <see cref="Auto"/> and <see cref="None"/>).</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Gets a value indicating whether this is <see cref="Auto"/>.</summary>
    public bool IsAuto { get; }

    /// <summary>Clusters by columns: <c>CLUSTER BY (`c1`, `c2`)</c>.</summary>
    /// <param name="columns">1 to <see cref="MaxColumns"/> distinct column names (raw; quoted when rendered).</param>
    /// <returns>The clustering.</returns>
    /// <exception cref="ArgumentException">No column, more than <see cref="MaxColumns"/>, a repeated or invalid name.</exception>
    public static TableClustering By(params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Length is 0 or > MaxColumns)
        {
            throw new ArgumentException($"Liquid clustering takes 1 to {MaxColumns} columns; {columns.Length} were given. Use TableClustering.None to turn it off.", nameof(columns));
        }

        SqlIdentifier.ValidateDistinct(columns, nameof(columns));
        return new TableClustering([.. columns], isAuto: false);
    }

    /// <summary>Renders the clause: <c>CLUSTER BY (`c1`, …)</c>, <c>CLUSTER BY AUTO</c> or <c>CLUSTER BY NONE</c>.</summary>
    /// <returns>The SQL clause.</returns>
    public string ToSql() =>
        IsAuto ? "CLUSTER BY AUTO"
        : Columns.Count == 0 ? "CLUSTER BY NONE"
        : "CLUSTER BY (" + string.Join(", ", Columns.Select(SqlIdentifier.Quote)) + ")";

    /// <inheritdoc/>
    public bool Equals(TableClustering? other) =>
        other is not null && IsAuto == other.IsAuto && Columns.SequenceEqual(other.Columns, StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(IsAuto, Columns.Count);

    /// <inheritdoc/>
    public override string ToString() => ToSql();
}
