namespace DeltaFunctions.Databricks.Jobs;

/// <summary>One entry of a task's <c>depends_on</c>: the task that must finish first.</summary>
public sealed record TaskDependency
{
    /// <summary>Gets the key of the task depended on.</summary>
    public required string TaskKey { get; init; }

    /// <summary>Gets the condition task outcome (<c>"true"</c>/<c>"false"</c>) this dependency requires, if any.</summary>
    public string? Outcome { get; init; }
}
