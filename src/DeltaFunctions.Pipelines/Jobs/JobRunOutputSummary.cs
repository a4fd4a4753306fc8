namespace DeltaFunctions.Pipelines.Jobs;

/// <summary>The result of <see cref="JobRunActivityNames.GetRunOutput"/>.</summary>
public sealed record JobRunOutputSummary
{
    /// <summary>The value the notebook passed to <c>dbutils.notebook.exit</c> (Databricks keeps the first 5 MB).</summary>
    public string? NotebookOutput { get; init; }

    /// <summary>Whether Databricks truncated <see cref="NotebookOutput"/>.</summary>
    public bool? Truncated { get; init; }

    /// <summary>The run's error message, when it failed.</summary>
    public string? Error { get; init; }
}
