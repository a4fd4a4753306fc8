namespace DeltaFunctions.Databricks.Delta;

/// <summary>Options of a <see cref="DeltaClient"/>.</summary>
public sealed record DeltaClientOptions
{
    /// <summary>
    /// The default <see cref="StagingThresholdBytes"/>: 64 KiB of row JSON, the measured crossover. How it was measured
    /// is in the doc of <see cref="StagingThresholdBytes"/>.
    /// </summary>
    public const long DefaultStagingThresholdBytes = 64L * 1024;

    /// <summary>Gets how in-memory rows are sent.</summary>
    /// <value>Default <see cref="SourceRowEncoding.JsonParameter"/>.</value>
    public SourceRowEncoding RowEncoding { get; init; } = SourceRowEncoding.JsonParameter;

    /// <summary>Gets the SQL warehouse the client's statements run on.</summary>
    /// <value>Default null: <see cref="DatabricksClientOptions.WarehouseId"/>.</value>
    public string? WarehouseId { get; init; }

    /// <summary>
    /// Gets the longest one statement may run; a statement still running then is cancelled and fails with
    /// <see cref="Sql.SqlStatementException"/> (error code <c>DEADLINE_EXCEEDED</c>). Not used by the start-and-poll
    /// operations (<see cref="DeltaClient.StartOptimizeAsync(string, OptimizeOptions, CancellationToken)"/>, <see cref="DeltaClient.StartVacuumAsync"/>), whose
    /// callers poll and cancel themselves.
    /// </summary>
    /// <value>Default null: a statement is waited for until the caller's token fires.</value>
    public TimeSpan? StatementTimeout { get; init; }

    /// <summary>
    /// Gets how many times a statement that lost a Delta concurrency conflict (SQLSTATE 2D521; it committed nothing)
    /// is run again, with exponential backoff and jitter from 100 ms, before the conflict is thrown. 0 turns it off.
    /// </summary>
    /// <value>Default <see cref="DeltaClient.MaxConflictRetries"/> (3); at most 10.</value>
    public int MaxConflictRetries { get; init; } = DeltaClient.MaxConflictRetries;

    /// <summary>
    /// Gets a volume directory (<c>/Volumes/&lt;catalog&gt;/&lt;schema&gt;/&lt;volume&gt;[/dir]</c>) where writes and
    /// merge sources larger than <see cref="StagingThresholdBytes"/> are staged as Parquet files under
    /// <c>_deltafunctions_staging/</c> and loaded with <c>read_files</c>; each file is deleted once its statement ends.
    /// Without it every batch travels inside the statement (which Databricks limits to 16 MiB).
    /// <see cref="WriteTableOptions.StagingVolumePath"/> overrides it for one write.
    /// </summary>
    public string? StagingVolumePath { get; init; }

    /// <summary>
    /// Gets the size of a batch, as the one-parameter JSON encoding (estimated from up to 100 rows), above which it is
    /// staged (when a staging volume is set) rather than bound.
    /// </summary>
    /// <value>Default <see cref="DefaultStagingThresholdBytes"/> (64 KiB).</value>
    /// <remarks>
    /// <para>
    /// Measured with <c>bench/DeltaFunctions.Benchmarks/Delta/StagingBenchmarks</c> (INSERT OVERWRITE of rows with
    /// BIGINT, DECIMAL(12,2), STRING, TIMESTAMP and DATE columns, end to end against the emulator over loopback,
    /// in-process, 5 iterations, mean; allocations include the in-process emulator's): one bound JSON parameter vs a
    /// staged Parquet file (upload, statement, delete).
    /// </para>
    /// <code>
    /// JSON size   rows     bound JSON   staged Parquet   ratio   allocated (bound / staged)
    ///   4 KiB         42     23.3 ms       26.4 ms        1.14       0.55 /   0.55 MiB
    ///  16 KiB        171     28.1 ms       27.7 ms        1.00       1.15 /   0.68 MiB
    ///  64 KiB        684     43.0 ms       28.9 ms        0.70       3.67 /   0.99 MiB
    /// 256 KiB      2,738    127.6 ms       36.1 ms        0.32      14.5  /   2.25 MiB
    ///   1 MiB     10,955    395.7 ms       43.1 ms        0.11      56.2  /   7.31 MiB
    ///   4 MiB     43,823    940.4 ms      162.2 ms        0.18     228    /  27.5  MiB
    ///  32 MiB    350,584  4,506.8 ms      709.1 ms        0.17    1836    / 212    MiB
    /// </code>
    /// <para>
    /// Re-measured 2026-12-06 (issue #17) after the client's row mapping, duplicate-key and decimal checks were cut,
    /// same benchmark, median of 4–5 iterations on a shared 2-core machine under heavy load (absolute times 4–8× the
    /// table above, the ordering unchanged): 4 KiB 167 / 189 ms, 16 KiB 110 / 217 ms, 64 KiB 224 / 148 ms, 256 KiB
    /// 574 / 219 ms, 1 MiB 1,156 / 311 ms, 4 MiB 1,617 / 503 ms (bound / staged). Both runs put the crossover between
    /// 16 and 64 KiB, so the default is 64 KiB, the smallest measured size at which staging won both times.
    /// </para>
    /// <para>
    /// Limits (reference §4.1, §5): a statement's text is at most 16 MiB (no separate limit on parameter values is
    /// documented, so a JSON parameter of several MiB is at the service's discretion); a Files API upload is at most
    /// 5 GiB. Over loopback the two extra Files API calls (PUT and DELETE) cost about a millisecond each; on a
    /// workspace each is a round trip to cloud storage, so raise the threshold for a workspace far from the caller;
    /// set no staging volume to always bind.
    /// </para>
    /// </remarks>
    public long StagingThresholdBytes { get; init; } = DefaultStagingThresholdBytes;

    /// <summary>
    /// Gets whether this client's mutating calls (write, merge, delete, update, OPTIMIZE, VACUUM without DRY RUN,
    /// RESTORE) are dry runs: true sends nothing and reports what would have been sent; false sends them even when
    /// <see cref="DatabricksClientOptions.DryRun"/> is on. Reads run either way. <see cref="WriteTableOptions.DryRun"/>
    /// and <see cref="MergeBuilder.WithDryRun"/> override it per call.
    /// </summary>
    /// <value>Null: <see cref="DatabricksClientOptions.DryRun"/> decides.</value>
    public bool? DryRun { get; init; }
}
