namespace DeltaFunctions.Databricks.Jobs;

/// <summary>The output of a notebook task (<c>notebook_output</c>).</summary>
public sealed record NotebookOutput
{
    /// <summary>Gets the value passed to <c>dbutils.notebook.exit()</c> (first 5 MB); null if exit was not called.</summary>
    public string? Result { get; init; }

    /// <summary>Gets whether <see cref="Result"/> was cut at 5 MB.</summary>
    public bool? Truncated { get; init; }
}
