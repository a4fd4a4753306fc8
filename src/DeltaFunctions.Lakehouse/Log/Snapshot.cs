using DuckDB.NET.Data;

namespace DeltaFunctions.Lakehouse.Log;

/// <summary>
/// The state of a Delta table at one version: protocol, metadata, live files, tombstones and application
/// transactions. Immutable; create through <see cref="DeltaLog.GetSnapshot"/> or <see cref="DeltaLog.GetSnapshotAsOf"/>.
/// </summary>
internal sealed class Snapshot
{
    /// <summary>The name of the optional hidden column that carries each row's <see cref="AddFile.Path"/>.</summary>
    public const string FileColumn = "__delta_file";

    private readonly Lazy<DateTimeOffset> _timestamp;

    internal Snapshot(
        DeltaLog log,
        long version,
        Func<DateTimeOffset> timestamp,
        ProtocolAction protocol,
        MetadataAction metadata,
        IReadOnlyList<AddFile> files,
        IReadOnlyList<RemoveFile> tombstones,
        IReadOnlyDictionary<string, SetTransaction> transactions,
        IReadOnlyDictionary<string, DomainMetadataAction>? domains = null)
    {
        DomainMetadata = domains ?? new Dictionary<string, DomainMetadataAction>();
        Log = log;
        Version = version;
        _timestamp = new Lazy<DateTimeOffset>(timestamp);
        Protocol = protocol;
        Metadata = metadata;
        Files = files;
        Tombstones = tombstones;
        Transactions = transactions;
    }

    /// <summary>Gets the log this snapshot was read from.</summary>
    public DeltaLog Log { get; }

    /// <summary>Gets the table version.</summary>
    public long Version { get; }

    /// <summary>Gets the commit timestamp of <see cref="Version"/> (computed on first use: it reads the log's commit times).</summary>
    public DateTimeOffset Timestamp => _timestamp.Value;

    /// <summary>Gets the protocol.</summary>
    public ProtocolAction Protocol { get; }

    /// <summary>Gets the metadata (schema, partition columns, properties).</summary>
    public MetadataAction Metadata { get; }

    /// <summary>Gets the table schema (logical names, partition columns included).</summary>
    public StructType Schema => Metadata.Schema;

    /// <summary>Gets the live data files.</summary>
    public IReadOnlyList<AddFile> Files { get; }

    /// <summary>Gets the tombstones still in the state (for checkpoints and VACUUM).</summary>
    public IReadOnlyList<RemoveFile> Tombstones { get; }

    /// <summary>Gets the latest application transaction version per app id (<c>txn</c> actions).</summary>
    public IReadOnlyDictionary<string, SetTransaction> Transactions { get; }

    /// <summary>Gets the live domain metadata by domain (kept in checkpoints so writers preserve it).</summary>
    public IReadOnlyDictionary<string, DomainMetadataAction> DomainMetadata { get; }

    /// <summary>Gets the total size of the live files in bytes.</summary>
    public long SizeInBytes => Files.Sum(f => f.Size);

    /// <summary>
    /// Prepares a read of the table on a DuckDB connection and returns a parenthesized relation expression
    /// (usable as <c>SELECT … FROM &lt;relation&gt; AS t</c>) that yields the table's logical columns in schema
    /// order, with logical names and exact types: partition columns filled from the log's partition values,
    /// rows deleted by deletion vectors removed, column mapping (name or id) resolved to physical columns, and
    /// columns written before a type change or schema evolution cast or filled with NULL.
    /// </summary>
    /// <param name="connection">
    /// An open connection. The scan registers temporary tables named <c>__delta_scan_*</c> on it (they live
    /// until the connection closes) and sets the session time zone to UTC, as Databricks sessions default to.
    /// </param>
    /// <param name="includeFileColumn">
    /// When true, appends the hidden column <see cref="FileColumn"/> holding the row's <see cref="AddFile.Path"/>
    /// exactly as the log has it, for copy-on-write rewrites.
    /// </param>
    /// <param name="files">Restricts the scan to these live files (file pruning); all files when null.</param>
    /// <returns>The relation SQL.</returns>
    /// <exception cref="LakehouseException"><c>DELTA_FILE_NOT_FOUND_DETAILED</c> when a data file is missing.</exception>
    public string CreateScan(DuckDBConnection connection, bool includeFileColumn = false, IReadOnlyCollection<AddFile>? files = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return new DeltaScanBuilder(this, connection).Build(files ?? Files, includeFileColumn);
    }

    /// <summary>
    /// Builds the DuckDB relation that reads every live row of the snapshot (as <see cref="CreateScan(DuckDBConnection, bool, IReadOnlyCollection{AddFile})"/>
    /// without the file column) and tells what its column types depend on besides its text.
    /// </summary>
    /// <param name="connection">An open connection (see the other overload).</param>
    /// <param name="typeKey">
    /// The data files' lengths and write times, hashed: with the relation's text it determines the relation's column
    /// types; null when the relation reads temporary tables of its own, so nothing beyond the statement may rely on them.
    /// </param>
    /// <returns>The relation SQL.</returns>
    /// <exception cref="LakehouseException"><c>DELTA_FILE_NOT_FOUND_DETAILED</c> when a data file is missing.</exception>
    internal string CreateScan(DuckDBConnection connection, out string? typeKey)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var builder = new DeltaScanBuilder(this, connection);
        var scan = builder.Build(Files, includeFileColumn: false);
        typeKey = builder.TypeKey;
        return scan;
    }

    /// <summary>Gets the number of rows according to file statistics and deletion-vector cardinalities, if every file has stats.</summary>
    public long? StatsRowCount()
    {
        long total = 0;
        foreach (var f in Files)
        {
            if (f.NumRecords is not { } n)
            {
                return null;
            }

            total += n - (f.DeletionVector?.Cardinality ?? 0);
        }

        return total;
    }
}
