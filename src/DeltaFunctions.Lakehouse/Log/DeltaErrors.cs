namespace DeltaFunctions.Lakehouse.Log;

/// <summary>
/// Builds the Databricks-shaped <see cref="LakehouseException"/>s the storage layer throws. Error classes and
/// SQLSTATEs follow Delta's error-classes file (delta-io/delta spark/src/main/resources/error/delta-error-classes.json).
/// </summary>
internal static class DeltaErrors
{
    /// <summary>SQLSTATE of every optimistic-concurrency conflict (reference §6.9).</summary>
    public const string ConcurrencySqlState = "2D521";

    public static LakehouseException NotADeltaTable(string tablePath) =>
        new("DELTA_MISSING_DELTA_TABLE", "42P01", $"`{tablePath}` is not a Delta table.");

    public static LakehouseException VersionsNotContiguous(IEnumerable<long> versions) =>
        new("DELTA_VERSIONS_NOT_CONTIGUOUS", "KD00C",
            $"Versions ({string.Join(", ", versions)}) are not contiguous. A gap in the delta log between versions was detected while trying to load the table.");

    public static LakehouseException StateRecoverError(string what, long version) =>
        new("DELTA_STATE_RECOVER_ERROR", "XXKDS",
            $"The {what} of your Delta table could not be recovered while reconstructing version {version}. Did you manually delete files in the _delta_log directory?");

    public static LakehouseException InvalidProtocolVersion(int readerVersion, int writerVersion) =>
        new("DELTA_INVALID_PROTOCOL_VERSION", "KD004",
            $"Unsupported Delta protocol version: table requires reader version {readerVersion} and writer version {writerVersion}, but this engine supports reader versions 1-{TableFeatures.MaxReaderVersion} and writer versions 1-{TableFeatures.MaxWriterVersion}. Please upgrade to a newer release.");

    public static LakehouseException UnsupportedFeaturesForRead(IEnumerable<string> features) =>
        new("DELTA_UNSUPPORTED_FEATURES_FOR_READ", "56038",
            $"Unsupported Delta read feature: table requires reader table feature(s) that are unsupported by this engine: {string.Join(", ", features)}.");

    public static LakehouseException UnsupportedFeaturesForWrite(IEnumerable<string> features) =>
        new("DELTA_UNSUPPORTED_FEATURES_FOR_WRITE", "56038",
            $"Unsupported Delta write feature: table requires writer table feature(s) that are unsupported by this engine: {string.Join(", ", features)}.");

    public static LakehouseException VersionNotFound(long version, long earliest, long latest) =>
        new("DELTA_VERSION_NOT_FOUND", "22003",
            $"Cannot time travel Delta table to version {version}. Available versions: [{earliest}, {latest}].");

    public static LakehouseException TimestampAfterLatestCommit(DateTimeOffset requested, DateTimeOffset latest) =>
        new("DELTA_TIMESTAMP_GREATER_THAN_COMMIT", "42816",
            $"The provided timestamp ({Format(requested)}) is after the latest version available to this table ({Format(latest)}). Please use a timestamp before or at {Format(latest)}.");

    public static LakehouseException TimestampBeforeEarliestCommit(DateTimeOffset requested, DateTimeOffset earliest) =>
        new("DELTA_TIMESTAMP_EARLIER_THAN_COMMIT_RETENTION", "42816",
            $"The provided timestamp ({Format(requested)}) is before the earliest version available to this table ({Format(earliest)}). Please use a timestamp after {Format(earliest)}.");

    public static LakehouseException FileNotFound(string path, long version) =>
        new("DELTA_FILE_NOT_FOUND_DETAILED", "42K03",
            $"File {path} referenced in the transaction log of version {version} cannot be found. This occurs when data has been manually deleted from the file system rather than using the table `DELETE` statement.");

    public static LakehouseException CorruptDeletionVector(string detail) =>
        new("DELTA_DELETION_VECTOR_CHECKSUM_MISMATCH", "XXKDS", $"Could not verify deletion vector integrity: {detail}.");

    public static LakehouseException NotNullViolation(string column) =>
        new("DELTA_NOT_NULL_CONSTRAINT_VIOLATED", "23502", $"NOT NULL constraint violated for column: {column}.");

    public static LakehouseException ConcurrentAppend(string operation, long version) =>
        new("DELTA_CONCURRENT_APPEND", ConcurrencySqlState,
            $"Transaction conflict detected. A concurrent {operation} added data to the table that this transaction read, committed at version {version}. Please try the operation again.");

    public static LakehouseException ConcurrentDeleteRead(string operation, long version, string file) =>
        new("DELTA_CONCURRENT_DELETE_READ", ConcurrencySqlState,
            $"Transaction conflict detected. A concurrent {operation} deleted the file {file} that this transaction read, committed at version {version}. Please try the operation again.");

    public static LakehouseException ConcurrentDeleteDelete(string operation, long version, string file) =>
        new("DELTA_CONCURRENT_DELETE_DELETE", ConcurrencySqlState,
            $"Transaction conflict detected. A concurrent {operation} deleted the file {file} that this transaction also deletes, committed at version {version}. Please try the operation again.");

    public static LakehouseException MetadataChanged(string operation, long version) =>
        new("DELTA_METADATA_CHANGED", ConcurrencySqlState,
            $"Transaction conflict detected. The metadata of the Delta table has been changed by a concurrent {operation}, committed at version {version}. Please try the operation again.");

    public static LakehouseException ProtocolChanged(string operation, long version) =>
        new("DELTA_PROTOCOL_CHANGED", ConcurrencySqlState,
            $"Transaction conflict detected. The protocol version of the Delta table has been changed by a concurrent {operation}, committed at version {version}. Please try the operation again.");

    public static LakehouseException ConcurrentTransaction(string appId, long version) =>
        new("DELTA_CONCURRENT_TRANSACTION", ConcurrencySqlState,
            $"Transaction conflict detected. A concurrent transaction with application id '{appId}' committed at version {version}. Please try the operation again.");

    public static LakehouseException TableAlreadyExists(string tablePath) =>
        new("DELTA_TABLE_ALREADY_EXISTS", "42P07", $"Table `{tablePath}` already exists.");

    public static LakehouseException UnsupportedDataType(string type) =>
        new("UNSUPPORTED_DATATYPE", "0A000", $"Unsupported data type \"{type}\".");

    public static LakehouseException InvalidTypeText(string text, string detail) =>
        new("PARSE_SYNTAX_ERROR", "42601", $"Syntax error in data type '{text}': {detail}.");

    private static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture);
}
