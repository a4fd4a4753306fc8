using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace DeltaFunctions.Pipelines.Tests.Validation;

/// <summary>The contract a generated request is sent to.</summary>
internal enum RequestKind
{
    JobRun,
    Merge,
    Sql,
    Maintenance,
}

/// <summary>One generated malformed request: its JSON text and where a problem must be reported.</summary>
/// <param name="Kind">Which parser it goes to.</param>
/// <param name="Json">The request text.</param>
/// <param name="Mutation">What was broken, for failure messages.</param>
/// <param name="ExpectedPaths">Paths each of which must have a problem reported at or below it.</param>
internal sealed record MalformedCase(RequestKind Kind, string Json, string Mutation, IReadOnlyList<string> ExpectedPaths);

/// <summary>
/// Breaks valid sample requests in one of many ways (wrong JSON kinds, missing required fields, unknown fields,
/// hostile identifiers, out-of-range numbers, invalid values, truncated or garbled text), each chosen so the result
/// is certainly invalid and the field to blame is known.
/// </summary>
internal static partial class MalformedRequestGenerator
{
    private static readonly string[] HostileIdentifiers =
    [
        "", " ", "a b", "x; DROP TABLE y", "a.b.c.d", "`", "a`b", "\u0000", "t\n", new string('x', 300),
        "../../etc/passwd", "'; --", "main.sales", "`a`.`b`", "tab\tle", "naïve name", "(select 1)",
    ];

