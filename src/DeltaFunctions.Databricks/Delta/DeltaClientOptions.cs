namespace DeltaFunctions.Databricks.Delta;

/// <summary>Options of a <see cref="DeltaClient"/>.</summary>
public sealed record DeltaClientOptions
{
    /// <summary>Gets how in-memory rows are sent.</summary>
    /// <value>Default <see cref="SourceRowEncoding.JsonParameter"/>.</value>
    public SourceRowEncoding RowEncoding { get; init; } = SourceRowEncoding.JsonParameter;
}
