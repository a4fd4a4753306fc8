using System.Text.Json;

namespace DeltaFunctions.Pipelines.Jobs;

/// <summary>
/// One task of a <see cref="JobRunDefinition"/>. Exactly one task type is set (<see cref="NotebookTask"/>,
/// <see cref="SparkPythonTask"/> or <see cref="SqlFileTask"/>); compute is at most one of
/// <see cref="ExistingClusterId"/>, <see cref="NewCluster"/> or <see cref="EnvironmentKey"/>, none meaning serverless.
/// </summary>
public sealed record JobTaskDefinition
{
    /// <summary>The task key, unique in the run: 1–100 letters, digits, <c>-</c> or <c>_</c>.</summary>
    public required string TaskKey { get; init; }

    /// <summary>Keys of tasks in the same run this task waits for.</summary>
    public IReadOnlyList<string>? DependsOn { get; init; }

    /// <summary>An existing all-purpose cluster to run on.</summary>
    public string? ExistingClusterId { get; init; }

    /// <summary>A new job cluster specification, passed through as Databricks' <c>new_cluster</c> object.</summary>
    public JsonElement? NewCluster { get; init; }

    /// <summary>A serverless environment key.</summary>
    public string? EnvironmentKey { get; init; }

    /// <summary>Run a notebook.</summary>
    public NotebookTaskDefinition? NotebookTask { get; init; }

    /// <summary>Run a Python file.</summary>
    public SparkPythonTaskDefinition? SparkPythonTask { get; init; }

    /// <summary>Run a SQL file on a warehouse.</summary>
    public SqlFileTaskDefinition? SqlFileTask { get; init; }

    /// <summary>A Databricks-side timeout for the task in seconds (0 or absent: none).</summary>
    public int? TimeoutSeconds { get; init; }
}
