namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// Query tags for every statement submitted in the current asynchronous flow, for example the Functions host's
/// function name and invocation id so operators can find one invocation's queries in query history. Scopes nest: an
/// inner scope adds to (and per key overrides) the outer one until it is disposed. Per-call
/// <see cref="SqlExecuteOptions.QueryTags"/> still win over the scope, and the scope over
/// <see cref="DatabricksClientOptions.QueryTags"/>.
/// </summary>
public sealed class SqlQueryTagScope : IDisposable
{
    private static readonly AsyncLocal<SqlQueryTagScope?> Ambient = new();

    private readonly SqlQueryTagScope? _outer;
    private bool _disposed;

    private SqlQueryTagScope(SqlQueryTagScope? outer, IReadOnlyDictionary<string, string?> tags)
    {
        _outer = outer;
        Tags = tags;
    }

    /// <summary>Gets the tags in effect in the current flow (every open scope merged), or null outside any scope.</summary>
    public static IReadOnlyDictionary<string, string?>? Current => Ambient.Value?.Tags;

    /// <summary>Gets the tags of this scope merged with its outer scopes.</summary>
    public IReadOnlyDictionary<string, string?> Tags { get; }

    /// <summary>Opens a scope whose tags apply to every statement submitted in this flow until it is disposed.</summary>
    /// <param name="tags">The tags; a null or empty value makes a key-only tag.</param>
    /// <returns>The scope; dispose it to restore the previous tags.</returns>
    /// <exception cref="ArgumentException">A key is empty or blank, or the scopes together hold more than 20 tags.</exception>
    public static SqlQueryTagScope Begin(IReadOnlyDictionary<string, string?> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var outer = Ambient.Value;
        var merged = outer is null
            ? new Dictionary<string, string?>(StringComparer.Ordinal)
            : new Dictionary<string, string?>(outer.Tags, StringComparer.Ordinal);
        foreach (var (key, value) in tags)
        {
            if (SqlQueryTags.Problem(key) is { } problem)
            {
                throw new ArgumentException($"SqlQueryTagScope: {problem}", nameof(tags));
            }

            merged[key] = value;
        }

        if (merged.Count > SqlQueryTags.MaxTags)
        {
            throw new ArgumentException($"SqlQueryTagScope: the open scopes hold {merged.Count} query tags; a statement carries at most {SqlQueryTags.MaxTags}.", nameof(tags));
        }

        var scope = new SqlQueryTagScope(outer, merged);
        Ambient.Value = scope;
        return scope;
    }

    /// <summary>Closes the scope: the tags of the outer scope (or none) apply again.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (ReferenceEquals(Ambient.Value, this))
        {
            Ambient.Value = _outer;
        }
    }
}
