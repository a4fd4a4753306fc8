using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace DeltaFunctions.Lakehouse.Log;

/// <summary>
/// One optimistic write to a Delta table: collects actions, records what the operation read, and commits them
/// as the next version with an atomic create-if-absent of the commit file. When another writer won the race
/// for a version, the winning commits are checked with Delta's conflict rules (reference §6.9) and the commit
/// is retried at the next version, or fails with a <c>2D521</c> <see cref="LakehouseException"/> having written
/// nothing to the log. Not thread-safe; one instance per operation.
/// </summary>
internal sealed class DeltaTransaction
{
    private const int MaxAttempts = 1000;

    private readonly LakehouseOptions _options;
    private readonly List<AddFile> _adds = [];
    private readonly List<RemoveFile> _removes = [];
    private readonly List<SetTransaction> _txns = [];
    private readonly HashSet<string> _readPaths = new(StringComparer.Ordinal);
    private readonly List<Func<AddFile, bool>> _readPredicates = [];
    private bool _readWholeTable;
    private MetadataAction? _newMetadata;
    private ProtocolAction? _newProtocol;

    /// <summary>Initializes a new instance of the <see cref="DeltaTransaction"/> class.</summary>
    /// <param name="log">The table log.</param>
    /// <param name="readSnapshot">The snapshot the operation read; null for CREATE (commits version 0).</param>
    /// <param name="options">The engine options (checkpoint interval).</param>
    public DeltaTransaction(DeltaLog log, Snapshot? readSnapshot, LakehouseOptions options)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(options);
        Log = log;
        ReadSnapshot = readSnapshot;
        _options = options;
    }

    /// <summary>Gets the log the transaction commits to.</summary>
    public DeltaLog Log { get; }

    /// <summary>Gets the snapshot the transaction started from (null for CREATE).</summary>
    public Snapshot? ReadSnapshot { get; }

    /// <summary>Gets the metadata the commit will leave (the new one if set, else the read snapshot's).</summary>
    public MetadataAction? Metadata => _newMetadata ?? ReadSnapshot?.Metadata;

    /// <summary>Gets the protocol the commit will leave.</summary>
    public ProtocolAction? Protocol => _newProtocol ?? ReadSnapshot?.Protocol;

    /// <summary>Gets or sets the isolation level recorded and enforced: <c>WriteSerializable</c> (default) or <c>Serializable</c>.</summary>
    public string IsolationLevel { get; set; } = "WriteSerializable";

    /// <summary>Gets or sets the user name recorded in commitInfo.</summary>
    public string? UserName { get; set; }

    /// <summary>Gets or sets extra commitInfo fields (for example <c>userMetadata</c>).</summary>
    public IDictionary<string, string> ExtraCommitInfo { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets whether the commit only appends data without having read the table.</summary>
    public bool IsBlindAppend => !_readWholeTable && _readPaths.Count == 0 && _readPredicates.Count == 0 && _removes.Count == 0
        && _adds.All(a => a.DataChange);

    /// <summary>Gets the files added so far.</summary>
    public IReadOnlyList<AddFile> AddedFiles => _adds;

    /// <summary>Gets the files removed so far.</summary>
    public IReadOnlyList<RemoveFile> RemovedFiles => _removes;

    /// <summary>Adds data files.</summary>
    public void AddFiles(IEnumerable<AddFile> files) => _adds.AddRange(files);

    /// <summary>Logically deletes live files (remove actions with deletion timestamp and extended metadata).</summary>
    /// <param name="files">The files, as the read snapshot lists them.</param>
    /// <param name="dataChange">False for rewrites that change no data (OPTIMIZE).</param>
    public void RemoveFiles(IEnumerable<AddFile> files, bool dataChange = true)
    {
        var now = Log.TimeProvider.GetUtcNow();
        _removes.AddRange(files.Select(f => f.ToRemove(now, dataChange)));
    }

    /// <summary>Replaces the table metadata (schema, properties, partitioning).</summary>
    public void UpdateMetadata(MetadataAction metadata) => _newMetadata = metadata ?? throw new ArgumentNullException(nameof(metadata));

    /// <summary>Replaces the protocol.</summary>
    public void UpdateProtocol(ProtocolAction protocol) => _newProtocol = protocol ?? throw new ArgumentNullException(nameof(protocol));

    /// <summary>Records an application transaction (<c>txn</c> action) for idempotent writes.</summary>
    public void SetTransaction(string appId, long version) =>
        _txns.Add(new SetTransaction(appId, version, Log.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds()));

    /// <summary>Records that the operation read the whole table: any concurrent non-blind add or remove conflicts.</summary>
    public void ReadWholeTable() => _readWholeTable = true;

    /// <summary>Records the files the operation read: a concurrent removal of any of them conflicts.</summary>
    public void ReadFiles(IEnumerable<AddFile> files)
    {
        foreach (var f in files)
        {
            _readPaths.Add(f.Path);
        }
    }

    /// <summary>
    /// Records a predicate over files (usually over partition values) describing what the operation read:
    /// a concurrent non-blind add that matches it conflicts (<c>DELTA_CONCURRENT_APPEND</c>).
    /// </summary>
    public void ReadPredicate(Func<AddFile, bool> predicate) => _readPredicates.Add(predicate ?? throw new ArgumentNullException(nameof(predicate)));

    /// <summary>
    /// Commits the collected actions as the next version (commitInfo first), retrying at later versions while
    /// concurrent commits do not conflict, then writes a checkpoint when the version is a multiple of the
    /// checkpoint interval.
    /// </summary>
    /// <param name="operation">The operation name (<c>WRITE</c>, <c>MERGE</c>, <c>CREATE TABLE</c>, …).</param>
    /// <param name="operationParameters">The operation parameters (values JSON-encoded as Spark writes them).</param>
    /// <param name="operationMetrics">The operation metrics (values as strings).</param>
    /// <param name="cancellationToken">Cancels before the commit file is written.</param>
    /// <returns>The committed version.</returns>
    /// <exception cref="LakehouseException">A conflict (<c>2D521</c>), <c>DELTA_TABLE_ALREADY_EXISTS</c>, or an unsupported protocol.</exception>
    public long Commit(
        string operation,
        IReadOnlyDictionary<string, string>? operationParameters,
        IReadOnlyDictionary<string, string>? operationMetrics,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(operation);
        var metadata = Metadata ?? throw new InvalidOperationException("A new table needs metadata before its first commit.");
        var protocol = Protocol ?? throw new InvalidOperationException("A new table needs a protocol before its first commit.");
        TableFeatures.EnsureWritable(protocol, metadata);
        Directory.CreateDirectory(Log.LogPath);

        var readVersion = ReadSnapshot?.Version;
        var attempt = (readVersion ?? -1) + 1;
        var checkedUpTo = readVersion ?? -1;
        for (var i = 0; i < MaxAttempts; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var now = Log.TimeProvider.GetUtcNow();
            var content = Serialize(operation, operationParameters, operationMetrics, readVersion, now, attempt);
            if (TryWriteCommit(attempt, content, now))
            {
                TryCheckpoint(attempt, metadata);
                return attempt;
            }

            if (ReadSnapshot is null)
            {
                throw DeltaErrors.TableAlreadyExists(Log.TablePath);
            }

            var latest = Log.LatestVersion ?? attempt;
            for (var v = checkedUpTo + 1; v <= latest; v++)
            {
                CheckConflicts(v, Log.ReadCommit(v));
            }

            checkedUpTo = latest;
            attempt = latest + 1;
        }

        throw new LakehouseException("DELTA_CONCURRENT_WRITE", DeltaErrors.ConcurrencySqlState, "Transaction conflict detected: too many concurrent commits. Please try the operation again.");
    }

    private string Serialize(
        string operation,
        IReadOnlyDictionary<string, string>? parameters,
        IReadOnlyDictionary<string, string>? metrics,
        long? readVersion,
        DateTimeOffset now,
        long version)
    {
        var commitInfo = new JsonObject
        {
            ["timestamp"] = now.ToUnixTimeMilliseconds(),
        };
        if (IsInCommitTimestampEnabled())
        {
            commitInfo["inCommitTimestamp"] = InCommitTimestamp(now, version);
        }

        if (UserName is not null)
        {
            commitInfo["userName"] = UserName;
        }

        commitInfo["operation"] = operation;
        commitInfo["operationParameters"] = ActionCodec.MapJson(parameters ?? new Dictionary<string, string>());
        if (readVersion is not null)
        {
            commitInfo["readVersion"] = readVersion;
        }

        commitInfo["isolationLevel"] = IsolationLevel;
        commitInfo["isBlindAppend"] = IsBlindAppend;
        if (metrics is not null)
        {
            commitInfo["operationMetrics"] = ActionCodec.MapJson(metrics);
        }

        foreach (var (key, value) in ExtraCommitInfo)
        {
            commitInfo[key] = value;
        }

        commitInfo["engineInfo"] = "DeltaFunctions-Lakehouse/1.0 DuckDB";
        commitInfo["txnId"] = Guid.NewGuid().ToString();

        var sb = new StringBuilder();
        sb.Append(new JsonObject { ["commitInfo"] = commitInfo }.ToJsonString()).Append('\n');
        if (_newProtocol is not null)
        {
            sb.Append(ActionCodec.ToLine(_newProtocol)).Append('\n');
        }

        if (_newMetadata is not null)
        {
            sb.Append(ActionCodec.ToLine(_newMetadata)).Append('\n');
        }

        foreach (var t in _txns)
        {
            sb.Append(ActionCodec.ToLine(t)).Append('\n');
        }

        foreach (var r in _removes)
        {
            sb.Append(ActionCodec.ToLine(r)).Append('\n');
        }

        foreach (var a in _adds)
        {
            sb.Append(ActionCodec.ToLine(a)).Append('\n');
        }

        return sb.ToString();
    }

    private bool IsInCommitTimestampEnabled() =>
        string.Equals(Metadata?.GetConfiguration("delta.enableInCommitTimestamps"), "true", StringComparison.OrdinalIgnoreCase);

    private long InCommitTimestamp(DateTimeOffset now, long version)
    {
        var ts = now.ToUnixTimeMilliseconds();
        if (version > 0)
        {
            try
            {
                var previous = Log.ReadCommit(version - 1).OfType<CommitInfo>().FirstOrDefault()?.InCommitTimestamp;
                if (previous is { } p && ts <= p)
                {
                    ts = p + 1;
                }
            }
            catch (LakehouseException)
            {
                // The previous commit is gone (log cleanup); the clock alone decides.
            }
        }

        return ts;
    }

    /// <summary>Writes the commit file atomically: a temporary file renamed without overwrite.</summary>
    private bool TryWriteCommit(long version, string content, DateTimeOffset now)
    {
        var target = Log.CommitPath(version);
        if (File.Exists(target))
        {
            return false;
        }

        var temp = Path.Combine(Log.LogPath, $".{version.ToString("D20", CultureInfo.InvariantCulture)}.json.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(temp, content, new UTF8Encoding(false));
        try
        {
            File.Move(temp, target, overwrite: false);
        }
        catch (IOException) when (File.Exists(target))
        {
            File.Delete(temp);
            return false;
        }

        try
        {
            File.SetLastWriteTimeUtc(target, now.UtcDateTime);
        }
        catch (IOException)
        {
            // The modification time only refines timestamp-based time travel; the commit itself is done.
        }

        return true;
    }

    private void CheckConflicts(long version, IReadOnlyList<object> winner)
    {
        var info = winner.OfType<CommitInfo>().FirstOrDefault();
        var operation = info?.Operation ?? "WRITE";
        if (winner.OfType<ProtocolAction>().Any())
        {
            throw DeltaErrors.ProtocolChanged(operation, version);
        }

        if (winner.OfType<MetadataAction>().Any())
        {
            throw DeltaErrors.MetadataChanged(operation, version);
        }

        var winnerBlind = info?.IsBlindAppend == true;
        var adds = winner.OfType<AddFile>().Where(a => a.DataChange).ToList();
        if (!(winnerBlind && IsolationLevel == "WriteSerializable") && adds.Count > 0
            && (_readWholeTable || adds.Any(a => _readPredicates.Any(p => p(a)))))
        {
            throw DeltaErrors.ConcurrentAppend(operation, version);
        }

        var removed = winner.OfType<RemoveFile>().ToList();
        var readPaths = _readWholeTable && ReadSnapshot is not null
            ? ReadSnapshot.Files.Select(f => f.Path).Concat(_readPaths).ToHashSet(StringComparer.Ordinal)
            : _readPaths;
        var deletedRead = removed.FirstOrDefault(r => readPaths.Contains(r.Path));
        if (deletedRead is not null)
        {
            throw DeltaErrors.ConcurrentDeleteRead(operation, version, deletedRead.Path);
        }

        var ours = _removes.Select(r => r.Path).ToHashSet(StringComparer.Ordinal);
        var deletedBoth = removed.FirstOrDefault(r => ours.Contains(r.Path));
        if (deletedBoth is not null)
        {
            throw DeltaErrors.ConcurrentDeleteDelete(operation, version, deletedBoth.Path);
        }

        var appIds = _txns.Select(t => t.AppId).ToHashSet(StringComparer.Ordinal);
        var txn = winner.OfType<SetTransaction>().FirstOrDefault(t => appIds.Contains(t.AppId));
        if (txn is not null)
        {
            throw DeltaErrors.ConcurrentTransaction(txn.AppId, version);
        }
    }

    private void TryCheckpoint(long version, MetadataAction metadata)
    {
        var interval = int.TryParse(metadata.GetConfiguration("delta.checkpointInterval"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var configured) && configured > 0
            ? configured
            : _options.CheckpointInterval;
        if (interval <= 0 || version == 0 || version % interval != 0)
        {
            return;
        }

        try
        {
            CheckpointWriter.Write(Log.GetSnapshot(version));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DuckDB.NET.Data.DuckDBException)
        {
            // A checkpoint is an optimization: the commit is durable without it and readers replay JSON instead.
        }
    }
}
