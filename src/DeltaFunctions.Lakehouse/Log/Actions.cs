using System.Text.Json.Nodes;

namespace DeltaFunctions.Lakehouse.Log;

/// <summary>The <c>protocol</c> action: reader/writer versions and table features.</summary>
/// <param name="MinReaderVersion">The minimum reader version.</param>
/// <param name="MinWriterVersion">The minimum writer version.</param>
/// <param name="ReaderFeatures">Reader features (reader version 3 only).</param>
/// <param name="WriterFeatures">Writer features (writer version 7 only).</param>
internal sealed record ProtocolAction(
    int MinReaderVersion,
    int MinWriterVersion,
    IReadOnlyList<string>? ReaderFeatures = null,
    IReadOnlyList<string>? WriterFeatures = null)
{
    /// <inheritdoc />
    public bool Equals(ProtocolAction? other) =>
        other is not null && MinReaderVersion == other.MinReaderVersion && MinWriterVersion == other.MinWriterVersion
        && (ReaderFeatures ?? []).Order(StringComparer.Ordinal).SequenceEqual((other.ReaderFeatures ?? []).Order(StringComparer.Ordinal))
        && (WriterFeatures ?? []).Order(StringComparer.Ordinal).SequenceEqual((other.WriterFeatures ?? []).Order(StringComparer.Ordinal));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(MinReaderVersion, MinWriterVersion);
}

/// <summary>The <c>metaData</c> action.</summary>
internal sealed record MetadataAction
{
    private (string Text, StructType Schema)? _schemaCache;

    /// <summary>Gets the table id (a GUID).</summary>
    public required string Id { get; init; }

    /// <summary>Gets the user-facing table name, if any.</summary>
    public string? Name { get; init; }

    /// <summary>Gets the table comment, if any.</summary>
    public string? Description { get; init; }

    /// <summary>Gets the data file format provider (always <c>parquet</c>).</summary>
    public string FormatProvider { get; init; } = "parquet";

