using System.Text;
using System.Text.Json;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Pipelines.Validation;

namespace DeltaFunctions.Pipelines.Merge;

/// <summary>The rules of a <see cref="MergeRequest"/> beyond its JSON shape.</summary>
internal static class MergeRequestValidator
{
    private const int MaxKeys = 32;
    private const int MaxColumns = 1000;
    private const int MaxSourcePathLength = 4096;

    public static void Validate(MergeRequest request, ProblemCollector problems)
    {
        ValidationRules.Table(problems, "targetTable", request.TargetTable);
        if (request.BatchId is { } batchId)
        {
            ValidationRules.Token(problems, "batchId", batchId, 128, "-_.:");
        }

        string[] keys = [];
        if (request.Mode == MergeMode.Upsert)
        {
            ValidationRules.Columns(problems, "keys", request.Keys, 1, MaxKeys);
            keys = request.Keys?.Where(k => ColumnName.IsValid(k, out _)).Distinct(StringComparer.OrdinalIgnoreCase).ToArray() ?? [];
            ValidateClauses(request.Clauses, keys, problems);
        }
        else
        {
            if (request.Keys is { Count: > 0 })
            {
                problems.Add("keys", ValidationCodes.Conflict, "an append has no key columns; use mode Upsert to match on keys");
            }

            if (request.Clauses is not null)
            {
                problems.Add("clauses", ValidationCodes.Conflict, "clauses apply to an upsert only");
            }
        }

        switch (request.Rows, request.SourcePath)
        {
            case (null, null):
                problems.Add("rows", ValidationCodes.Conflict, "set either rows or sourcePath");
                break;
            case ({ }, { }):
                problems.Add("sourcePath", ValidationCodes.Conflict, "set either rows or sourcePath, not both");
                break;
            case ({ } rows, null):
                if (request.SourceFormat is not null)
                {
                    problems.Add("sourceFormat", ValidationCodes.Conflict, "sourceFormat applies to a staged sourcePath only");
                }

                ValidateRows(rows, keys, problems);
                break;
            case (null, { } sourcePath):
                ValidateSourcePath(sourcePath, problems);
                break;
        }
    }

    private static void ValidateClauses(MergeClauses? clauses, string[] keys, ProblemCollector problems)
    {
        if (clauses is null)
        {
            return;
        }

        if (clauses.Update == MergeUpdateMode.Columns)
        {
            ValidationRules.Columns(problems, "clauses.updateColumns", clauses.UpdateColumns, 1, MaxColumns);
            if (clauses.UpdateColumns is { } columns)
            {
                for (var i = 0; i < columns.Count; i++)
                {
                    if (keys.Contains(columns[i], StringComparer.OrdinalIgnoreCase))
                    {
                        problems.Add(ProblemCollector.Index("clauses.updateColumns", i), ValidationCodes.Conflict, "a key column cannot be updated");
                    }
                }
            }
        }
        else if (clauses.UpdateColumns is not null)
        {
            problems.Add("clauses.updateColumns", ValidationCodes.Conflict, "updateColumns applies when update is Columns");
        }

        if (clauses.DeleteWhen is { } deleteWhen)
        {
            ValidationRules.Column(problems, "clauses.deleteWhen.column", deleteWhen.Column);
            if (deleteWhen.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False))
            {
                problems.Add("clauses.deleteWhen.value", ValidationCodes.WrongType, "must be a string, number or boolean");
            }
        }

