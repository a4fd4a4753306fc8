namespace DeltaFunctions.Databricks.Jobs;

/// <summary>A SQL task (<c>sql_task</c>) run on a SQL warehouse: exactly one of query, file, alert or dashboard.</summary>
public sealed record SqlTask
{
    /// <summary>Gets the SQL warehouse that runs the task.</summary>
    public required string WarehouseId { get; init; }

    /// <summary>Gets the named parameters of the query or file.</summary>
    public IReadOnlyDictionary<string, string>? Parameters { get; init; }

    /// <summary>Gets the saved query to run.</summary>
    public SqlTaskQuery? Query { get; init; }

    /// <summary>Gets the SQL file to run.</summary>
    public SqlTaskFile? File { get; init; }

    /// <summary>Gets the alert to evaluate.</summary>
    public SqlTaskAlert? Alert { get; init; }

    /// <summary>Gets the dashboard to refresh.</summary>
    public SqlTaskDashboard? Dashboard { get; init; }
}
