namespace DeltaFunctions.Databricks.Jobs;

/// <summary>The output of a SQL query task (<c>sql_output.query_output</c>).</summary>
public sealed record SqlQueryOutput
{
    /// <summary>Gets the query text that ran.</summary>
    public string? QueryText { get; init; }

    /// <summary>Gets a link to the query's results.</summary>
    public string? OutputLink { get; init; }

    /// <summary>Gets the warehouse that ran the query.</summary>
    public string? WarehouseId { get; init; }
}