        if (clauses.Update == MergeUpdateMode.None && clauses.DeleteWhen is null && !clauses.EffectiveInsert)
        {
            problems.Add("clauses", ValidationCodes.Conflict, "the clauses neither update, delete nor insert anything");
        }
    }

    private static void ValidateRows(IReadOnlyList<JsonElement> rows, string[] keys, ProblemCollector problems)
    {
        if (rows.Count == 0 || rows.Count > MergeRequest.MaxInlineRows)
        {
            problems.Add("rows", ValidationCodes.OutOfRange, $"must hold between 1 and {MergeRequest.MaxInlineRows} rows; stage larger batches under /Volumes");
            return;
        }

        // Several source rows matching one target row make MERGE fail (DELTA_MULTIPLE_SOURCE_ROW_MATCHING_TARGET_ROW_IN_MERGE),
        // so duplicate keys are refused here rather than after a round trip.
        var seenKeys = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            var path = ProblemCollector.Index("rows", i);
            var row = rows[i];
            if (row.ValueKind != JsonValueKind.Object)
            {
                problems.Add(path, ValidationCodes.WrongType, "a row must be a JSON object of column → value");
                continue;
            }

            var columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var count = 0;
            foreach (var property in row.EnumerateObject())
            {
                count++;
                var columnPath = ProblemCollector.Property(path, property.Name);
                if (ValidationRules.Column(problems, columnPath, property.Name) && !columns.Add(property.Name))
                {
                    problems.Add(columnPath, ValidationCodes.Duplicate, "the column appears more than once in the row (column names are case-insensitive)");
                }
            }

            if (count == 0)
            {
                problems.Add(path, ValidationCodes.Required, "a row must hold at least one column");
            }
            else if (count > MaxColumns)
            {
                problems.Add(path, ValidationCodes.TooLarge, $"a row may hold at most {MaxColumns} columns");
            }

            if (keys.Length > 0 && RowKey(row, keys, path, problems) is { } rowKey && !seenKeys.TryAdd(rowKey, i))
            {
                problems.Add(path, ValidationCodes.Duplicate, $"has the same key as rows[{seenKeys[rowKey]}]; a merge source must not repeat a key");
            }
        }
    }

    private static string? RowKey(JsonElement row, string[] keys, string path, ProblemCollector problems)
    {
        var builder = new StringBuilder();
        var complete = true;
        foreach (var key in keys)
        {
            var keyPath = ProblemCollector.Property(path, key);
            JsonElement value = default;
            var found = false;
            foreach (var property in row.EnumerateObject())
            {
                if (string.Equals(property.Name, key, StringComparison.OrdinalIgnoreCase))
                {
                    value = property.Value;
                    found = true;
                    break;
                }
            }

            if (!found || value.ValueKind == JsonValueKind.Null)
            {
                problems.Add(keyPath, ValidationCodes.Required, $"key column '{key}' must have a value");
                complete = false;
            }
            else if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
            {
                problems.Add(keyPath, ValidationCodes.WrongType, "a key value must be a string, number or boolean");
                complete = false;
            }
            else
            {
                builder.Append(value.GetRawText()).Append('\u001f');
            }
        }

        return complete ? builder.ToString() : null;
    }

    private static void ValidateSourcePath(string sourcePath, ProblemCollector problems)
    {
        const string path = "sourcePath";
        if (sourcePath.Length > MaxSourcePathLength)
        {
            problems.Add(path, ValidationCodes.TooLarge, $"must be at most {MaxSourcePathLength} characters");
            return;
        }

        var segments = sourcePath.Split('/');

        // "/Volumes/<catalog>/<schema>/<volume>/<file or folder>…" splits into "", "Volumes", three names and at least one more.
        if (!sourcePath.StartsWith("/Volumes/", StringComparison.Ordinal) || segments.Length < 6)
        {
            problems.Add(path, ValidationCodes.InvalidValue, "must be a staged file or folder under /Volumes/<catalog>/<schema>/<volume>/");
            return;
        }

        for (var i = 2; i <= 4; i++)
        {
            if (!TableName.IsValidObjectName(segments[i], out var error))
            {
                problems.Add(path, ValidationCodes.InvalidIdentifier, $"volume path segment {i - 1}: {error}");
                return;
            }
        }

        if (segments.Skip(5).Any(s => s is "." or ".."))
        {
            problems.Add(path, ValidationCodes.InvalidValue, "must not contain '.' or '..' segments");
        }
        else if (segments[^1].Length == 0 && segments.Length == 6)
        {
            problems.Add(path, ValidationCodes.InvalidValue, "must name a file or folder inside the volume");
        }
        else if (sourcePath.Any(c => char.IsControl(c) || c is '\'' or '"' or '`' or '\\' or '?' or '*'))
        {
            problems.Add(path, ValidationCodes.InvalidValue, "must not contain control characters, quotes, backslashes or wildcards");
        }
    }
}
