using System.Globalization;
using DeltaFunctions.Lakehouse.Log;
using DeltaFunctions.Lakehouse.Sql;

namespace DeltaFunctions.Lakehouse.Commands;

/// <summary>INSERT, UPDATE and DELETE: copy-on-write through a Delta transaction.</summary>
internal sealed partial class StatementExecutor
{
    private LakehouseResult Insert(InsertStatement s)
    {
        var (table, log, snapshot) = OpenTable(s.Table);
        var source = SourceRelation(s.Query);
        var sourceColumns = _context.Describe($"SELECT * FROM {source}").Select(c => c.Name).ToList();
        var tableColumns = snapshot.Schema.Fields.Select(f => f.Name).ToList();
        List<string> targetNames;
        if (s.ByName)
        {
            targetNames = [.. sourceColumns.Select(c => tableColumns.FirstOrDefault(t => t.Equals(c, StringComparison.OrdinalIgnoreCase))
                ?? throw new LakehouseException("INCOMPATIBLE_DATA_FOR_TABLE.EXTRA_COLUMNS", "KD000", $"Cannot write extra column `{c}` into {table.FullName}."))];
        }
        else
        {
            targetNames = s.Columns is null ? tableColumns : [.. s.Columns.Select(c => tableColumns.FirstOrDefault(t => t.Equals(c, StringComparison.OrdinalIgnoreCase))
                ?? throw new LakehouseException("UNRESOLVED_COLUMN.WITH_SUGGESTION", "42703", $"A column with name `{c}` cannot be resolved."))];
            if (targetNames.Count != sourceColumns.Count)
            {
                throw new LakehouseException(
                    "INSERT_COLUMN_ARITY_MISMATCH",
                    "21S01",
                    $"Cannot write to {table.FullName}: the query produces {sourceColumns.Count} columns but the table expects {targetNames.Count}.");
            }
        }

        var select = "SELECT " + string.Join(", ", sourceColumns.Select((c, i) => $"{SqlRewriter.Quote(c)} AS {SqlRewriter.Quote(targetNames[i])}")) + $" FROM {source}";
        var transaction = BeginTransaction(log, snapshot);
        var parameters = new Dictionary<string, string> { ["partitionBy"] = JsonArray(snapshot.Metadata.PartitionColumns) };
        long removedRows = 0;
        if (s.ReplaceWhere is not null)
        {
            var rewriter = _context.CreateRewriter(_resolver);
            var predicate = rewriter.Rewrite(s.ReplaceWhere);
            var violating = Convert.ToInt64(_context.Scalar($"SELECT count(*) FROM ({select}) AS {SqlRewriter.Quote(table.Name)} WHERE NOT coalesce({predicate}, false)", rewriter.BoundParameters), CultureInfo.InvariantCulture);
            if (violating > 0)
            {
                throw new LakehouseException("DELTA_REPLACE_WHERE_MISMATCH", "44000", $"Written data does not conform to partial table overwrite condition or constraint '{s.ReplaceWhere}'.");
            }

            transaction.ReadWholeTable();
            removedRows = RewriteMatching(table, snapshot, transaction, predicate, rewriter.BoundParameters, null, keepMatches: false).Matched;
            parameters["mode"] = "Overwrite";
            parameters["predicate"] = JsonArray([s.ReplaceWhere.ToString()]);
        }
        else if (s.Overwrite)
        {
            transaction.ReadWholeTable();
            transaction.RemoveFiles(snapshot.Files);
            parameters["mode"] = "Overwrite";
        }
        else
        {
            parameters["mode"] = "Append";
        }

        // The SELECT's columns are the target names it was built with: the writer need not describe (bind) it again.
        var adds = WriteFiles(table, snapshot.Metadata, select, columns: targetNames);
        transaction.AddFiles(adds);
        var metrics = WriteMetrics(adds);
        if (removedRows > 0)
        {
            metrics["numDeletedRows"] = removedRows.ToString(CultureInfo.InvariantCulture);
        }

        var inserted = adds.Sum(a => a.NumRecords ?? 0);
        Commit(transaction, "WRITE", parameters, metrics, Token);
        return CommandResults.Insert(inserted);
    }

    private LakehouseResult Delete(DeleteStatement s)
    {
        var (table, log, snapshot) = OpenTable(s.Table);
        var alias = s.Alias ?? table.Name;
        var transaction = BeginTransaction(log, snapshot);
        transaction.ReadWholeTable();
        long deleted;
        int removedFiles;
        int addedFiles;
        long copied;
        if (s.Where is null)
        {
            deleted = CountRows(snapshot);
            transaction.RemoveFiles(snapshot.Files);
            removedFiles = snapshot.Files.Count;
            addedFiles = 0;
            copied = 0;
        }
        else
        {
            var rewriter = _context.CreateRewriter(_resolver);
            var predicate = rewriter.Rewrite(s.Where);
            var outcome = RewriteMatching(table, snapshot, transaction, predicate, rewriter.BoundParameters, alias, keepMatches: false);
            (deleted, removedFiles, addedFiles, copied) = (outcome.Matched, outcome.RemovedFiles, outcome.AddedFiles, outcome.Copied);
        }

        if (removedFiles > 0)
        {
            Commit(transaction,
                "DELETE",
                new Dictionary<string, string> { ["predicate"] = JsonArray(s.Where is null ? [] : [s.Where.ToString()]) },
                new Dictionary<string, string>
                {
                    ["numDeletedRows"] = deleted.ToString(CultureInfo.InvariantCulture),
                    ["numRemovedFiles"] = removedFiles.ToString(CultureInfo.InvariantCulture),
                    ["numAddedFiles"] = addedFiles.ToString(CultureInfo.InvariantCulture),
                    ["numCopiedRows"] = copied.ToString(CultureInfo.InvariantCulture),
                },
                Token);
        }

        return CommandResults.Delete(deleted);
    }

