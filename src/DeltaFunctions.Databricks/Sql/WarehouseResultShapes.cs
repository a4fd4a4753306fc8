using System.Collections.Concurrent;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// Which result shapes each warehouse refused, learned from its answers and shared by every <see cref="SqlClient"/>
/// of one <see cref="DatabricksClient"/>, so only the first statement on a warehouse walks the
/// <see cref="ResultShapeLadder"/> and later ones go straight to the pair that works. Thread-safe.
/// </summary>
internal sealed class WarehouseResultShapes
{
    // Keyed by a class, not a (string, ResultShape) tuple: a value-type key instantiates ConcurrentDictionary code that
    // is JIT-compiled on a cold start (#17).
    private readonly ConcurrentDictionary<Refusal, bool> _refused = new();

    /// <summary>Whether <paramref name="warehouse"/> refused <paramref name="shape"/> before.</summary>
    public bool IsRefused(string warehouse, ResultShape shape) => _refused.ContainsKey(new Refusal(warehouse, shape));

    /// <summary>Remembers that <paramref name="warehouse"/> refused <paramref name="shape"/>.</summary>
    public void Refuse(string warehouse, ResultShape shape) => _refused.TryAdd(new Refusal(warehouse, shape), true);

    /// <summary>
    /// Forgets what <paramref name="warehouse"/> refused among <paramref name="shapes"/>, so a warehouse whose
    /// configuration changed is asked again rather than never.
    /// </summary>
    public void Forget(string warehouse, IEnumerable<ResultShape> shapes)
    {
        foreach (var shape in shapes)
        {
            _refused.TryRemove(new Refusal(warehouse, shape), out _);
        }
    }

    /// <summary>A warehouse and a shape it refused.</summary>
    private sealed record Refusal(string Warehouse, ResultShape Shape);
}