    /// <summary>Gets the data file format options.</summary>
    public IReadOnlyDictionary<string, string> FormatOptions { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the schema as JSON text.</summary>
    public required string SchemaString { get; init; }

    /// <summary>Gets the parsed schema (partition columns included, logical names).</summary>
    public StructType Schema
    {
        get
        {
            if (_schemaCache is { } cached && ReferenceEquals(cached.Text, SchemaString))
            {
                return cached.Schema;
            }

            var schema = StructType.Parse(SchemaString);
            _schemaCache = (SchemaString, schema);
            return schema;
        }
    }

    /// <summary>Gets the partition column names.</summary>
    public IReadOnlyList<string> PartitionColumns { get; init; } = [];

    /// <summary>Gets the table properties (<c>delta.*</c> and user properties).</summary>
    public IReadOnlyDictionary<string, string> Configuration { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the creation time in milliseconds since the epoch, if recorded.</summary>
    public long? CreatedTime { get; init; }

    /// <summary>Gets a property value or null.</summary>
    public string? GetConfiguration(string key) =>
        Configuration.TryGetValue(key, out var v) ? v
        : Configuration.FirstOrDefault(kv => string.Equals(kv.Key, key, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>Gets the column-mapping mode: <c>none</c>, <c>name</c> or <c>id</c>.</summary>
    public string ColumnMappingMode => GetConfiguration("delta.columnMapping.mode")?.ToLowerInvariant() ?? "none";

    /// <summary>Creates metadata for a new table with a fresh id.</summary>
    /// <param name="schema">The schema.</param>
    /// <param name="partitionColumns">The partition columns.</param>
    /// <param name="configuration">The table properties.</param>
    /// <param name="createdTime">The creation time.</param>
    /// <param name="description">The table comment.</param>
    /// <returns>The metadata.</returns>
    public static MetadataAction Create(
        StructType schema,
        IReadOnlyList<string>? partitionColumns,
        IReadOnlyDictionary<string, string>? configuration,
        DateTimeOffset createdTime,
        string? description = null) => new()
        {
            Id = Guid.NewGuid().ToString(),
            SchemaString = schema.ToSchemaString(),
            PartitionColumns = partitionColumns ?? [],
            Configuration = configuration ?? new Dictionary<string, string>(),
            CreatedTime = createdTime.ToUnixTimeMilliseconds(),
            Description = description,
        };

    /// <summary>Returns a copy with another schema.</summary>
    public MetadataAction WithSchema(StructType schema) => this with { SchemaString = schema.ToSchemaString() };
}

/// <summary>A deletion vector descriptor (PROTOCOL.md, "Deletion Vector Descriptor Schema").</summary>
/// <param name="StorageType"><c>u</c> (UUID-relative file), <c>p</c> (absolute path) or <c>i</c> (inline).</param>
/// <param name="PathOrInlineDv">The encoded location or the Z85 inline bitmap.</param>
/// <param name="Offset">The byte offset in the DV file (absent for inline).</param>
/// <param name="SizeInBytes">The size of the serialized bitmap.</param>
/// <param name="Cardinality">The number of deleted rows.</param>
internal sealed record DeletionVectorDescriptor(string StorageType, string PathOrInlineDv, int? Offset, int SizeInBytes, long Cardinality)
{
    /// <summary>Gets the unique id used in the (path, dv) file key.</summary>
    public string UniqueId => Offset is { } o ? $"{StorageType}{PathOrInlineDv}@{o}" : StorageType + PathOrInlineDv;
}

/// <summary>The <c>add</c> action: a data file that is part of the table.</summary>
internal sealed record AddFile
{
    /// <summary>Gets the path relative to the table root (URI-encoded), or an absolute URI.</summary>
    public required string Path { get; init; }

    /// <summary>Gets the partition values, serialized as strings (null for NULL).</summary>
    public IReadOnlyDictionary<string, string?> PartitionValues { get; init; } = new Dictionary<string, string?>();

    /// <summary>Gets the file size in bytes.</summary>
    public long Size { get; init; }

    /// <summary>Gets the modification time in milliseconds since the epoch.</summary>
    public long ModificationTime { get; init; }

    /// <summary>Gets whether the file carries a data change (false for OPTIMIZE rewrites).</summary>
    public bool DataChange { get; init; } = true;

    /// <summary>Gets the statistics JSON (<c>numRecords</c>, <c>minValues</c>, <c>maxValues</c>, <c>nullCount</c>).</summary>
    public string? Stats { get; init; }

    /// <summary>Gets the file tags.</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    /// <summary>Gets the deletion vector, if rows of this file are soft-deleted.</summary>
    public DeletionVectorDescriptor? DeletionVector { get; init; }

    /// <summary>Gets the row-tracking base row id, if any.</summary>
    public long? BaseRowId { get; init; }

    /// <summary>Gets the row-tracking default commit version, if any.</summary>
    public long? DefaultRowCommitVersion { get; init; }

    /// <summary>Gets the clustering provider, if any.</summary>
    public string? ClusteringProvider { get; init; }

    /// <summary>Gets the reconciliation key: path plus deletion-vector id.</summary>
    public (string Path, string? DvId) Key => (Path, DeletionVector?.UniqueId);

    /// <summary>Gets <c>numRecords</c> from the statistics, when present.</summary>
    public long? NumRecords
    {
        get
        {
            if (Stats is null)
            {
                return null;
            }

            try
            {
                return JsonNode.Parse(Stats)?["numRecords"]?.GetValue<long>();
            }
            catch (System.Text.Json.JsonException)
            {
                return null;
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }
    }

    /// <summary>Builds the <c>remove</c> action that logically deletes this file.</summary>
    /// <param name="deletionTimestamp">When the file was removed.</param>
    /// <param name="dataChange">Whether the removal changes data (false for OPTIMIZE).</param>
    /// <returns>The remove action.</returns>
    public RemoveFile ToRemove(DateTimeOffset deletionTimestamp, bool dataChange = true) => new()
    {
        Path = Path,
        DeletionTimestamp = deletionTimestamp.ToUnixTimeMilliseconds(),
        DataChange = dataChange,
        ExtendedFileMetadata = true,
        PartitionValues = PartitionValues,
        Size = Size,
        Stats = Stats,
        Tags = Tags,
        DeletionVector = DeletionVector,
        BaseRowId = BaseRowId,
        DefaultRowCommitVersion = DefaultRowCommitVersion,
    };
}

/// <summary>The <c>remove</c> action: a tombstone for a data file.</summary>
internal sealed record RemoveFile
{
    /// <summary>Gets the path as it appeared in the add action.</summary>
    public required string Path { get; init; }

    /// <summary>Gets the deletion time in milliseconds since the epoch.</summary>
    public long? DeletionTimestamp { get; init; }

    /// <summary>Gets whether the removal changes data.</summary>
    public bool DataChange { get; init; } = true;

    /// <summary>Gets whether the extended fields below are present.</summary>
    public bool? ExtendedFileMetadata { get; init; }

    /// <summary>Gets the partition values of the removed file.</summary>
    public IReadOnlyDictionary<string, string?>? PartitionValues { get; init; }

    /// <summary>Gets the size of the removed file.</summary>
    public long? Size { get; init; }

    /// <summary>Gets the statistics of the removed file.</summary>
    public string? Stats { get; init; }

    /// <summary>Gets the tags of the removed file.</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    /// <summary>Gets the deletion vector the removed add carried.</summary>
    public DeletionVectorDescriptor? DeletionVector { get; init; }

    /// <summary>Gets the row-tracking base row id, if any.</summary>
    public long? BaseRowId { get; init; }

    /// <summary>Gets the row-tracking default commit version, if any.</summary>
    public long? DefaultRowCommitVersion { get; init; }

    /// <summary>Gets the reconciliation key: path plus deletion-vector id.</summary>
    public (string Path, string? DvId) Key => (Path, DeletionVector?.UniqueId);
}

/// <summary>The <c>txn</c> action: the last version an application committed (idempotent writes).</summary>
/// <param name="AppId">The application id.</param>
/// <param name="Version">The application-defined version.</param>
/// <param name="LastUpdated">When it was recorded, in milliseconds since the epoch.</param>
internal sealed record SetTransaction(string AppId, long Version, long? LastUpdated);

/// <summary>
/// The <c>commitInfo</c> action of one commit, with the commit's version and its timestamp resolved as the
/// protocol says (in-commit timestamp when enabled, otherwise the commit file's modification time): one row of
/// DESCRIBE HISTORY.
/// </summary>
internal sealed record CommitInfo
{
    /// <summary>Gets the commit version.</summary>
    public long Version { get; init; }

    /// <summary>Gets the commit timestamp.</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>Gets the in-commit timestamp (milliseconds), when written.</summary>
    public long? InCommitTimestamp { get; init; }

    /// <summary>Gets the operation (<c>WRITE</c>, <c>MERGE</c>, <c>CREATE TABLE</c>, …).</summary>
    public string? Operation { get; init; }

    /// <summary>Gets the operation parameters (values are JSON-encoded strings as Spark writes them).</summary>
    public IReadOnlyDictionary<string, string> OperationParameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the operation metrics (values are strings as Spark writes them).</summary>
    public IReadOnlyDictionary<string, string>? OperationMetrics { get; init; }

    /// <summary>Gets the version the transaction read.</summary>
    public long? ReadVersion { get; init; }

    /// <summary>Gets the isolation level (<c>WriteSerializable</c>, <c>Serializable</c>).</summary>
    public string? IsolationLevel { get; init; }

    /// <summary>Gets whether the commit only appended data without reading.</summary>
    public bool? IsBlindAppend { get; init; }

    /// <summary>Gets the engine that wrote the commit.</summary>
    public string? EngineInfo { get; init; }

    /// <summary>Gets the user id.</summary>
    public string? UserId { get; init; }

    /// <summary>Gets the user name.</summary>
    public string? UserName { get; init; }

    /// <summary>Gets the user metadata.</summary>
    public string? UserMetadata { get; init; }

    /// <summary>Gets the transaction id.</summary>
    public string? TxnId { get; init; }

    /// <summary>Gets the <c>timestamp</c> field as written in commitInfo (milliseconds), if any.</summary>
    public long? CommitInfoTimestamp { get; init; }
}
