using System.Collections.Concurrent;

namespace DeltaFunctions.Lakehouse.Log;

/// <summary>
/// A thread-safe map from a key to a value computed once, holding at most <see cref="Capacity"/> entries: when a new
/// entry would exceed that the map is emptied, so memory stays bounded however many distinct keys an engine sees (the
/// entries are cheap to compute again). The engine's schema caches keep their entries here.
/// </summary>
/// <typeparam name="TValue">The cached value.</typeparam>
internal sealed class BoundedCache<TValue>
{
    private readonly ConcurrentDictionary<string, TValue> _entries = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="BoundedCache{TValue}"/> class.</summary>
    /// <param name="capacity">The most entries held at once.</param>
    public BoundedCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>Gets the most entries held at once.</summary>
    public int Capacity { get; }

    /// <summary>Gets the number of entries held now.</summary>
    public int Count => _entries.Count;

    /// <summary>Returns the value held for <paramref name="key"/>, or computes, remembers and returns it.</summary>
    /// <param name="key">The key.</param>
    /// <param name="compute">Computes the value on a miss; an exception leaves nothing remembered.</param>
    /// <returns>The value.</returns>
    public TValue GetOrAdd(string key, Func<TValue> compute)
    {
        if (_entries.TryGetValue(key, out var known))
        {
            return known;
        }

        var value = compute();
        if (_entries.Count >= Capacity)
        {
            _entries.Clear();
        }

        _entries[key] = value;
        return value;
    }
}
