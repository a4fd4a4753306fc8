namespace DeltaFunctions.Databricks.Jobs;

/// <summary>A notebook task (<c>notebook_task</c>).</summary>
public sealed record NotebookTask
{
    /// <summary>Gets the absolute workspace path of the notebook, or a repository-relative path for Git sources.</summary>
    public required string NotebookPath { get; init; }

    /// <summary>Gets the widget values the notebook reads with <c>dbutils.widgets.get</c>.</summary>
    public IReadOnlyDictionary<string, string>? BaseParameters { get; init; }

    /// <summary>Gets where the notebook lives; WORKSPACE when absent.</summary>
    public TaskSource? Source { get; init; }

    /// <summary>Gets the SQL warehouse that runs a SQL notebook instead of a cluster.</summary>
    public string? WarehouseId { get; init; }
}
