using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace DeltaFunctions.Databricks.Simulation;

/// <summary>
/// What replay compares: a request rendered canonically (sorted keys) with the values that legitimately change between
/// runs cut out as placeholders — GUIDs (statement ids, staging file names, 32-hex ids), idempotency tokens and
/// ISO-8601 timestamps — and those values listed in order, so the matcher can check that one live value always maps
/// to the same recorded value (an id a response returned and a later path reuses).
/// </summary>
internal sealed partial class RequestShape
{
    private const string IdempotencyKey = "idempotency_token";

    private RequestShape(string template, IReadOnlyList<Volatile> volatiles, string rendered, string summary)
    {
        Template = template;
        Volatiles = volatiles;
        Rendered = rendered;
        Summary = summary;
    }

    /// <summary>Gets the canonical form with volatile values replaced by placeholders.</summary>
    public string Template { get; }

    /// <summary>Gets the volatile values in the order they appear.</summary>
    public IReadOnlyList<Volatile> Volatiles { get; }

    /// <summary>Gets the request as indented canonical JSON with its real values, for diffs.</summary>
    public string Rendered { get; }

    /// <summary>Gets <c>METHOD path</c>.</summary>
    public string Summary { get; }

    /// <summary>Builds the shape of a (redacted) request.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The shape.</returns>
    public static RequestShape Of(CassetteRequest request)
    {
        var node = new JsonObject { ["method"] = request.Method };
        Add(node, "origin", request.Origin);
        node["path"] = request.Path;
        Add(node, "query", request.Query?.DeepClone());
        Add(node, "body", request.Body?.DeepClone());
        Add(node, "body_text", request.BodyText);
        Add(node, "body_sha256", request.BodySha256);
        Add(node, "body_length", request.BodyLength);
        var volatiles = new List<Volatile>();
        var template = Canonical(node, volatiles, key: null)!.ToJsonString();
        var rendered = Canonical(node, volatiles: null, key: null)!.ToJsonString(new JsonSerializerOptions(CassetteJsonContext.CompactNodeOptions) { WriteIndented = true });
        return new RequestShape(template, volatiles, rendered, request.Method + " " + (request.Origin ?? string.Empty) + request.Path);
    }

    private static void Add(JsonObject node, string name, JsonNode? value)
    {
        if (value is not null)
        {
            node[name] = value;
        }
    }

    /// <summary>Returns a copy of a JSON value with object keys sorted (ordinal), recursively.</summary>
    /// <param name="node">The value.</param>
    /// <returns>The canonical copy.</returns>
    public static JsonNode? Sort(JsonNode? node) => Canonical(node, volatiles: null, key: null);

    private static JsonNode? Canonical(JsonNode? node, List<Volatile>? volatiles, string? key)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject obj:
                var sorted = new JsonObject();
                foreach (var (name, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    sorted[name] = Canonical(value, volatiles, name);
                }

                return sorted;
            case JsonArray array:
                return new JsonArray([.. array.Select(item => Canonical(item, volatiles, key))]);
            case JsonValue value when volatiles is not null && value.GetValueKind() == JsonValueKind.String:
                var text = value.GetValue<string>();
                if (string.Equals(key, IdempotencyKey, StringComparison.Ordinal))
                {
                    volatiles.Add(new Volatile(VolatileKind.Id, text));
                    return JsonValue.Create("{idempotency_token}");
                }

                return JsonValue.Create(CutVolatiles(text, volatiles));
            default:
                return node.DeepClone();
        }
    }

    private static string CutVolatiles(string text, List<Volatile> volatiles) =>
        VolatilePattern().Replace(text, match =>
        {
            if (match.Groups["ts"].Success)
            {
                volatiles.Add(new Volatile(VolatileKind.Timestamp, match.Value));
                return "{timestamp}";
            }

            volatiles.Add(new Volatile(VolatileKind.Id, match.Value.Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant()));
            return "{id}";
        });

    [GeneratedRegex(
        @"(?<ts>\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)|\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b|\b[0-9a-fA-F]{32}\b",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex VolatilePattern();

    /// <summary>A value that may differ between runs.</summary>
    /// <param name="Kind">Whether it is an id (bound one-to-one) or a timestamp (free).</param>
    /// <param name="Value">The value (ids lower case without dashes).</param>
    internal readonly record struct Volatile(VolatileKind Kind, string Value);

    /// <summary>The kinds of volatile values.</summary>
    internal enum VolatileKind
    {
        /// <summary>An id or token: one live value maps to one recorded value for the whole replay.</summary>
        Id,

        /// <summary>A timestamp: any value matches.</summary>
        Timestamp,
    }

    /// <summary>Renders a line diff of two renderings (<c>-</c> recorded, <c>+</c> live), unchanged lines indented.</summary>
    /// <param name="recorded">The recorded rendering.</param>
    /// <param name="live">The live rendering.</param>
    /// <param name="changedLines">The number of lines that differ.</param>
    /// <returns>The diff text.</returns>
    public static string Diff(string recorded, string live, out int changedLines)
    {
        var a = recorded.Split('\n');
        var b = live.Split('\n');

        // Longest common subsequence table; requests are small enough for O(n*m).
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var builder = new StringBuilder();
        changedLines = 0;
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                builder.Append("  ").AppendLine(a[x]);
                x++;
                y++;
            }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y]))
            {
                builder.Append("+ ").AppendLine(b[y++]);
                changedLines++;
            }
            else
            {
                builder.Append("- ").AppendLine(a[x++]);
                changedLines++;
            }
        }

        return builder.ToString();
    }
}
