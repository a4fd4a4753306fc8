namespace DeltaFunctions.Databricks.Delta;

/// <summary>
/// The MERGE source holds several rows with the same key, which Databricks refuses with
/// <c>DELTA_MULTIPLE_SOURCE_ROW_MATCHING_TARGET_ROW_IN_MERGE</c>; found by the preflight before anything ran.
/// </summary>
public sealed class DuplicateSourceKeysException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public DuplicateSourceKeysException()
        : this([])
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public DuplicateSourceKeysException(string message)
        : base(message)
    {
        Keys = [];
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public DuplicateSourceKeysException(string message, Exception innerException)
        : base(message, innerException)
    {
        Keys = [];
    }

    /// <summary>Creates the exception for the duplicated keys found.</summary>
    /// <param name="keys">The duplicated keys (at most the first few).</param>
    public DuplicateSourceKeysException(IReadOnlyList<DuplicateKey> keys)
        : base(Describe(keys))
    {
        Keys = keys;
    }

    /// <summary>Gets the duplicated keys and how many source rows carry each.</summary>
    public IReadOnlyList<DuplicateKey> Keys { get; }

    private static string Describe(IReadOnlyList<DuplicateKey> keys) =>
        $"The merge source has {keys.Count} key(s) carried by more than one row, so a target row would match several source rows; deduplicate the source. Keys: "
        + string.Join("; ", keys.Take(10));
}
