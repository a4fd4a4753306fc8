namespace DeltaFunctions.Databricks.Jobs;

/// <summary>The cluster a run used (<c>cluster_instance</c>).</summary>
public sealed record ClusterInstance
{
    /// <summary>Gets the cluster id.</summary>
    public string? ClusterId { get; init; }

    /// <summary>Gets the Spark context id.</summary>
    public string? SparkContextId { get; init; }
}
