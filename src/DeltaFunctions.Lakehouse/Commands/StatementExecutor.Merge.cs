using System.Globalization;
using System.Text;
using DeltaFunctions.Lakehouse.Log;
using DeltaFunctions.Lakehouse.Sql;

namespace DeltaFunctions.Lakehouse.Commands;

/// <summary>
/// MERGE INTO: the source is staged, joined with the target (carrying each target row's id and data file),
/// each joined row gets the number of the first WHEN clause that applies, and the touched target files are
/// rewritten with the untouched rows copied, the updated rows changed, the deleted rows dropped and the
/// inserted rows added, all in one Delta commit.
/// </summary>
internal sealed partial class StatementExecutor
{
    private const string RowId = "__merge_rid";
    private const string SourceId = "__merge_sid";
    private const string ActionColumn = "__merge_action";

    private LakehouseResult Merge(MergeStatement s)
    {
        var (table, log, snapshot) = OpenTable(s.Target);
        var targetAlias = SqlRewriter.Quote(s.TargetAlias ?? table.Name);
        var sourceAliasName = s.SourceAlias ?? s.SourceTable?.Parts[^1]
            ?? throw new LakehouseException("PARSE_SYNTAX_ERROR", "42601", "A MERGE source subquery needs an alias.");
        var sourceAlias = SqlRewriter.Quote(sourceAliasName);
        ValidateClauses(s.Clauses);

        // Stage the source with a row id.
        var rewriter = _context.CreateRewriter(_resolver);
        var sourceSql = s.SourceQuery is not null
            ? "(" + rewriter.Rewrite(s.SourceQuery) + ")"
            : _resolver.ResolveTable(new TableReference(s.SourceTable!, s.SourceTimeTravel));
        var source = MaterializeSql($"SELECT *, row_number() OVER () AS {SourceId} FROM {sourceSql} AS {sourceAlias}", rewriter.BoundParameters, "merge_src");
        var sourceColumns = _context.Describe($"SELECT * EXCLUDE ({SourceId}) FROM {source}");

        // Schema evolution adds the source-only columns that * clauses would write.
        var schema = snapshot.Schema;
        var evolved = false;
        if (s.SchemaEvolution || _context.Session.IsOn("spark.databricks.delta.schema.autoMerge.enabled"))
        {
            // A source-only column is added when some * clause writes it (one that does not list it in EXCEPT).
            var stars = s.Clauses.Where(c => c.Action is MergeActionKind.UpdateAll or MergeActionKind.InsertAll).ToList();
            var extra = sourceColumns
                .Where(c => schema.Find(c.Name) is null && stars.Any(k => !(k.ExceptColumns ?? []).Contains(c.Name, StringComparer.OrdinalIgnoreCase)))
                .ToList();
            if (extra.Count > 0)
            {
                schema = new StructType(schema.Fields.Concat(extra.Select(c => new StructField(c.Name, DeltaType.ParseSql(SqlTypes.FromDuckDb(c.Type)), true))));
                evolved = true;
            }
        }

        var originalNames = snapshot.Schema.Fields.Select(f => f.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var fields = schema.Fields;
        string TargetValue(StructField f) => originalNames.Contains(f.Name) ? $"{targetAlias}.{SqlRewriter.Quote(f.Name)}" : "NULL";
        string SourceValue(StructField f)
        {
            var column = sourceColumns.FirstOrDefault(c => c.Name.Equals(f.Name, StringComparison.OrdinalIgnoreCase)).Name;
            return column is null ? null! : $"{sourceAlias}.{SqlRewriter.Quote(column)}";
        }

        // Target with row ids and file paths.
        var scan = snapshot.CreateScan(_context.Connection, includeFileColumn: true);
        var target = MaterializeSql($"SELECT *, row_number() OVER () AS {RowId} FROM {scan}", null, "merge_tgt");

        // Per clause: condition and, for updates and inserts, one value per (evolved) column.
        var caseMatched = new StringBuilder("CASE");
        var caseBySource = new StringBuilder("CASE");
        var caseNotMatched = new StringBuilder("CASE");
        var values = new List<string>();
        for (var k = 0; k < s.Clauses.Count; k++)
        {
            var clause = s.Clauses[k];
            var code = k + 1;
            var condition = clause.Condition is null ? "true" : $"coalesce({rewriter.Rewrite(clause.Condition)}, false)";
            var builder = clause.Match switch
            {
                MergeMatchKind.Matched => caseMatched,
                MergeMatchKind.NotMatchedBySource => caseBySource,
                _ => caseNotMatched,
            };
            builder.Append(CultureInfo.InvariantCulture, $" WHEN {condition} THEN {code}");
            if (clause.Action == MergeActionKind.Delete)
            {
                continue;
            }

            var assigned = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var a in clause.Assignments)
            {
                var name = StripAlias(a.Column, s.TargetAlias ?? table.Name);
                var field = schema.Find(name) ?? throw UnresolvedMergeColumn(a.Column);
                assigned[field.Name] = a.Value is null ? "NULL" : rewriter.Rewrite(a.Value);
            }

            for (var c = 0; c < clause.InsertColumns.Count; c++)
            {
                var field = schema.Find(StripAlias(clause.InsertColumns[c], s.TargetAlias ?? table.Name)) ?? throw UnresolvedMergeColumn(clause.InsertColumns[c]);
                assigned[field.Name] = rewriter.Rewrite(clause.InsertValues[c]);
            }

            // * EXCEPT (cols): listed columns keep the target's value (UPDATE) or get NULL (INSERT).
            var except = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var name in clause.ExceptColumns ?? [])
            {
                var field = schema.Find(StripAlias(name, s.TargetAlias ?? table.Name)) ?? throw UnresolvedMergeColumn(name);
                if (!except.Add(field.Name))
                {
                    throw new LakehouseException("DELTA_DUPLICATE_COLUMNS_FOUND", "42711", $"Found duplicate column(s) in the EXCEPT list: {field.Name}");
                }
            }

            for (var i = 0; i < fields.Count; i++)
            {
                var f = fields[i];
                string value = clause.Action switch
                {
                    MergeActionKind.UpdateAll when except.Contains(f.Name) => TargetValue(f),
                    MergeActionKind.InsertAll when except.Contains(f.Name) => "NULL",
                    MergeActionKind.UpdateAll => SourceValue(f) ?? (evolved || originalNames.Contains(f.Name) && s.SchemaEvolution ? TargetValue(f) : throw UnresolvedMergeColumn(f.Name)),
                    MergeActionKind.InsertAll => SourceValue(f) ?? (evolved || s.SchemaEvolution ? "NULL" : throw UnresolvedMergeColumn(f.Name)),
                    MergeActionKind.Update => assigned.TryGetValue(f.Name, out var v) ? v : TargetValue(f),
                    _ => assigned.TryGetValue(f.Name, out var v2) ? v2 : "NULL",
                };
                values.Add($"CAST({value} AS {f.Type.ToDuckDbType()}) AS \"__v{code}_{i}\"");
            }
        }

