namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// Merges and checks the query tags a statement carries (request field <c>query_tags</c>, shown in query history and
/// <c>system.query.history</c>): the client's defaults (<see cref="DatabricksClientOptions.QueryTags"/>), then the
/// ambient <see cref="SqlQueryTagScope"/>, then <see cref="SqlExecuteOptions.QueryTags"/>; a later source wins per key.
/// </summary>
internal static class SqlQueryTags
{
    /// <summary>The most tags one statement may carry (Statement Execution API: "up to 20").</summary>
    public const int MaxTags = 20;

    /// <summary>The tags to send, or null when there are none.</summary>
    /// <exception cref="ArgumentException">More than <see cref="MaxTags"/> tags, or a key that is empty or blank.</exception>
    public static List<StatementQueryTag>? Merge(
        IReadOnlyDictionary<string, string?>? defaults, IReadOnlyDictionary<string, string?>? ambient, IReadOnlyDictionary<string, string?>? perCall)
    {
        if (defaults is not { Count: > 0 } && ambient is not { Count: > 0 } && perCall is not { Count: > 0 })
        {
            return null;
        }

        var merged = new List<StatementQueryTag>();
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (source, tags) in new[] { ("Databricks:QueryTags", defaults), ("SqlQueryTagScope", ambient), ("SqlExecuteOptions.QueryTags", perCall) })
        {
            foreach (var (key, value) in tags ?? new Dictionary<string, string?>())
            {
                if (Problem(key) is { } problem)
                {
                    throw new ArgumentException($"{source}: {problem}", nameof(perCall));
                }

                var tag = new StatementQueryTag(key, string.IsNullOrEmpty(value) ? null : value);
                if (positions.TryGetValue(key, out var at))
                {
                    merged[at] = tag;
                }
                else
                {
                    positions[key] = merged.Count;
                    merged.Add(tag);
                }
            }
        }

        if (merged.Count > MaxTags)
        {
            throw new ArgumentException(
                $"A statement carries at most {MaxTags} query tags; these {merged.Count} come from Databricks:QueryTags, SqlQueryTagScope and SqlExecuteOptions.QueryTags together: {string.Join(", ", merged.Select(t => t.Key))}.",
                nameof(perCall));
        }

        return merged;
    }

    /// <summary>What is wrong with one tag key, or null when it is fine.</summary>
    public static string? Problem(string? key) =>
        string.IsNullOrWhiteSpace(key) ? "a query tag key must not be empty or blank (a tag without a key cannot be searched for)." : null;

    /// <summary>The problems of a set of default tags, each naming the configuration key.</summary>
    public static IEnumerable<string> Problems(IReadOnlyDictionary<string, string?> tags, string source)
    {
        if (tags.Count > MaxTags)
        {
            yield return $"{source} has {tags.Count} tags; a statement carries at most {MaxTags}.";
        }

        foreach (var key in tags.Keys)
        {
            if (Problem(key) is { } problem)
            {
                yield return $"{source}: {problem}";
            }
        }
    }
}
