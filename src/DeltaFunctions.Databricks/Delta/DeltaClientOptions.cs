namespace DeltaFunctions.Databricks.Delta;

/// <summary>Options of a <see cref="DeltaClient"/>.</summary>
public sealed record DeltaClientOptions
{
    /// <summary>
    /// The default <see cref="StagingThresholdBytes"/>: 4 MiB of row JSON. Measured figures are in the doc of
    /// <see cref="StagingThresholdBytes"/>.
    /// </summary>
    public const long DefaultStagingThresholdBytes = 4L * 1024 * 1024;

    /// <summary>Gets how in-memory rows are sent.</summary>
    /// <value>Default <see cref="SourceRowEncoding.JsonParameter"/>.</value>
    public SourceRowEncoding RowEncoding { get; init; } = SourceRowEncoding.JsonParameter;

    /// <summary>
    /// Gets a volume directory (<c>/Volumes/&lt;catalog&gt;/&lt;schema&gt;/&lt;volume&gt;[/dir]</c>) where writes and
    /// merge sources larger than <see cref="StagingThresholdBytes"/> are staged as Parquet files under
    /// <c>_deltafunctions_staging/</c> and loaded with <c>read_files</c>; each file is deleted once its statement ends.
    /// Without it every batch travels inside the statement (which Databricks limits to 16 MiB).
    /// <see cref="WriteTableOptions.StagingVolumePath"/> overrides it for one write.
    /// </summary>
    public string? StagingVolumePath { get; init; }

    /// <summary>
    /// Gets the size of a batch, as the one-parameter JSON encoding, above which it is staged (when a staging volume
    /// is set) rather than bound.
    /// </summary>
    /// <value>Default <see cref="DefaultStagingThresholdBytes"/>.</value>
    public long StagingThresholdBytes { get; init; } = DefaultStagingThresholdBytes;
}