        var hasNotMatched = s.Clauses.Any(c => c.Match == MergeMatchKind.NotMatchedByTarget);
        var hasBySource = s.Clauses.Any(c => c.Match == MergeMatchKind.NotMatchedBySource);
        var join = (hasNotMatched, hasBySource) switch
        {
            (true, true) => "FULL OUTER JOIN",
            (true, false) => "RIGHT JOIN",
            (false, true) => "LEFT JOIN",
            _ => "INNER JOIN",
        };
        var on = rewriter.Rewrite(s.On);
        static string Close(StringBuilder cases) => cases.Length == 4 ? "0" : cases + " ELSE 0 END";
        var action = $"CASE WHEN {targetAlias}.{RowId} IS NOT NULL AND {sourceAlias}.{SourceId} IS NOT NULL THEN ({Close(caseMatched)}) "
            + $"WHEN {sourceAlias}.{SourceId} IS NULL THEN ({Close(caseBySource)}) ELSE ({Close(caseNotMatched)}) END";
        var joined = MaterializeSql(
            $"SELECT {targetAlias}.{RowId} AS {RowId}, {targetAlias}.{Snapshot.FileColumn} AS {Snapshot.FileColumn}, {sourceAlias}.{SourceId} AS {SourceId}, "
            + $"{action} AS {ActionColumn}{(values.Count > 0 ? ", " + string.Join(", ", values) : string.Empty)} "
            + $"FROM {target} AS {targetAlias} {join} {source} AS {sourceAlias} ON {on}",
            rewriter.BoundParameters,
            "merge_join");

