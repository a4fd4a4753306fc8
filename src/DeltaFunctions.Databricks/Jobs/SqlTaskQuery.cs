namespace DeltaFunctions.Databricks.Jobs;

/// <summary>The saved query of a SQL task (<c>sql_task.query</c>).</summary>
public sealed record SqlTaskQuery
{
    /// <summary>Gets the id of the saved query.</summary>
    public required string QueryId { get; init; }
}
