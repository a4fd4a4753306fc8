namespace DeltaFunctions.Databricks.Jobs;

/// <summary>How an Azure cluster buys its nodes (<c>azure_attributes</c>).</summary>
public sealed record AzureAttributes
{
    /// <summary>Gets the availability of nodes after the first <see cref="FirstOnDemand"/>.</summary>
    public AzureAvailability? Availability { get; init; }

    /// <summary>Gets how many nodes, the driver first, are bought on demand whatever the availability.</summary>
    public int? FirstOnDemand { get; init; }

    /// <summary>Gets the highest spot price; -1 means up to the on-demand price.</summary>
    public double? SpotBidMaxPrice { get; init; }
}
