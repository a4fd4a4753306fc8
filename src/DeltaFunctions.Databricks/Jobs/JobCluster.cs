namespace DeltaFunctions.Databricks.Jobs;

/// <summary>A cluster shared by the tasks of a job (<c>job_clusters[]</c>), referenced by <c>job_cluster_key</c>.</summary>
public sealed record JobCluster
{
    /// <summary>Gets the key tasks use to reference the cluster.</summary>
    public required string JobClusterKey { get; init; }

    /// <summary>Gets the cluster spec.</summary>
    public required ClusterSpec NewCluster { get; init; }
}
