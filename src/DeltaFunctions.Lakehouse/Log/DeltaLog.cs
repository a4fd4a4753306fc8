using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;

namespace DeltaFunctions.Lakehouse.Log;

/// <summary>
/// The transaction log of one Delta table folder: lists commits and checkpoints, reconstructs snapshots
/// (log replay from the latest usable checkpoint), resolves time travel and reads history. Stateless apart from
/// the path, so instances are cheap; create one per operation with <see cref="ForTable"/>.
/// </summary>
internal sealed partial class DeltaLog
{
    private readonly DuckDBConnection? _connection;

    private DeltaLog(string tablePath, TimeProvider timeProvider, DuckDBConnection? connection, ParquetSchemaCache? parquetSchemas)
    {
        _connection = connection;
        ParquetSchemas = parquetSchemas;
        TablePath = Path.GetFullPath(tablePath);
        LogPath = Path.Combine(TablePath, "_delta_log");
        TimeProvider = timeProvider;
    }

    /// <summary>Gets the absolute table folder.</summary>
    public string TablePath { get; }

    /// <summary>Gets the <c>_delta_log</c> folder.</summary>
    public string LogPath { get; }

    /// <summary>Gets the clock used for commit timestamps.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Gets the engine's cache of data-file schemas that scans of this log use, or null to describe the files on every scan.</summary>
    public ParquetSchemaCache? ParquetSchemas { get; }

    /// <summary>Gets whether the folder holds a Delta table (at least one commit or checkpoint).</summary>
    public bool Exists
    {
        get
        {
            var listing = List();
            return listing.Commits.Count > 0 || listing.Checkpoints.Count > 0;
        }
    }

    /// <summary>Gets the latest version, or null when the table does not exist.</summary>
    public long? LatestVersion
    {
        get
        {
            var listing = List();
            return listing.Latest;
        }
    }

    /// <summary>Opens the log of a table folder (which need not exist yet).</summary>
    /// <param name="tablePath">The table folder (the one holding <c>_delta_log</c>).</param>
    /// <param name="timeProvider">The clock for commit timestamps.</param>
    /// <param name="connection">
    /// An open DuckDB connection whose database decodes and writes Parquet checkpoints (through a sibling
    /// connection, so the caller's open readers are untouched). Pass the statement's connection: opening a
    /// private in-memory database instead costs tens of milliseconds per checkpoint read.
    /// </param>
    /// <param name="parquetSchemas">
    /// The engine's cache of data-file schemas (see <see cref="ParquetSchemaCache"/>), so that scans skip describing
    /// files they described before; null describes the files on every scan.
    /// </param>
    /// <returns>The log.</returns>
    public static DeltaLog ForTable(string tablePath, TimeProvider timeProvider, DuckDBConnection? connection = null, ParquetSchemaCache? parquetSchemas = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(tablePath);
        ArgumentNullException.ThrowIfNull(timeProvider);
        return new DeltaLog(tablePath, timeProvider, connection, parquetSchemas);
    }

    /// <summary>Opens a connection for checkpoint work: a sibling of the caller's, or a private in-memory database.</summary>
    internal DuckDBConnection OpenConnection()
    {
        if (_connection is not null)
        {
            return DuckDbConnections.OpenSibling(_connection);
        }

        var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        return connection;
    }