    private static readonly Seed[] Seeds =
    [
        new(
            RequestKind.JobRun,
            """{"mode":"Parallel","timeoutSeconds":600,"cancelOnTimeout":true,"jobs":[{"key":"report","jobId":7,"jobParameters":{"day":"2026-11-23"},"timeoutSeconds":300},{"key":"ingest","run":{"runName":"ingest","tasks":[{"taskKey":"a","notebookTask":{"notebookPath":"/Workspace/etl/a","baseParameters":{"day":"x"}}},{"taskKey":"b","dependsOn":["a"],"newCluster":{"spark_version":"15.4.x-scala2.12","num_workers":1},"sparkPythonTask":{"pythonFile":"/Workspace/b.py","parameters":["--x"]}}]}}],"polling":{"initialIntervalSeconds":5,"maxIntervalSeconds":30,"backoffCoefficient":2}}""",
            Removals:
            [
                ("jobs", "jobs"), ("jobs[0].key", "jobs[0].key"), ("jobs[0].jobId", "jobs[0]"), ("jobs[1].run", "jobs[1]"),
                ("jobs[1].run.tasks", "jobs[1].run.tasks"), ("jobs[1].run.tasks[0].taskKey", "jobs[1].run.tasks[0].taskKey"),
                ("jobs[1].run.tasks[0].notebookTask", "jobs[1].run.tasks[0]"),
                ("jobs[1].run.tasks[0].notebookTask.notebookPath", "jobs[1].run.tasks[0].notebookTask.notebookPath"),
                ("jobs[1].run.tasks[1].sparkPythonTask.pythonFile", "jobs[1].run.tasks[1].sparkPythonTask.pythonFile"),
            ],
            Identifiers: ["jobs[0].key", "jobs[1].key", "jobs[1].run.tasks[0].taskKey", "jobs[1].run.tasks[1].dependsOn[0]"],
            BadValues:
            [
                ("timeoutSeconds", [0, -5, 604801]), ("jobs[0].jobId", [0, -1]), ("jobs[0].timeoutSeconds", [0, 601, -3]),
                ("polling.initialIntervalSeconds", [0, 3601]), ("polling.maxIntervalSeconds", [0, 3601, 4]),
                ("polling.backoffCoefficient", [0.5, 11, 0]), ("jobs[1].run.tasks[0].notebookTask.notebookPath", ["", "  ", "/a/../b"]),
            ]),
        new(
            RequestKind.Merge,
            """{"targetTable":"main.sales.orders","keys":["id","day"],"rows":[{"id":1,"day":"2026-11-23","amt":10.5,"op":"U"},{"id":2,"day":"2026-11-23","amt":null,"op":"D"}],"clauses":{"update":"Columns","updateColumns":["amt"],"deleteWhen":{"column":"op","value":"D"},"insert":true},"schemaEvolution":false,"batchId":"msg-1"}""",
            Removals:
            [
                ("targetTable", "targetTable"), ("keys", "keys"), ("rows", "rows"), ("rows[0].id", "rows[0].id"), ("rows[1].day", "rows[1].day"),
                ("clauses.updateColumns", "clauses.updateColumns"), ("clauses.deleteWhen.column", "clauses.deleteWhen.column"),
                ("clauses.deleteWhen.value", "clauses.deleteWhen.value"),
            ],
            Identifiers: ["targetTable", "keys[0]", "keys[1]", "clauses.updateColumns[0]", "clauses.deleteWhen.column"],
            BadValues:
            [
                ("batchId", ["", "has space", new string('b', 129), "a/b"]), ("rows[1].id", [null]), ("rows[1]", [JsonNode.Parse("""{"id":1,"day":"2026-11-23"}""")]),
                ("rows[0].day", [null]), ("rows", Array.Empty<object?>()), ("clauses.deleteWhen.value", [null]),
            ],
            RowColumns: ["rows[0].amt", "rows[1].op"]),
        new(
            RequestKind.Merge,
            """{"targetTable":"`my-cat`.sales.`order-items`","mode":"Upsert","keys":["id"],"sourcePath":"/Volumes/main/staging/in/batch-1.parquet","sourceFormat":"Parquet"}""",
            Removals: [("targetTable", "targetTable"), ("keys", "keys"), ("sourcePath", "rows")],
            Identifiers: ["targetTable", "keys[0]", "sourcePath"],
            BadValues: [("sourcePath", ["/Volumes/a/b/c/../../x", "/Volumes/a/b/c/", "/Volumes/a/b/c/x'y"])]),
        new(
            RequestKind.Sql,
            """{"statement":"SELECT * FROM IDENTIFIER(:tbl) WHERE id = :id","parameters":[{"name":"tbl","value":"main.sales.orders"},{"name":"id","value":"42","type":"BIGINT"}],"warehouseId":"abc123","rowLimit":100,"replyTo":"sql-replies","catalog":"main","schema":"sales"}""",
            Removals: [("statement", "statement"), ("parameters", "statement"), ("parameters[0].name", "parameters[0].name")],
            Identifiers: ["parameters[0].name", "parameters[1].name", "warehouseId"],
            BadValues:
            [
                ("rowLimit", [0, -1]), ("statement", ["", "   ", "SELECT :nope"]), ("parameters[1].value", ["abc", "1.5", "99999999999999999999"]),
                ("parameters[1].type", ["ARRAY<INT>", "BIGINT; DROP TABLE t", "DECIMAL(40,1)", "MAP<STRING,INT>"]),
                ("catalog", ["a b", "a.b", "a/b", ""]), ("replyTo", ["-x", "a b", "x;y"]),
            ]),
        new(
            RequestKind.Maintenance,
            """{"tables":[{"name":"main.sales.orders","zOrderBy":["customer_id","day"],"vacuumRetentionHours":168,"days":["Sunday"]},{"name":"main.sales.items","optimize":false,"vacuum":true}],"warehouseId":"wh1","schedule":{"optimizeCron":"0 0 2 * * *","vacuumCron":"0 0 3 * * 0","timeZone":"UTC"},"statementTimeoutMinutes":60}""",
            Removals: [("tables", "tables"), ("tables[0].name", "tables[0].name"), ("tables[1].name", "tables[1].name")],
            Identifiers: ["tables[0].name", "tables[1].name", "tables[0].zOrderBy[0]", "tables[0].zOrderBy[1]", "warehouseId"],
            BadValues:
            [
                ("tables[0].vacuumRetentionHours", [0, 24, 167, -1, 87601]), ("tables[1].vacuumRetentionHours", [100]),
                ("statementTimeoutMinutes", [0, 1441]), ("schedule.optimizeCron", ["every day", "* *", "0 0 2 * * * * *"]),
                ("schedule.timeZone", ["Mars/Olympus", ""]), ("tables[0].days[0]", ["Funday", "1", "Monday,Tuesday"]),
                ("tables[1].vacuum", [false], "tables[1]"), ("tables[1].name", ["main.sales.orders", "MAIN.SALES.ORDERS"]),
            ]),
    ];

    private static readonly HashSet<string> FreeFormObjects = new(StringComparer.Ordinal)
    {
        "jobParameters", "baseParameters", "newCluster",
    };

    public static MalformedCase Create(int seed)
    {
        var random = new Random(seed);
        var sample = Seeds[random.Next(Seeds.Length)];
        var mutation = random.Next(9);
        return mutation switch
        {
            0 => WrongType(sample, random, 1),
            1 => WrongType(sample, random, 2),
            2 => Remove(sample, random),
            3 => Unknown(sample, random),
            4 => Hostile(sample, random),
            5 => BadValue(sample, random),
            6 => Truncate(sample, random),
            7 => DropQuote(sample, random),
            _ => sample.RowColumns.Length > 0 && random.Next(2) == 0 ? HostileRowColumn(sample, random) : WrongRoot(sample, random),
        };
    }

