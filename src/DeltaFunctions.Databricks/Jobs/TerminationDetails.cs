namespace DeltaFunctions.Databricks.Jobs;

/// <summary>Why a run ended (<c>status.termination_details</c>).</summary>
public sealed record TerminationDetails
{
    /// <summary>Gets the termination code.</summary>
    public TerminationCode? Code { get; init; }

    /// <summary>Gets the termination category.</summary>
    public TerminationType? Type { get; init; }

    /// <summary>Gets a descriptive message.</summary>
    public string? Message { get; init; }
}