    /// <summary>Reconstructs the table at a version (the latest when null).</summary>
    /// <param name="version">The version to read.</param>
    /// <returns>The snapshot.</returns>
    /// <exception cref="LakehouseException">
    /// <c>DELTA_MISSING_DELTA_TABLE</c>, <c>DELTA_VERSION_NOT_FOUND</c>, <c>DELTA_VERSIONS_NOT_CONTIGUOUS</c>,
    /// <c>DELTA_STATE_RECOVER_ERROR</c>, <c>DELTA_INVALID_PROTOCOL_VERSION</c>, <c>DELTA_UNSUPPORTED_FEATURES_FOR_READ</c>.
    /// </exception>
    public Snapshot GetSnapshot(long? version = null)
    {
        var listing = List();
        if (listing.Latest is not { } latest)
        {
            throw DeltaErrors.NotADeltaTable(TablePath);
        }

        var target = version ?? latest;
        var earliest = listing.EarliestRecoverable;
        if (target > latest || target < earliest)
        {
            throw DeltaErrors.VersionNotFound(target, earliest, latest);
        }

        var checkpoint = listing.Checkpoints
            .Where(c => c.Version <= target && c.IsComplete)
            .OrderByDescending(c => c.Version)
            .FirstOrDefault();
        var start = checkpoint is null ? 0 : checkpoint.Version + 1;
        var missing = new List<long>();
        for (var v = start; v <= target; v++)
        {
            if (!listing.Commits.ContainsKey(v))
            {
                missing.Add(v);
            }
        }

        if (missing.Count > 0)
        {
            throw DeltaErrors.VersionsNotContiguous(listing.Commits.Keys.Where(v => v <= target).Order());
        }

        var state = new LogReplay();
        if (checkpoint is not null)
        {
            foreach (var action in CheckpointReader.Read(this, checkpoint))
            {
                state.Apply(action, checkpoint.Version);
            }
        }

        for (var v = start; v <= target; v++)
        {
            foreach (var action in ReadCommit(v))
            {
                state.Apply(action, v);
            }
        }

        var protocol = state.Protocol ?? throw DeltaErrors.StateRecoverError("protocol", target);
        var metadata = state.Metadata ?? throw DeltaErrors.StateRecoverError("metadata", target);
        TableFeatures.EnsureReadable(protocol);
        DateTimeOffset Timestamp() => CommitTimestamps(listing).TryGetValue(target, out var ts)
            ? ts
            : new DateTimeOffset(File.GetLastWriteTimeUtc(checkpoint!.Files[0]), TimeSpan.Zero);
        return new Snapshot(this, target, Timestamp, protocol, metadata, state.ActiveFiles(), state.ActiveTombstones(), state.Transactions, state.Domains);
    }

    /// <summary>Reconstructs the table as of a timestamp: the latest commit at or before it.</summary>
    /// <param name="timestamp">The point in time.</param>
    /// <returns>The snapshot.</returns>
    /// <exception cref="LakehouseException">
    /// <c>DELTA_TIMESTAMP_GREATER_THAN_COMMIT</c> or <c>DELTA_TIMESTAMP_EARLIER_THAN_COMMIT_RETENTION</c> outside the commit range.
    /// </exception>
    public Snapshot GetSnapshotAsOf(DateTimeOffset timestamp)
    {
        var listing = List();
        if (listing.Latest is null)
        {
            throw DeltaErrors.NotADeltaTable(TablePath);
        }

        var stamps = CommitTimestamps(listing).Where(kv => kv.Key >= listing.EarliestRecoverable).OrderBy(kv => kv.Key).ToList();
        if (stamps.Count == 0)
        {
            return GetSnapshot();
        }

        if (timestamp < stamps[0].Value)
        {
            throw DeltaErrors.TimestampBeforeEarliestCommit(timestamp, stamps[0].Value);
        }

        if (timestamp > stamps[^1].Value)
        {
            throw DeltaErrors.TimestampAfterLatestCommit(timestamp, stamps[^1].Value);
        }

        var version = stamps.Last(kv => kv.Value <= timestamp).Key;
        return GetSnapshot(version);
    }

    /// <summary>Reads the commit history, newest first (DESCRIBE HISTORY).</summary>
    /// <param name="limit">The maximum number of entries.</param>
    /// <returns>One entry per commit file still in the log.</returns>
    public IReadOnlyList<CommitInfo> GetHistory(int? limit = null)
    {
        var listing = List();
        var stamps = CommitTimestamps(listing);
        var result = new List<CommitInfo>();
        foreach (var version in listing.Commits.Keys.OrderDescending())
        {
            if (limit is { } l && result.Count >= l)
            {
                break;
            }

            var info = ReadCommitInfo(listing.Commits[version]) ?? new CommitInfo();
            result.Add(info with { Version = version, Timestamp = stamps[version] });
        }

        return result;
    }

