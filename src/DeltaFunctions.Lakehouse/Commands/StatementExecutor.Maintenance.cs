using System.Globalization;
using System.Text;
using DeltaFunctions.Lakehouse.Log;
using DeltaFunctions.Lakehouse.Sql;

namespace DeltaFunctions.Lakehouse.Commands;

/// <summary>OPTIMIZE (bin-packing and Z-order), VACUUM and RESTORE.</summary>
internal sealed partial class StatementExecutor
{
    private const string RetentionCheckKey = "spark.databricks.delta.retentionDurationCheck.enabled";
    private const double DefaultRetentionHours = 168;

    private LakehouseResult Optimize(OptimizeStatement s)
    {
        var (table, log, snapshot) = OpenTable(s.Table);
        var clustering = ClusteringColumns(snapshot);
        CheckOptimizeLayout(s, clustering);
        var clustered = clustering is { Count: > 0 };

        // A clustered table clusters the files not clustered yet (FULL: every file), sorted by the clustering key.
        var candidates = clustered && !s.Full
            ? snapshot.Files.Where(f => !string.Equals(f.ClusteringProvider, ClusteringProvider, StringComparison.Ordinal)).ToList()
            : snapshot.Files.ToList();
        var rewriter = _context.CreateRewriter(_resolver);
        string? predicate = null;
        if (s.Where is not null)
        {
            var partitionColumns = snapshot.Metadata.PartitionColumns.ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var t in s.Where.Tokens.Where(t => t.IsIdentifier))
            {
                if (snapshot.Schema.Find(t.Text) is not null && !partitionColumns.Contains(t.Text))
                {
                    throw new LakehouseException(
                        "DELTA_NON_PARTITION_COLUMN_REFERENCE",
                        "42P10",
                        $"Predicate references non-partition column '{t.Text}'. Only the partition columns may be referenced: [{string.Join(", ", partitionColumns)}].");
                }
            }

            predicate = rewriter.Rewrite(s.Where);
            var scan = snapshot.CreateScan(_context.Connection, includeFileColumn: true);
            var paths = _context.Rows($"SELECT DISTINCT {Snapshot.FileColumn} FROM {scan} AS {SqlRewriter.Quote(table.Name)} WHERE {predicate}", rewriter.BoundParameters)
                .Select(r => (string)r[0]!).ToHashSet(StringComparer.Ordinal);
            candidates = [.. candidates.Where(f => paths.Contains(f.Path))];
        }

        foreach (var column in s.ZOrderBy)
        {
            if (snapshot.Schema.Find(column) is null)
            {
                throw new LakehouseException("DELTA_ZORDERING_COLUMN_DOES_NOT_EXIST", "42703", $"Z-Ordering column {column} does not exist in data schema.");
            }

            if (snapshot.Metadata.PartitionColumns.Contains(column, StringComparer.OrdinalIgnoreCase))
            {
                throw new LakehouseException("DELTA_ZORDERING_ON_PARTITION_COLUMN", "42P10", $"{column} is a partition column. Z-Ordering can only be performed on data columns.");
            }
        }

