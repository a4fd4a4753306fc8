namespace DeltaFunctions.Pipelines.Jobs;

/// <summary>A notebook task (Databricks <c>notebook_task</c>).</summary>
public sealed record NotebookTaskDefinition
{
    /// <summary>The notebook's absolute workspace path, e.g. <c>/Workspace/etl/load</c>.</summary>
    public required string NotebookPath { get; init; }

    /// <summary>Widget values (<c>base_parameters</c>), read with <c>dbutils.widgets.get</c>.</summary>
    public IReadOnlyDictionary<string, string>? BaseParameters { get; init; }
}
