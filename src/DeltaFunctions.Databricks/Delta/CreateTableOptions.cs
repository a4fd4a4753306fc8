namespace DeltaFunctions.Databricks.Delta;

/// <summary>Options of <see cref="DeltaClient.CreateTableAsync"/>.</summary>
public sealed record CreateTableOptions
{
    /// <summary>Gets a value indicating whether an existing table is left as it is (<c>IF NOT EXISTS</c>). <value>Default: false (an existing table is an error).</value></summary>
    public bool IfNotExists { get; init; }

    /// <summary>
    /// Gets the liquid clustering (<c>CLUSTER BY (…)</c> or <c>CLUSTER BY AUTO</c>), or null for none. Cannot be combined
    /// with <see cref="PartitionBy"/>; <see cref="TableClustering.None"/> is only for <see cref="DeltaClient.SetClusteringAsync"/>.
    /// </summary>
    public TableClustering? Clustering { get; init; }

    /// <summary>Gets the partition columns (<c>PARTITIONED BY (…)</c>, raw names), or null. Databricks recommends clustering instead.</summary>
    public IReadOnlyList<string>? PartitionBy { get; init; }
}