        // Bin-packing compacts partitions that have more than one file; Z-order and clustering rewrite every candidate.
        var groups = candidates.GroupBy(f => PartitionKey(f)).Where(g => s.ZOrderBy.Count > 0 || clustered ? g.Any() : g.Count() > 1).ToList();
        var rewrite = groups.SelectMany(g => g).ToList();
        IReadOnlyList<AddFile> adds = [];
        if (rewrite.Count > 0)
        {
            var scan = snapshot.CreateScan(_context.Connection, includeFileColumn: false, rewrite);
            var sortBy = clustered ? clustering! : s.ZOrderBy;
            var select = sortBy.Count == 0 ? $"SELECT * FROM {scan}" : ZOrderSelect(scan, sortBy);
            var staged = MaterializeSql(select, null, "optimize");
            adds = WriteFiles(table, snapshot.Metadata, $"SELECT * FROM {staged} ORDER BY rowid", dataChange: false);
            if (clustered)
            {
                adds = [.. adds.Select(a => a with { ClusteringProvider = ClusteringProvider })];
            }

            var transaction = BeginTransaction(log, snapshot);
            transaction.ReadFiles(rewrite);
            transaction.RemoveFiles(rewrite, dataChange: false);
            transaction.AddFiles(adds);
            Commit(transaction,
                "OPTIMIZE",
                new Dictionary<string, string>
                {
                    ["predicate"] = JsonArray(s.Where is null ? [] : [s.Where.ToString()]),
                    ["zOrderBy"] = JsonArray(s.ZOrderBy),
                    ["clusterBy"] = JsonArray(clustering ?? []),
                    ["isFull"] = s.Full ? "true" : "false",
                },
                new Dictionary<string, string>
                {
                    ["numRemovedFiles"] = rewrite.Count.ToString(CultureInfo.InvariantCulture),
                    ["numAddedFiles"] = adds.Count.ToString(CultureInfo.InvariantCulture),
                    ["numRemovedBytes"] = rewrite.Sum(f => f.Size).ToString(CultureInfo.InvariantCulture),
                    ["numAddedBytes"] = adds.Sum(f => f.Size).ToString(CultureInfo.InvariantCulture),
                },
                Token);
        }

