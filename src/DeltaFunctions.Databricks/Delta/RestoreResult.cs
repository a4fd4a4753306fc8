namespace DeltaFunctions.Databricks.Delta;

/// <summary>
/// The outcome of RESTORE: its output row (reference §6.6), typed. A value is null when the runtime did not report it.
/// </summary>
public sealed record RestoreResult : DeltaOperationResult
{
    /// <summary>Gets the table size in bytes after the restore (<c>table_size_after_restore</c>).</summary>
    public long? TableSizeAfterRestore { get; init; }

    /// <summary>Gets the number of files in the table after the restore (<c>num_of_files_after_restore</c>).</summary>
    public long? NumOfFilesAfterRestore { get; init; }

    /// <summary>Gets the number of files the restore removed from the table (<c>num_removed_files</c>).</summary>
    public long? NumRemovedFiles { get; init; }

    /// <summary>Gets the number of files the restore added back (<c>num_restored_files</c>).</summary>
    public long? NumRestoredFiles { get; init; }

    /// <summary>Gets the bytes of the removed files (<c>removed_files_size</c>).</summary>
    public long? RemovedFilesSize { get; init; }

    /// <summary>Gets the bytes of the restored files (<c>restored_files_size</c>).</summary>
    public long? RestoredFilesSize { get; init; }

    /// <summary>Gets the whole output row by column name, including columns not typed above.</summary>
    public IReadOnlyDictionary<string, object?> Metrics { get; init; } = new Dictionary<string, object?>();
}
