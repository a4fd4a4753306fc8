namespace DeltaFunctions.Databricks.Jobs;

/// <summary>
/// Named starting points for Azure job clusters. Each returns a <see cref="ClusterSpec"/> to refine with its
/// <c>With…</c> helpers. Node types are current-generation Azure VMs with local SSDs (the <c>ds_v5</c> family),
/// which Databricks uses for Delta caching.
/// </summary>
public static class ClusterPresets
{
    /// <summary>General-purpose node (4 vCPU, 16 GiB) of <see cref="Small"/>.</summary>
    public const string SmallNodeType = "Standard_D4ds_v5";

    /// <summary>Memory-optimized node (8 vCPU, 64 GiB) of <see cref="MemoryOptimized"/>.</summary>
    public const string MemoryOptimizedNodeType = "Standard_E8ds_v5";

    /// <summary>General-purpose node (8 vCPU, 32 GiB) of <see cref="Streaming"/>.</summary>
    public const string StreamingNodeType = "Standard_D8ds_v5";

    /// <summary>
    /// A small batch cluster: two <see cref="SmallNodeType"/> workers, spot nodes after an on-demand driver
    /// (batch jobs tolerate eviction; the driver does not).
    /// </summary>
    /// <param name="sparkVersion">The runtime version, for example <c>15.4.x-scala2.12</c>.</param>
    /// <returns>The spec.</returns>
    public static ClusterSpec Small(string sparkVersion) =>
        ClusterSpec.Fixed(sparkVersion, SmallNodeType, 2).WithSpotInstances(firstOnDemand: 1);

    /// <summary>
    /// A memory-optimized cluster for wide joins and large shuffles: <see cref="MemoryOptimizedNodeType"/> workers
    /// autoscaling from 2 to 8, on-demand nodes.
    /// </summary>
    /// <param name="sparkVersion">The runtime version.</param>
    /// <returns>The spec.</returns>
    public static ClusterSpec MemoryOptimized(string sparkVersion) =>
        ClusterSpec.Autoscaling(sparkVersion, MemoryOptimizedNodeType, 2, 8).WithOnDemandInstances();

    /// <summary>
    /// A cluster for Structured Streaming: a fixed two <see cref="StreamingNodeType"/> workers (classic autoscaling
    /// does not scale down streaming workloads well), all on demand (an evicted node restarts the stream), and the
    /// RocksDB state store so stateful queries keep state off the JVM heap.
    /// </summary>
    /// <param name="sparkVersion">The runtime version.</param>
    /// <returns>The spec.</returns>
    public static ClusterSpec Streaming(string sparkVersion) =>
        ClusterSpec.Fixed(sparkVersion, StreamingNodeType, 2)
            .WithOnDemandInstances()
            .WithSparkConf("spark.sql.streaming.stateStore.providerClass", "com.databricks.sql.streaming.state.RocksDBStateStoreProvider");
}
