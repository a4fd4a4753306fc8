using System.Globalization;

namespace DeltaFunctions.Databricks.Delta;

/// <summary>
/// The <c>operationMetrics</c> of one commit (<c>DESCRIBE HISTORY</c>, reference §6.6), the well-known counts typed
/// as numbers. Which are present depends on the operation (WRITE: <c>numFiles</c>, <c>numOutputRows</c>,
/// <c>numOutputBytes</c>; MERGE: <c>numSourceRows</c>, <c>numTargetRowsInserted</c>/<c>Updated</c>/<c>Deleted</c>/<c>Copied</c>,
/// <c>numTargetFilesAdded</c>/<c>Removed</c>; DELETE/UPDATE/OPTIMIZE: <c>numAddedFiles</c>, <c>numRemovedFiles</c>, …);
/// an absent or non-numeric metric is null. Every metric, known or not, stays in <see cref="Values"/> as sent.
/// </summary>
public sealed record DeltaOperationMetrics
{
    /// <summary>No metrics.</summary>
    public static readonly DeltaOperationMetrics Empty = new(new Dictionary<string, string>(StringComparer.Ordinal));

    /// <summary>Creates the metrics from the map Databricks returns.</summary>
    /// <param name="values">The metrics by name, values as sent (Delta writes them as strings).</param>
    public DeltaOperationMetrics(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        Values = values;
    }

    /// <summary>Gets every metric by name, as sent (numbers as invariant-culture text).</summary>
    public IReadOnlyDictionary<string, string> Values { get; }

    /// <summary>Gets the rows the commit wrote (<c>numOutputRows</c>).</summary>
    public long? NumOutputRows => Number("numOutputRows");

    /// <summary>Gets the bytes the commit wrote (<c>numOutputBytes</c>).</summary>
    public long? NumOutputBytes => Number("numOutputBytes");

    /// <summary>Gets the files a WRITE added (<c>numFiles</c>).</summary>
    public long? NumFiles => Number("numFiles");

    /// <summary>Gets the source rows a MERGE read (<c>numSourceRows</c>).</summary>
    public long? NumSourceRows => Number("numSourceRows");

    /// <summary>Gets the target rows a MERGE inserted (<c>numTargetRowsInserted</c>).</summary>
    public long? NumTargetRowsInserted => Number("numTargetRowsInserted");

    /// <summary>Gets the target rows a MERGE updated (<c>numTargetRowsUpdated</c>).</summary>
    public long? NumTargetRowsUpdated => Number("numTargetRowsUpdated");

    /// <summary>Gets the target rows a MERGE deleted (<c>numTargetRowsDeleted</c>).</summary>
    public long? NumTargetRowsDeleted => Number("numTargetRowsDeleted");

    /// <summary>Gets the unchanged target rows a MERGE copied into rewritten files (<c>numTargetRowsCopied</c>).</summary>
    public long? NumTargetRowsCopied => Number("numTargetRowsCopied");

    /// <summary>Gets the files a MERGE added (<c>numTargetFilesAdded</c>).</summary>
    public long? NumTargetFilesAdded => Number("numTargetFilesAdded");

    /// <summary>Gets the files a MERGE removed (<c>numTargetFilesRemoved</c>).</summary>
    public long? NumTargetFilesRemoved => Number("numTargetFilesRemoved");

    /// <summary>Gets the files a DELETE, UPDATE or OPTIMIZE added (<c>numAddedFiles</c>).</summary>
    public long? NumAddedFiles => Number("numAddedFiles");

    /// <summary>Gets the files a DELETE, UPDATE, OPTIMIZE or RESTORE removed (<c>numRemovedFiles</c>).</summary>
    public long? NumRemovedFiles => Number("numRemovedFiles");

    /// <summary>Gets the bytes an OPTIMIZE (or a rewrite) added (<c>numAddedBytes</c>).</summary>
    public long? NumAddedBytes => Number("numAddedBytes");

    /// <summary>Gets the bytes an OPTIMIZE (or a rewrite) removed (<c>numRemovedBytes</c>).</summary>
    public long? NumRemovedBytes => Number("numRemovedBytes");

    /// <summary>Gets the rows a DELETE removed (<c>numDeletedRows</c>).</summary>
    public long? NumDeletedRows => Number("numDeletedRows");

    /// <summary>Gets the rows an UPDATE changed (<c>numUpdatedRows</c>).</summary>
    public long? NumUpdatedRows => Number("numUpdatedRows");

    /// <summary>Gets the unchanged rows a DELETE or UPDATE copied into rewritten files (<c>numCopiedRows</c>).</summary>
    public long? NumCopiedRows => Number("numCopiedRows");

    /// <summary>Gets the files a RESTORE added back (<c>numRestoredFiles</c>).</summary>
    public long? NumRestoredFiles => Number("numRestoredFiles");

    /// <summary>Gets the files a VACUUM START is about to delete (<c>numFilesToDelete</c>).</summary>
    public long? NumFilesToDelete => Number("numFilesToDelete");

    /// <summary>Gets the files a VACUUM END deleted (<c>numDeletedFiles</c>).</summary>
    public long? NumDeletedFiles => Number("numDeletedFiles");

    /// <summary>Gets how long the operation ran, in milliseconds (<c>executionTimeMs</c>).</summary>
    public long? ExecutionTimeMs => Number("executionTimeMs");

    /// <summary>Reads any metric as a number, for those not typed above.</summary>
    /// <param name="name">The metric name as Delta writes it, e.g. <c>numDeletionVectorsAdded</c>.</param>
    /// <returns>The value, or null when absent or not an integer.</returns>
    public long? Number(string name) =>
        Values.TryGetValue(name, out var text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>Reads the decoded <c>MAP&lt;STRING, STRING&gt;</c> column of a history row.</summary>
    internal static DeltaOperationMetrics From(object? map) => new(StringMap(map));

    /// <summary>Turns a decoded <c>MAP&lt;STRING, STRING&gt;</c> into string keys and values (null values dropped).</summary>
    internal static Dictionary<string, string> StringMap(object? map)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (map is System.Collections.IDictionary dictionary)
        {
            foreach (System.Collections.DictionaryEntry entry in dictionary)
            {
                if (entry.Value is { } value)
                {
                    values[Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!] = Convert.ToString(value, CultureInfo.InvariantCulture)!;
                }
            }
        }

        return values;
    }
}