        var metrics = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["numFilesAdded"] = (long)adds.Count,
            ["numFilesRemoved"] = (long)rewrite.Count,
            ["numBatches"] = rewrite.Count > 0 ? 1L : 0L,
            ["totalConsideredFiles"] = (long)candidates.Count,
            ["totalFilesSkipped"] = (long)(candidates.Count - rewrite.Count),
            ["partitionsOptimized"] = (long)groups.Count,
            ["zOrderStats"] = s.ZOrderBy.Count > 0 ? string.Join(",", s.ZOrderBy) : null,
        };
        return CommandResults.Build(
            [("path", "STRING"), ("metrics", "STRUCT<numFilesAdded: BIGINT, numFilesRemoved: BIGINT, numBatches: BIGINT, totalConsideredFiles: BIGINT, totalFilesSkipped: BIGINT, partitionsOptimized: BIGINT, zOrderStats: STRING>")],
            [[table.Location, metrics]]);
    }

    private static string PartitionKey(AddFile file) =>
        string.Join('\u0001', file.PartitionValues.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value));

    /// <summary>
    /// Sorts rows on a Morton (Z-order) key: each column is mapped to its rank scaled to <c>bits</c> bits, and
    /// the ranks' bits are interleaved, so rows close in every column land in the same files.
    /// </summary>
    private static string ZOrderSelect(string scan, IReadOnlyList<string> columns)
    {
        var n = columns.Count;
        var bits = Math.Min(20, 62 / n);
        var max = (1L << bits) - 1;
        var ranks = string.Join(", ", columns.Select((c, i) =>
            $"CAST(coalesce(percent_rank() OVER (ORDER BY {SqlRewriter.Quote(c)} NULLS FIRST), 0) * {max} AS BIGINT) AS __z{i}"));
        var key = new StringBuilder();
        for (var b = 0; b < bits; b++)
        {
            for (var i = 0; i < n; i++)
            {
                if (key.Length > 0)
                {
                    key.Append(" + ");
                }

                key.Append(CultureInfo.InvariantCulture, $"(((__z{i} >> {b}) & 1) << {(b * n) + i})");
            }
        }

        var exclude = string.Join(", ", Enumerable.Range(0, n).Select(i => $"__z{i}"));
        return $"SELECT * EXCLUDE ({exclude}) FROM (SELECT *, {ranks} FROM {scan}) ORDER BY {key}";
    }

    private LakehouseResult Vacuum(VacuumStatement s)
    {
        var (table, log, snapshot) = OpenTable(s.Table);
        var configured = RetentionHours(snapshot.Metadata.GetConfiguration("delta.deletedFileRetentionDuration")) ?? DefaultRetentionHours;
        var retention = s.RetainHours ?? configured;
        if (retention < 0)
        {
            throw SqlErrors.InvalidValue("The retention period may not be negative.");
        }

        var checkEnabled = !_context.Session.IsOff(RetentionCheckKey);
        if (checkEnabled && retention < configured)
        {
            throw new LakehouseException(
                "DELTA_VACUUM_RETENTION_PERIOD_TOO_SHORT",
                "22003",
                "Are you sure you would like to vacuum files with such a low retention period? If you have writers that are currently writing to this table, there is a risk that you may corrupt the state of your Delta table. "
                + $"If you are certain that there are no operations being performed on this table, such as insert/upsert/delete/optimize, then you may turn off this check by setting: {RetentionCheckKey} = false. "
                + string.Create(CultureInfo.InvariantCulture, $"If you are not sure, please use a value not less than \"{configured} hours\"."));
        }

        var now = Now;
        var threshold = now - TimeSpan.FromHours(retention);
        var live = snapshot.Files.Select(f => Path.GetFullPath(log.ResolveDataPath(f.Path))).ToHashSet(StringComparer.Ordinal);
        var tombstones = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var r in snapshot.Tombstones)
        {
            tombstones[Path.GetFullPath(log.ResolveDataPath(r.Path))] = r.DeletionTimestamp ?? 0;
        }

        var root = Path.GetFullPath(table.Location);
        var toDelete = new List<string>();
        foreach (var file in EnumerateDataFiles(root))
        {
            if (live.Contains(file))
            {
                continue;
            }

            var stamp = tombstones.TryGetValue(file, out var ms)
                ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
                : new DateTimeOffset(File.GetLastWriteTimeUtc(file), TimeSpan.Zero);
            if (stamp < threshold)
            {
                toDelete.Add(file);
            }
        }

        if (s.DryRun)
        {
            return CommandResults.Build([("path", "STRING")], toDelete.Order(StringComparer.Ordinal).Select(p => new object?[] { p }));
        }

        var start = BeginTransaction(log, snapshot);
        Commit(start,
            "VACUUM START",
            new Dictionary<string, string>
            {
                ["retentionCheckEnabled"] = checkEnabled ? "true" : "false",
                ["defaultRetentionMillis"] = ((long)(configured * 3_600_000)).ToString(CultureInfo.InvariantCulture),
                ["specifiedRetentionMillis"] = ((long)(retention * 3_600_000)).ToString(CultureInfo.InvariantCulture),
            },
            new Dictionary<string, string>
            {
                ["numFilesToDelete"] = toDelete.Count.ToString(CultureInfo.InvariantCulture),
                ["sizeOfDataToDelete"] = toDelete.Sum(f => new FileInfo(f).Length).ToString(CultureInfo.InvariantCulture),
            },
            Token);
        foreach (var file in toDelete)
        {
            File.Delete(file);
        }

        var end = BeginTransaction(log, log.GetSnapshot());
        Commit(end,
            "VACUUM END",
            new Dictionary<string, string> { ["status"] = "COMPLETED" },
            new Dictionary<string, string>
            {
                ["numDeletedFiles"] = toDelete.Count.ToString(CultureInfo.InvariantCulture),
                ["numVacuumedDirectories"] = "1",
            },
            Token);
        return CommandResults.Build([("path", "STRING")], [[table.Location]]);
    }

    /// <summary>Lists data files, skipping <c>_delta_log</c> and names starting with <c>_</c> or <c>.</c> (as Delta does).</summary>
    private static IEnumerable<string> EnumerateDataFiles(string root)
    {
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var sub in Directory.EnumerateDirectories(dir))
            {
                var name = Path.GetFileName(sub);
                if (!name.StartsWith('_') && !name.StartsWith('.'))
                {
                    pending.Push(sub);
                }
            }

            foreach (var file in Directory.EnumerateFiles(dir))
            {
                var name = Path.GetFileName(file);
                if (!name.StartsWith('_') && !name.StartsWith('.'))
                {
                    yield return Path.GetFullPath(file);
                }
            }
        }
    }

    /// <summary>Parses <c>interval 7 days</c> style durations into hours.</summary>
    private static double? RetentionHours(string? interval)
    {
        if (interval is null)
        {
            return null;
        }

        var parts = interval.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 3 && parts[0].Equals("interval", StringComparison.OrdinalIgnoreCase)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
        {
            return parts[2].ToLowerInvariant().TrimEnd('s') switch
            {
                "week" => n * 168,
                "day" => n * 24,
                "hour" => n,
                "minute" => n / 60,
                "second" => n / 3600,
                _ => null,
            };
        }

        return null;
    }

    private LakehouseResult Restore(RestoreStatement s)
    {
        var (table, log, current) = OpenTable(s.Table);
        Snapshot target;
        try
        {
            target = TableResolver.LoadSnapshot(_context, table, s.Target);
        }
        catch (LakehouseException e) when (e.SqlState != DeltaErrors.ConcurrencySqlState)
        {
            throw new LakehouseException(
                "DELTA_CANNOT_RESTORE_TABLE_VERSION",
                "22003",
                $"Cannot restore table to version {s.Target.Version?.ToString(CultureInfo.InvariantCulture) ?? s.Target.Timestamp}. Available versions: [0, {current.Version}]. ({e.Text})",
                e);
        }

        var currentPaths = current.Files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        var targetPaths = target.Files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        var toAdd = target.Files.Where(f => !currentPaths.Contains(f.Path)).Select(f => f with { DataChange = true }).ToList();
        var toRemove = current.Files.Where(f => !targetPaths.Contains(f.Path)).ToList();
        var missing = toAdd.FirstOrDefault(f => !File.Exists(log.ResolveDataPath(f.Path)));
        if (missing is not null)
        {
            throw new LakehouseException(
                "DELTA_CANNOT_RESTORE_TABLE_VERSION",
                "22003",
                $"Cannot restore table to version {target.Version}: data file {missing.Path} was removed (for example by VACUUM).");
        }

        var transaction = BeginTransaction(log, current);
        transaction.ReadWholeTable();
        if (!target.Metadata.Equals(current.Metadata))
        {
            transaction.UpdateMetadata(target.Metadata);
        }

        transaction.RemoveFiles(toRemove);
        transaction.AddFiles(toAdd);
        var metrics = new Dictionary<string, long>
        {
            ["tableSizeAfterRestore"] = target.SizeInBytes,
            ["numOfFilesAfterRestore"] = target.Files.Count,
            ["numRemovedFiles"] = toRemove.Count,
            ["numRestoredFiles"] = toAdd.Count,
            ["removedFilesSize"] = toRemove.Sum(f => f.Size),
            ["restoredFilesSize"] = toAdd.Sum(f => f.Size),
        };
        Commit(transaction,
            "RESTORE",
            new Dictionary<string, string>
            {
                ["version"] = target.Version.ToString(CultureInfo.InvariantCulture),
                ["timestamp"] = s.Target.Timestamp ?? "null",
            },
            metrics.ToDictionary(kv => kv.Key, kv => kv.Value.ToString(CultureInfo.InvariantCulture)),
            Token);
        return CommandResults.Build(
            [
                ("table_size_after_restore", "BIGINT"), ("num_of_files_after_restore", "BIGINT"), ("num_removed_files", "BIGINT"),
                ("num_restored_files", "BIGINT"), ("removed_files_size", "BIGINT"), ("restored_files_size", "BIGINT"),
            ],
            [[metrics["tableSizeAfterRestore"], metrics["numOfFilesAfterRestore"], metrics["numRemovedFiles"], metrics["numRestoredFiles"], metrics["removedFilesSize"], metrics["restoredFilesSize"]]]);
    }
}