        // Several source rows acting on one target row is ambiguous.
        var duplicate = _context.Scalar(
            $"SELECT {RowId} FROM {joined} WHERE {RowId} IS NOT NULL AND {SourceId} IS NOT NULL AND {ActionColumn} <> 0 GROUP BY {RowId} HAVING count(*) > 1 LIMIT 1");
        if (duplicate is not null)
        {
            throw new LakehouseException(
                "DELTA_MULTIPLE_SOURCE_ROW_MATCHING_TARGET_ROW_IN_MERGE",
                "21506",
                "Cannot perform Merge as multiple source rows matched and attempted to modify the same target row in the Delta table in possibly conflicting ways. "
                + "By SQL semantics of Merge, when multiple source rows match on the same target row, the result may be ambiguous as it is unclear which source row should be used to update or delete the matching target row. "
                + "You can preprocess the source table to eliminate the possibility of multiple matches.");
        }

        var updateCodes = Codes(s.Clauses, c => c.Match != MergeMatchKind.NotMatchedByTarget && c.Action is MergeActionKind.Update or MergeActionKind.UpdateAll);
        var deleteCodes = Codes(s.Clauses, c => c.Action == MergeActionKind.Delete);
        var insertCodes = Codes(s.Clauses, c => c.Match == MergeMatchKind.NotMatchedByTarget);
        var counts = _context.Rows(
            $"SELECT count(*) FILTER (WHERE {RowId} IS NOT NULL AND {ActionColumn} IN ({updateCodes})), "
            + $"count(*) FILTER (WHERE {RowId} IS NOT NULL AND {ActionColumn} IN ({deleteCodes})), "
            + $"count(*) FILTER (WHERE {RowId} IS NULL AND {ActionColumn} IN ({insertCodes})) FROM {joined}")[0];
        var updated = Convert.ToInt64(counts[0], CultureInfo.InvariantCulture);
        var deleted = Convert.ToInt64(counts[1], CultureInfo.InvariantCulture);
        var inserted = Convert.ToInt64(counts[2], CultureInfo.InvariantCulture);
        var sourceRows = Convert.ToInt64(_context.Scalar($"SELECT count(*) FROM {source}"), CultureInfo.InvariantCulture);

        var touchedPaths = _context.Rows($"SELECT DISTINCT {Snapshot.FileColumn} FROM {joined} WHERE {RowId} IS NOT NULL AND {ActionColumn} <> 0")
            .Select(r => (string)r[0]!).ToHashSet(StringComparer.Ordinal);
        var touched = snapshot.Files.Where(f => touchedPaths.Contains(f.Path)).ToList();

        string Project(Func<int, string> valueFor) => string.Join(", ", fields.Select((f, i) => $"{valueFor(i)} AS {SqlRewriter.Quote(f.Name)}"));
        string ChangedValue(int i, string codes) =>
            "CASE " + string.Join(' ', codes.Split(',').Select(c => $"WHEN {ActionColumn} = {c} THEN \"__v{c}_{i}\"")) + " END";
        var copySelect = $"SELECT {Project(i => originalNames.Contains(fields[i].Name) ? $"t.{SqlRewriter.Quote(fields[i].Name)}" : "NULL")} FROM {target} AS t "
            + $"WHERE t.{Snapshot.FileColumn} IN (SELECT DISTINCT {Snapshot.FileColumn} FROM {joined} WHERE {RowId} IS NOT NULL AND {ActionColumn} <> 0) "
            + $"AND NOT EXISTS (SELECT 1 FROM {joined} AS j WHERE j.{RowId} = t.{RowId} AND j.{ActionColumn} <> 0)";
        var parts = new List<string> { copySelect };
        if (updated > 0)
        {
            parts.Add($"SELECT {Project(i => ChangedValue(i, updateCodes))} FROM {joined} WHERE {RowId} IS NOT NULL AND {ActionColumn} IN ({updateCodes})");
        }

        if (inserted > 0)
        {
            parts.Add($"SELECT {Project(i => ChangedValue(i, insertCodes))} FROM {joined} WHERE {RowId} IS NULL AND {ActionColumn} IN ({insertCodes})");
        }

