namespace DeltaFunctions.Databricks.Jobs;

/// <summary>A job parameter as a run resolved it (<c>job_parameters[]</c> of a run).</summary>
public sealed record RunParameter
{
    /// <summary>Gets the name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the job's default.</summary>
    public string? Default { get; init; }

    /// <summary>Gets the value the run used.</summary>
    public string? Value { get; init; }
}
