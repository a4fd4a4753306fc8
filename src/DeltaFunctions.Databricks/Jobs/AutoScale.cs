namespace DeltaFunctions.Databricks.Jobs;

/// <summary>The worker range of an autoscaling cluster (<c>autoscale</c>).</summary>
public sealed record AutoScale
{
    /// <summary>Gets the fewest workers the cluster scales down to.</summary>
    public required int MinWorkers { get; init; }

    /// <summary>Gets the most workers the cluster scales up to.</summary>
    public required int MaxWorkers { get; init; }
}
