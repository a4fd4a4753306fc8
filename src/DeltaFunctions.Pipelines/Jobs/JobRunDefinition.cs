namespace DeltaFunctions.Pipelines.Jobs;

/// <summary>A one-time run (the body of Databricks <c>POST /api/2.2/jobs/runs/submit</c>, reduced to what requests need).</summary>
public sealed record JobRunDefinition
{
    /// <summary>The run's name. <value>Default: Databricks names it "Untitled".</value></summary>
    public string? RunName { get; init; }

    /// <summary>The tasks, 1 to 100, with unique task keys.</summary>
    public required IReadOnlyList<JobTaskDefinition> Tasks { get; init; }
}
