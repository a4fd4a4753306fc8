namespace DeltaFunctions.Databricks.Jobs;

/// <summary>A job-level parameter and its default (<c>parameters[]</c>).</summary>
public sealed record JobParameterDefinition
{
    /// <summary>Gets the parameter name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the default value.</summary>
    public required string Default { get; init; }
}
