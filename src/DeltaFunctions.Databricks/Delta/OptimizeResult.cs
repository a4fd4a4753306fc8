namespace DeltaFunctions.Databricks.Delta;

/// <summary>The outcome of OPTIMIZE.</summary>
/// <param name="Path">The table location.</param>
/// <param name="Metrics">The metrics struct (numFilesAdded, numFilesRemoved, …).</param>
public sealed partial record OptimizeResult(string? Path, IReadOnlyDictionary<string, object?> Metrics)
{
    /// <summary>Gets the number of files written.</summary>
    public long? NumFilesAdded => Metrics.TryGetValue("numFilesAdded", out var v) && v is not null ? Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>Gets the number of files removed.</summary>
    public long? NumFilesRemoved => Metrics.TryGetValue("numFilesRemoved", out var v) && v is not null ? Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) : null;
}