        var touchedRows = touched.Count == 0
            ? 0
            : Convert.ToInt64(_context.Scalar($"SELECT count(*) FROM {target} WHERE {Snapshot.FileColumn} IN (SELECT DISTINCT {Snapshot.FileColumn} FROM {joined} WHERE {RowId} IS NOT NULL AND {ActionColumn} <> 0)"), CultureInfo.InvariantCulture);
        var copied = touchedRows - updated - deleted;
        if (touched.Count == 0 && inserted == 0 && !evolved)
        {
            return CommandResults.Merge(0, 0, 0);
        }

        var metadata = evolved ? snapshot.Metadata.WithSchema(schema) : snapshot.Metadata;
        var transaction = BeginTransaction(log, snapshot);
        transaction.ReadWholeTable();
        transaction.ReadFiles(touched);
        if (evolved)
        {
            transaction.UpdateMetadata(metadata);
        }

        var adds = touched.Count == 0 && inserted == 0
            ? []
            : WriteFiles(table, metadata, string.Join(" UNION ALL ", touched.Count == 0 ? parts.Skip(1) : parts));
        transaction.RemoveFiles(touched);
        transaction.AddFiles(adds);
        Commit(transaction,
            "MERGE",
            new Dictionary<string, string>
            {
                ["predicate"] = JsonArray([s.On.ToString()]),
                ["matchedPredicates"] = ClausePredicates(s.Clauses, MergeMatchKind.Matched),
                ["notMatchedPredicates"] = ClausePredicates(s.Clauses, MergeMatchKind.NotMatchedByTarget),
                ["notMatchedBySourcePredicates"] = ClausePredicates(s.Clauses, MergeMatchKind.NotMatchedBySource),
            },
            new Dictionary<string, string>
            {
                ["numSourceRows"] = sourceRows.ToString(CultureInfo.InvariantCulture),
                ["numTargetRowsInserted"] = inserted.ToString(CultureInfo.InvariantCulture),
                ["numTargetRowsUpdated"] = updated.ToString(CultureInfo.InvariantCulture),
                ["numTargetRowsDeleted"] = deleted.ToString(CultureInfo.InvariantCulture),
                ["numTargetRowsCopied"] = copied.ToString(CultureInfo.InvariantCulture),
                ["numOutputRows"] = (copied + updated + inserted).ToString(CultureInfo.InvariantCulture),
                ["numTargetFilesAdded"] = adds.Count.ToString(CultureInfo.InvariantCulture),
                ["numTargetFilesRemoved"] = touched.Count.ToString(CultureInfo.InvariantCulture),
            },
            Token);
        return CommandResults.Merge(updated, deleted, inserted);
    }

    private static string Codes(IReadOnlyList<MergeClause> clauses, Func<MergeClause, bool> filter)
    {
        var codes = clauses.Select((c, k) => (c, k)).Where(x => filter(x.c)).Select(x => (x.k + 1).ToString(CultureInfo.InvariantCulture)).ToList();
        return codes.Count == 0 ? "-1" : string.Join(',', codes);
    }

    private static string ClausePredicates(IReadOnlyList<MergeClause> clauses, MergeMatchKind kind) =>
        new System.Text.Json.Nodes.JsonArray([.. clauses.Where(c => c.Match == kind).Select(c => (System.Text.Json.Nodes.JsonNode?)new System.Text.Json.Nodes.JsonObject
        {
            ["predicate"] = c.Condition?.ToString(),
            ["actionType"] = c.Action switch
            {
                MergeActionKind.Delete => "delete",
                MergeActionKind.Update or MergeActionKind.UpdateAll => "update",
                _ => "insert",
            },
        })]).ToJsonString();

    private static void ValidateClauses(IReadOnlyList<MergeClause> clauses)
    {
        foreach (var group in clauses.GroupBy(c => c.Match))
        {
            var list = group.ToList();
            if (list.Take(list.Count - 1).Any(c => c.Condition is null))
            {
                throw new LakehouseException(
                    "NON_LAST_MATCHED_CLAUSE_OMIT_CONDITION",
                    "42613",
                    "When there are more than one MATCHED clauses in a MERGE statement, only the last MATCHED clause can omit the condition.");
            }
        }
    }

    private static LakehouseException UnresolvedMergeColumn(string name) =>
        new("DELTA_MERGE_UNRESOLVED_EXPRESSION", "42601", $"Cannot resolve {name} in UPDATE/INSERT clause given the target and source columns.");
}
