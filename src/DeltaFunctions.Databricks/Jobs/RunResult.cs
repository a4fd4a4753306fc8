namespace DeltaFunctions.Databricks.Jobs;

/// <summary>A finished run as <see cref="JobsClient.WaitForCompletionAsync"/> returns it.</summary>
public sealed record RunResult
{
    /// <summary>Gets the terminal run.</summary>
    public required Run Run { get; init; }

    /// <summary>Gets the outcome: SUCCESS, FAILED, TIMEDOUT, CANCELED, …</summary>
    public required RunResultState ResultState { get; init; }

    /// <summary>Gets the URL of the run's page in the workspace.</summary>
    public string? RunPageUrl => Run.RunPageUrl;

    /// <summary>Gets the state message Databricks gave.</summary>
    public string? StateMessage => Run.Status?.TerminationDetails?.Message ?? Run.State?.StateMessage;

    /// <summary>Gets whether the outcome counts as success.</summary>
    public bool IsSuccess => ResultState.IsSuccess;
}