    /// <summary>Reads every action of one commit file.</summary>
    /// <param name="version">The version.</param>
    /// <returns>The actions in file order.</returns>
    public IReadOnlyList<object> ReadCommit(long version)
    {
        var path = CommitPath(version);
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (FileNotFoundException)
        {
            throw DeltaErrors.VersionNotFound(version, 0, LatestVersion ?? -1);
        }

        try
        {
            return ActionCodec.ParseLines(lines);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new LakehouseException("DELTA_LOG_FILE_CORRUPT", "XXKDS", $"The log file of version {version} is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>Gets the path of a commit file.</summary>
    public string CommitPath(long version) =>
        Path.Combine(LogPath, version.ToString("D20", CultureInfo.InvariantCulture) + ".json");

    /// <summary>Resolves a file path from an add/remove action to an absolute local path.</summary>
    /// <param name="path">The (URI-encoded) relative path or absolute URI.</param>
    /// <returns>The local path.</returns>
    public string ResolveDataPath(string path)
    {
        if (path.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            var rest = path[5..];
            while (rest.StartsWith("//", StringComparison.Ordinal))
            {
                rest = rest[1..];
            }

            return Path.GetFullPath(Uri.UnescapeDataString(rest));
        }

        var decoded = Uri.UnescapeDataString(path);
        return Path.IsPathRooted(decoded) ? decoded : Path.GetFullPath(Path.Combine(TablePath, decoded));
    }

    /// <summary>
    /// Computes every commit's timestamp: the in-commit timestamp when the commit carries one, otherwise the
    /// commit file's modification time, adjusted to be strictly increasing as Delta's history manager does.
    /// </summary>
    internal Dictionary<long, DateTimeOffset> CommitTimestamps(LogListing listing)
    {
        var result = new Dictionary<long, DateTimeOffset>();
        DateTimeOffset? previous = null;
        foreach (var version in listing.Commits.Keys.Order())
        {
            var file = listing.Commits[version];
            var info = ReadCommitInfo(file);
            DateTimeOffset ts;
            if (info?.InCommitTimestamp is { } ict)
            {
                ts = DateTimeOffset.FromUnixTimeMilliseconds(ict);
            }
            else
            {
                ts = new DateTimeOffset(File.GetLastWriteTimeUtc(file), TimeSpan.Zero);
                ts = DateTimeOffset.FromUnixTimeMilliseconds(ts.ToUnixTimeMilliseconds());
                if (previous is { } p && ts <= p)
                {
                    ts = p.AddMilliseconds(1);
                }
            }

            result[version] = ts;
            previous = ts;
        }

        return result;
    }

    private static CommitInfo? ReadCommitInfo(string file)
    {
        try
        {
            foreach (var line in File.ReadLines(file))
            {
                if (string.IsNullOrWhiteSpace(line) || !line.Contains("\"commitInfo\"", StringComparison.Ordinal))
                {
                    continue;
                }

                if (JsonNode.Parse(line) is JsonObject o && o["commitInfo"] is JsonObject ci)
                {
                    return ActionCodec.ParseCommitInfo(ci);
                }
            }
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }

        return null;
    }

    /// <summary>Lists the log folder.</summary>
    internal LogListing List()
    {
        // Enumerating a folder is no snapshot: a commit published during the enumeration can be seen while an
        // earlier one published just before it is not (N+1 without N). Every commit up to the newest one seen
        // existed before a second enumeration starts, so that one sees them all; anything newer it may show with a
        // gap of its own is cut at that gap (those commits are simply too new for this listing).
        var first = ListOnce();
        if (FirstGap(first.Commits, above: -1) is null)
        {
            return first;
        }

        var second = ListOnce();
        var newestSeen = first.Commits.Keys.Max();
        return FirstGap(second.Commits, above: newestSeen) is { } gap ? second.Below(gap) : second;
    }

    /// <summary>Returns the lowest version above <paramref name="above"/> missing between the oldest and newest commit.</summary>
    private static long? FirstGap(IReadOnlyDictionary<long, string> commits, long above)
    {
        if (commits.Count == 0)
        {
            return null;
        }

        var newest = commits.Keys.Max();
        for (var v = Math.Max(commits.Keys.Min(), above + 1); v < newest; v++)
        {
            if (!commits.ContainsKey(v))
            {
                return v;
            }
        }

        return null;
    }

    private LogListing ListOnce()
    {
        var commits = new Dictionary<long, string>();
        var checkpoints = new Dictionary<(long, string), CheckpointInfo>();
        if (!Directory.Exists(LogPath))
        {
            return new LogListing(commits, []);
        }

        foreach (var file in Directory.EnumerateFiles(LogPath))
        {
            var name = Path.GetFileName(file);
            Match m;
            if ((m = CommitName().Match(name)).Success)
            {
                commits[long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)] = file;
            }
            else if ((m = ClassicCheckpointName().Match(name)).Success)
            {
                var v = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                checkpoints[(v, name)] = new CheckpointInfo(v, CheckpointKind.Classic, [file], 1);
            }
            else if ((m = MultiPartCheckpointName().Match(name)).Success)
            {
                var v = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                var parts = int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
                var key = (v, "multi" + parts);
                var files = checkpoints.TryGetValue(key, out var existing) ? existing.Files.Append(file) : [file];
                checkpoints[key] = new CheckpointInfo(v, CheckpointKind.MultiPart, [.. files.Order(StringComparer.Ordinal)], parts);
            }
            else if ((m = V2CheckpointName().Match(name)).Success)
            {
                var v = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                checkpoints[(v, name)] = new CheckpointInfo(v, CheckpointKind.V2, [file], 1);
            }
        }

        return new LogListing(commits, [.. checkpoints.Values]);
    }

    [GeneratedRegex(@"^(\d{20})\.json$")]
    private static partial Regex CommitName();

    [GeneratedRegex(@"^(\d{20})\.checkpoint\.parquet$")]
    private static partial Regex ClassicCheckpointName();

    [GeneratedRegex(@"^(\d{20})\.checkpoint\.(\d{10})\.(\d{10})\.parquet$")]
    private static partial Regex MultiPartCheckpointName();

    [GeneratedRegex(@"^(\d{20})\.checkpoint\.[0-9a-fA-F-]{36}\.(json|parquet)$")]
    private static partial Regex V2CheckpointName();
}

/// <summary>The kinds of checkpoint file naming.</summary>
internal enum CheckpointKind
{
    /// <summary><c>n.checkpoint.parquet</c>.</summary>
    Classic,

    /// <summary><c>n.checkpoint.i.k.parquet</c>.</summary>
    MultiPart,

    /// <summary><c>n.checkpoint.uuid.json|parquet</c> (v2, may reference sidecars).</summary>
    V2,
}

/// <summary>One checkpoint found in the log folder.</summary>
/// <param name="Version">The version it captures.</param>
/// <param name="Kind">The naming kind.</param>
/// <param name="Files">The files (all parts for multi-part).</param>
/// <param name="Parts">The number of parts expected.</param>
internal sealed record CheckpointInfo(long Version, CheckpointKind Kind, IReadOnlyList<string> Files, int Parts)
{
    /// <summary>Gets whether every part is present.</summary>
    public bool IsComplete => Files.Count == Parts;
}

/// <summary>What the log folder holds.</summary>
/// <param name="Commits">Commit files by version.</param>
/// <param name="Checkpoints">Checkpoints found.</param>
internal sealed record LogListing(IReadOnlyDictionary<long, string> Commits, IReadOnlyList<CheckpointInfo> Checkpoints)
{
    /// <summary>Returns the listing without the commits and checkpoints at or above <paramref name="version"/>.</summary>
    /// <param name="version">The first version to leave out.</param>
    /// <returns>The shorter listing.</returns>
    public LogListing Below(long version) => new(
        Commits.Where(kv => kv.Key < version).ToDictionary(kv => kv.Key, kv => kv.Value),
        [.. Checkpoints.Where(c => c.Version < version)]);

    /// <summary>Gets the latest version (commit or checkpoint), or null for an empty log.</summary>
    public long? Latest =>
        Commits.Count == 0 && Checkpoints.Count == 0
            ? null
            : Math.Max(Commits.Count == 0 ? -1 : Commits.Keys.Max(), Checkpoints.Count == 0 ? -1 : Checkpoints.Where(c => c.IsComplete).Select(c => c.Version).DefaultIfEmpty(-1).Max());

    /// <summary>Gets the earliest version that can be reconstructed (0, or the oldest complete checkpoint when commit 0 is gone).</summary>
    public long EarliestRecoverable
    {
        get
        {
            if (Commits.ContainsKey(0))
            {
                return 0;
            }

            var cps = Checkpoints.Where(c => c.IsComplete).Select(c => c.Version).Order().ToList();
            return cps.Count > 0 ? cps[0] : Commits.Count > 0 ? Commits.Keys.Min() : 0;
        }
    }
}
