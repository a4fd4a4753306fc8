namespace DeltaFunctions.Pipelines.Jobs;

/// <summary>A SQL file run on a warehouse (Databricks <c>sql_task</c> with <c>file</c>).</summary>
public sealed record SqlFileTaskDefinition
{
    /// <summary>The SQL warehouse id.</summary>
    public required string WarehouseId { get; init; }

    /// <summary>The SQL file's workspace path.</summary>
    public required string Path { get; init; }

    /// <summary>Values for the file's parameters.</summary>
    public IReadOnlyDictionary<string, string>? Parameters { get; init; }
}
