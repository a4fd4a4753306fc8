namespace DeltaFunctions.Databricks.Jobs;

/// <summary>The SQL file of a SQL task (<c>sql_task.file</c>).</summary>
public sealed record SqlTaskFile
{
    /// <summary>Gets the path of the <c>.sql</c> file: absolute for workspace files, relative for Git sources.</summary>
    public required string Path { get; init; }

    /// <summary>Gets where the file lives; WORKSPACE when absent.</summary>
    public TaskSource? Source { get; init; }
}
