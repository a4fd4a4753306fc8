namespace DeltaFunctions.Databricks.Jobs;

/// <summary>The output of a SQL task (<c>sql_output</c>).</summary>
public sealed record SqlOutput
{
    /// <summary>Gets the output of a query task.</summary>
    public SqlQueryOutput? QueryOutput { get; init; }
}