    private static MalformedCase WrongType(Seed sample, Random random, int count)
    {
        var root = sample.Parse();
        // Rows and cluster specs are free-form JSON checked after the shape, so pair them with nothing else:
        // shape problems are all reported together, the rules on free-form values once the shape is right.
        var candidates = Walk(root, "$").Where(p => IsTypedValue(p.Path) && (count == 1 || !IsFreeForm(p.Path))).ToList();
        var chosen = new List<string>();
        while (chosen.Count < count)
        {
            var (path, node) = candidates[random.Next(candidates.Count)];

            // Two mutations must not nest, or the inner one would vanish with the outer.
            if (chosen.Any(c => IsAtOrBelow(path, c) || IsAtOrBelow(c, path)))
            {
                continue;
            }

            Replace(root, path, WrongValue(node, random));
            chosen.Add(path);
        }

        return new(sample.Kind, root.ToJsonString(), "wrong type at " + string.Join(", ", chosen), chosen);
    }

    private static MalformedCase Remove(Seed sample, Random random)
    {
        var root = sample.Parse();
        var (path, expected) = sample.Removals[random.Next(sample.Removals.Length)];
        var (parent, name) = Split(path);
        ((JsonObject)Navigate(root, parent)!).Remove(name);
        return new(sample.Kind, root.ToJsonString(), "removed " + path, [expected]);
    }

    private static MalformedCase Unknown(Seed sample, Random random)
    {
        var root = sample.Parse();
        var objects = Walk(root, "$").Where(p => p.Node is JsonObject && IsContractObject(p.Path)).ToList();
        var (path, node) = objects[random.Next(objects.Count)];
        var name = "zzUnknown" + random.Next(1000);
        ((JsonObject)node!)[name] = random.Next(2) == 0 ? "x" : 1;
        return new(sample.Kind, root.ToJsonString(), "unknown field at " + path, [path == "$" ? name : path + "." + name]);
    }

    private static MalformedCase Hostile(Seed sample, Random random)
    {
        var root = sample.Parse();
        var path = sample.Identifiers[random.Next(sample.Identifiers.Length)];
        var value = HostileIdentifiers[random.Next(HostileIdentifiers.Length)];
        Replace(root, path, JsonValue.Create(value));
        return new(sample.Kind, root.ToJsonString(), $"hostile identifier {JsonSerializer.Serialize(value)} at {path}", [path]);
    }

    private static MalformedCase HostileRowColumn(Seed sample, Random random)
    {
        var root = sample.Parse();
        var path = sample.RowColumns[random.Next(sample.RowColumns.Length)];
        var (parent, name) = Split(path);
        var row = (JsonObject)Navigate(root, parent)!;
        var value = row[name]?.DeepClone();
        row.Remove(name);
        row[HostileIdentifiers[random.Next(HostileIdentifiers.Length)]] = value;
        return new(sample.Kind, root.ToJsonString(), "hostile column name in " + parent, [parent]);
    }

    private static MalformedCase BadValue(Seed sample, Random random)
    {
        var root = sample.Parse();
        var (path, values, expected) = sample.BadValues[random.Next(sample.BadValues.Length)];
        if (values.Length == 0)
        {
            Replace(root, path, new JsonArray());
            return new(sample.Kind, root.ToJsonString(), "emptied " + path, [path]);
        }

        var value = values[random.Next(values.Length)];
        Replace(root, path, value is null ? null : JsonSerializer.SerializeToNode(value));
        return new(sample.Kind, root.ToJsonString(), $"value {JsonSerializer.Serialize(value)} at {path}", [expected ?? path]);
    }

    private static MalformedCase Truncate(Seed sample, Random random)
    {
        var cut = random.Next(1, sample.Json.Length);
        return new(sample.Kind, sample.Json[..cut], "truncated at " + cut, ["$"]);
    }

    private static MalformedCase DropQuote(Seed sample, Random random)
    {
        var quotes = QuoteRegex().Matches(sample.Json).Select(m => m.Index).ToArray();
        var at = quotes[random.Next(quotes.Length)];
        return new(sample.Kind, sample.Json.Remove(at, 1), "dropped the quote at " + at, ["$"]);
    }

    private static MalformedCase WrongRoot(Seed sample, Random random)
    {
        string[] roots = ["[]", "42", "\"text\"", "null", "true", "[" + sample.Json + "]"];
        return new(sample.Kind, roots[random.Next(roots.Length)], "wrong root", ["$"]);
    }

