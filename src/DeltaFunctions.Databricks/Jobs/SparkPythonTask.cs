namespace DeltaFunctions.Databricks.Jobs;

/// <summary>A Spark Python task (<c>spark_python_task</c>).</summary>
public sealed record SparkPythonTask
{
    /// <summary>Gets the Python file to run: a workspace path, a Volume path or a cloud URI.</summary>
    public required string PythonFile { get; init; }

    /// <summary>Gets the command-line arguments of the file.</summary>
    public IReadOnlyList<string>? Parameters { get; init; }

    /// <summary>Gets where the file lives; WORKSPACE when absent.</summary>
    public TaskSource? Source { get; init; }
}
