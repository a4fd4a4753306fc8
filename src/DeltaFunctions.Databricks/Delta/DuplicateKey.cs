namespace DeltaFunctions.Databricks.Delta;

/// <summary>A merge key that more than one source row carries.</summary>
/// <param name="Key">The key columns and their values.</param>
/// <param name="Count">How many source rows carry the key.</param>
public sealed record DuplicateKey(IReadOnlyDictionary<string, object?> Key, long Count)
{
    /// <inheritdoc/>
    public override string ToString() =>
        "(" + string.Join(", ", Key.Select(k => $"{k.Key}={k.Value ?? "NULL"}")) + $") × {Count}";
}