    private static bool IsTypedValue(string path) =>
        path != "$"
        && !RowValueRegex().IsMatch(path)
        && !path.Contains("newCluster.", StringComparison.Ordinal)
        && !path.EndsWith("deleteWhen.value", StringComparison.Ordinal);

    private static bool IsFreeForm(string path) => RowRegex().IsMatch(path) || path.EndsWith("newCluster", StringComparison.Ordinal);

    private static bool IsContractObject(string path)
    {
        if (path == "$")
        {
            return true;
        }

        var last = path.Split('.')[^1];
        return !FreeFormObjects.Contains(last) && !RowRegex().IsMatch(path) && !path.EndsWith("sqlFileTask.parameters", StringComparison.Ordinal);
    }

    private static JsonNode WrongValue(JsonNode? node, Random random)
    {
        JsonNode[] options = node switch
        {
            JsonObject => [new JsonArray(), JsonValue.Create("x"), JsonValue.Create(1)],
            JsonArray => [new JsonObject(), JsonValue.Create("x"), JsonValue.Create(1)],
            JsonValue v when v.GetValueKind() == JsonValueKind.String => [JsonValue.Create(12345), JsonValue.Create(true), new JsonArray(), new JsonObject()],
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => [JsonValue.Create("12"), JsonValue.Create(false), new JsonArray(), new JsonObject()],
            _ => [JsonValue.Create("true"), JsonValue.Create(1), new JsonArray(), new JsonObject()],
        };
        return options[random.Next(options.Length)];
    }

    private static IEnumerable<(string Path, JsonNode? Node)> Walk(JsonNode? node, string path)
    {
        yield return (path, node);
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, child) in o.ToList())
                {
                    foreach (var item in Walk(child, path == "$" ? name : path + "." + name))
                    {
                        yield return item;
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    foreach (var item in Walk(a[i], $"{(path == "$" ? string.Empty : path)}[{i}]"))
                    {
                        yield return item;
                    }
                }

                break;
        }
    }

    private static JsonNode? Navigate(JsonNode root, string path)
    {
        var node = root;
        foreach (Match m in SegmentRegex().Matches(path))
        {
            node = m.Groups["name"].Success ? node![m.Groups["name"].Value] : node![int.Parse(m.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture)];
        }

        return node;
    }

    private static void Replace(JsonNode root, string path, JsonNode? value)
    {
        var last = SegmentRegex().Matches(path)[^1];
        var parent = Navigate(root, path[..last.Index].TrimEnd('.'));
        if (last.Groups["name"].Success)
        {
            parent![last.Groups["name"].Value] = value;
        }
        else
        {
            parent![int.Parse(last.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture)] = value;
        }
    }

    private static (string Parent, string Name) Split(string path)
    {
        var dot = path.LastIndexOf('.');
        return dot < 0 ? (string.Empty, path) : (path[..dot], path[(dot + 1)..]);
    }

    internal static bool IsAtOrBelow(string path, string ancestor) =>
        path == ancestor
        || ancestor == "$"
        || (path.StartsWith(ancestor, StringComparison.Ordinal) && path.Length > ancestor.Length && path[ancestor.Length] is '.' or '[');

    [GeneratedRegex(@"(?<name>[A-Za-z_][A-Za-z0-9_]*)|\[(?<index>\d+)\]")]
    private static partial Regex SegmentRegex();

    [GeneratedRegex(@"^rows\[\d+\]\.")]
    private static partial Regex RowValueRegex();

    [GeneratedRegex(@"^rows\[\d+\]$")]
    private static partial Regex RowRegex();

    [GeneratedRegex("\"")]
    private static partial Regex QuoteRegex();

    /// <summary>A value that breaks the field at <paramref name="Path"/>; the problem is expected at <paramref name="Expected"/> (default: the field).</summary>
    private sealed record Breakage(string Path, object?[] Values, string? Expected = null)
    {
        public static implicit operator Breakage((string Path, object?[] Values) t) => new(t.Path, t.Values);

        public static implicit operator Breakage((string Path, object?[] Values, string Expected) t) => new(t.Path, t.Values, t.Expected);
    }

    private sealed record Seed(
        RequestKind Kind,
        string Json,
        (string Path, string Expected)[] Removals,
        string[] Identifiers,
        Breakage[] BadValues,
        string[]? RowColumns = null)
    {
        public string[] RowColumns { get; } = RowColumns ?? [];

        public JsonNode Parse() => JsonNode.Parse(Json)!;
    }
}