    private LakehouseResult Update(UpdateStatement s)
    {
        var (table, log, snapshot) = OpenTable(s.Table);
        var alias = s.Alias ?? table.Name;
        var rewriter = _context.CreateRewriter(_resolver);
        var predicate = s.Where is null ? "true" : rewriter.Rewrite(s.Where);
        var assignments = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var a in s.Assignments)
        {
            var column = StripAlias(a.Column, alias);
            var field = snapshot.Schema.Find(column)
                ?? throw new LakehouseException("UNRESOLVED_COLUMN.WITH_SUGGESTION", "42703", $"A column with name `{a.Column}` cannot be resolved.");
            assignments[field.Name] = a.Value is null ? "NULL" : rewriter.Rewrite(a.Value);
        }

        var transaction = BeginTransaction(log, snapshot);
        transaction.ReadWholeTable();
        var projection = string.Join(", ", snapshot.Schema.Fields.Select(f => assignments.TryGetValue(f.Name, out var value)
            ? $"CASE WHEN coalesce({predicate}, false) THEN CAST({value} AS {f.Type.ToDuckDbType()}) ELSE {SqlRewriter.Quote(alias)}.{SqlRewriter.Quote(f.Name)} END AS {SqlRewriter.Quote(f.Name)}"
            : $"{SqlRewriter.Quote(alias)}.{SqlRewriter.Quote(f.Name)}"));
        var outcome = RewriteMatching(table, snapshot, transaction, predicate, rewriter.BoundParameters, alias, keepMatches: true, projection);
        if (outcome.RemovedFiles > 0)
        {
            Commit(transaction,
                "UPDATE",
                new Dictionary<string, string> { ["predicate"] = JsonArray(s.Where is null ? [] : [s.Where.ToString()]) },
                new Dictionary<string, string>
                {
                    ["numUpdatedRows"] = outcome.Matched.ToString(CultureInfo.InvariantCulture),
                    ["numRemovedFiles"] = outcome.RemovedFiles.ToString(CultureInfo.InvariantCulture),
                    ["numAddedFiles"] = outcome.AddedFiles.ToString(CultureInfo.InvariantCulture),
                    ["numCopiedRows"] = outcome.Copied.ToString(CultureInfo.InvariantCulture),
                },
                Token);
        }

        return CommandResults.Update(outcome.Matched);
    }

    /// <summary>
    /// Returns a relation over a query: the query itself when it binds no parameters (so the writer streams it
    /// once), otherwise a temporary table holding its rows (the writer cannot bind parameters).
    /// </summary>
    private string SourceRelation(SqlFragment query)
    {
        var rewriter = _context.CreateRewriter(_resolver);
        var sql = rewriter.Rewrite(query);
        return rewriter.BoundParameters.Count == 0 ? $"({sql}) AS {_context.NewTempName("q")}" : MaterializeSql(sql, rewriter.BoundParameters, "src");
    }

    private static string StripAlias(string column, string alias)
    {
        var dot = column.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && column[..dot].Equals(alias, StringComparison.OrdinalIgnoreCase) ? column[(dot + 1)..] : column;
    }

    private long CountRows(Snapshot snapshot) =>
        snapshot.StatsRowCount() ?? Convert.ToInt64(_context.Scalar($"SELECT count(*) FROM {snapshot.CreateScan(_context.Connection)}"), CultureInfo.InvariantCulture);

    /// <summary>
    /// Copy-on-write core: finds the files holding rows that match <paramref name="predicate"/>, rewrites them
    /// (dropping the matches, or projecting them through <paramref name="projection"/> when kept) and records
    /// the removes and adds on the transaction.
    /// </summary>
    private (long Matched, int RemovedFiles, int AddedFiles, long Copied) RewriteMatching(
        ResolvedTable table,
        Snapshot snapshot,
        DeltaTransaction transaction,
        string predicate,
        IReadOnlyDictionary<string, object?> parameters,
        string? alias,
        bool keepMatches,
        string? projection = null)
    {
        var quotedAlias = SqlRewriter.Quote(alias ?? table.Name);
        var scan = snapshot.CreateScan(_context.Connection, includeFileColumn: true);
        var matches = _context.Rows(
            $"SELECT {Snapshot.FileColumn}, count(*) AS n, count(*) FILTER (WHERE coalesce({predicate}, false)) AS m FROM {scan} AS {quotedAlias} GROUP BY ALL HAVING m > 0",
            parameters);
        if (matches.Count == 0)
        {
            return (0, 0, 0, 0);
        }

        var paths = matches.Select(r => (string)r[0]!).ToHashSet(StringComparer.Ordinal);
        var matched = matches.Sum(r => Convert.ToInt64(r[2], CultureInfo.InvariantCulture));
        var total = matches.Sum(r => Convert.ToInt64(r[1], CultureInfo.InvariantCulture));
        var files = snapshot.Files.Where(f => paths.Contains(f.Path)).ToList();
        transaction.ReadFiles(files);
        var touched = snapshot.CreateScan(_context.Connection, includeFileColumn: false, files);
        var select = keepMatches
            ? $"SELECT {projection} FROM {touched} AS {quotedAlias}"
            : $"SELECT * FROM {touched} AS {quotedAlias} WHERE NOT coalesce({predicate}, false)";
        var staged = MaterializeSql(select, parameters, "rewrite");
        var adds = WriteFiles(table, snapshot.Metadata, $"SELECT * FROM {staged}");
        transaction.RemoveFiles(files);
        transaction.AddFiles(adds);
        return (matched, files.Count, adds.Count, total - matched);
    }
}
