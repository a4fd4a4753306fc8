namespace DeltaFunctions.Pipelines.Jobs;

/// <summary>A Python file task (Databricks <c>spark_python_task</c>).</summary>
public sealed record SparkPythonTaskDefinition
{
    /// <summary>The file's path or URI, e.g. <c>/Workspace/etl/job.py</c> or <c>dbfs:/jobs/job.py</c>.</summary>
    public required string PythonFile { get; init; }

    /// <summary>Command-line parameters.</summary>
    public IReadOnlyList<string>? Parameters { get; init; }
}
