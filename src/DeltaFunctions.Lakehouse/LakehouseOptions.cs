namespace DeltaFunctions.Lakehouse;

/// <summary>Settings of a <see cref="LakehouseEngine"/>.</summary>
public sealed class LakehouseOptions
{
    /// <summary>
    /// Gets the folder that holds every catalog: tables live under
    /// <c>&lt;DataDirectory&gt;/&lt;catalog&gt;/&lt;schema&gt;/&lt;table&gt;/</c>. Required.
    /// </summary>
    public required string DataDirectory { get; init; }

    /// <summary>Gets how many commits pass between Parquet checkpoints.</summary>
    /// <value>10, as Delta writers do by default.</value>
    public int CheckpointInterval { get; init; } = 10;

    /// <summary>
    /// Gets the number of rows after which a write starts a new data file, so large writes produce several
    /// files and OPTIMIZE has something to compact.
    /// </summary>
    /// <value>1,000,000 rows.</value>
    public long TargetRowsPerFile { get; init; } = 1_000_000;
}
