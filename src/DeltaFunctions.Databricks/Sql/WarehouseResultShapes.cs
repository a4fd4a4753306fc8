using System.Collections.Concurrent;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// Which result shapes each warehouse refused, learned from its answers and shared by every <see cref="SqlClient"/>
/// of one <see cref="DatabricksClient"/>, so only the first statement on a warehouse walks the
/// <see cref="ResultShapeLadder"/> and later ones go straight to the pair that works. Thread-safe.
/// </summary>
internal sealed class WarehouseResultShapes
{
    private readonly ConcurrentDictionary<(string Warehouse, ResultShape Shape), bool> _refused = new();

    /// <summary>Whether <paramref name="warehouse"/> refused <paramref name="shape"/> before.</summary>
    public bool IsRefused(string warehouse, ResultShape shape) => _refused.ContainsKey((warehouse, shape));

    /// <summary>Remembers that <paramref name="warehouse"/> refused <paramref name="shape"/>.</summary>
    public void Refuse(string warehouse, ResultShape shape) => _refused.TryAdd((warehouse, shape), true);

    /// <summary>
    /// Forgets what <paramref name="warehouse"/> refused among <paramref name="shapes"/>, so a warehouse whose
    /// configuration changed is asked again rather than never.
    /// </summary>
    public void Forget(string warehouse, IEnumerable<ResultShape> shapes)
    {
        foreach (var shape in shapes)
        {
            _refused.TryRemove((warehouse, shape), out _);
        }
    }
}
