namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// One result row. Values are typed from the manifest: BOOLEAN → bool, TINYINT/SMALLINT/INT/BIGINT → sbyte, short,
/// int, long; FLOAT/DOUBLE → float, double; DECIMAL → decimal (or the exact text when wider than
/// <see cref="decimal"/>); STRING → string; BINARY → byte[]; DATE → <see cref="DateOnly"/>; TIMESTAMP →
/// <see cref="DateTimeOffset"/> (UTC); TIMESTAMP_NTZ → <see cref="DateTime"/> (unspecified kind); ARRAY → list;
/// MAP → dictionary; STRUCT → dictionary by field name; INTERVAL and other types → their text; NULL → null.
/// </summary>
/// <remarks>
/// A row is a view of one position in a decoded block (an Arrow batch or a slice of a JSON_ARRAY chunk): reading
/// <see cref="Get{T}(int)"/> with the column's own type (for example <c>Get&lt;long&gt;</c> on a BIGINT) reads the
/// value in place without boxing; the indexers box. Rows stay valid after the stream moves on.
/// </remarks>
public sealed class SqlRow
{
    private readonly RowBlock _block;
    private readonly int _row;

    /// <summary>Creates a row.</summary>
    /// <param name="schema">The result schema.</param>
    /// <param name="values">The values, one per column.</param>
    public SqlRow(SqlResultSchema schema, object?[] values)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != schema.Count)
        {
            throw new ArgumentException($"The row has {values.Length} values for {schema.Count} columns.", nameof(values));
        }

        _block = RowBlock.FromValues(schema, values);
    }

    internal SqlRow(RowBlock block, int row)
    {
        _block = block;
        _row = row;
    }

    /// <summary>Gets the schema.</summary>
    public SqlResultSchema Schema => _block.Schema;

    /// <summary>Gets the number of values.</summary>
    public int FieldCount => _block.Columns.Length;

    /// <summary>Gets a value by ordinal.</summary>
    /// <param name="ordinal">The 0-based ordinal.</param>
    /// <returns>The value; null for SQL NULL.</returns>
    public object? this[int ordinal] => KeepingBlock(_block.Columns[ordinal].GetBoxed(_row));

    /// <summary>Gets a value by column name.</summary>
    /// <param name="name">The column name (case-insensitive).</param>
    /// <returns>The value; null for SQL NULL.</returns>
    /// <exception cref="KeyNotFoundException">There is no such column.</exception>
    public object? this[string name] => KeepingBlock(_block.Columns[Ordinal(name)].GetBoxed(_row));

    /// <summary>Gets a value converted to <typeparamref name="T"/> (numeric widening, nullable, dates).</summary>
    /// <typeparam name="T">The type wanted.</typeparam>
    /// <param name="name">The column name.</param>
    /// <returns>The value.</returns>
    public T Get<T>(string name) => KeepingBlock(ColumnValues.Get<T>(_block.Columns[Ordinal(name)], _row, name));

    /// <summary>Gets a value converted to <typeparamref name="T"/>; the column's own type is read without boxing.</summary>
    /// <typeparam name="T">The type wanted.</typeparam>
    /// <param name="ordinal">The ordinal.</param>
    /// <returns>The value.</returns>
    public T Get<T>(int ordinal) => KeepingBlock(ColumnValues.Get<T>(_block, ordinal, _row));

    /// <summary>
    /// Returns <paramref name="value"/> once read, keeping this row (and so its block and the Arrow body the block
    /// reads) reachable until then: a row read as a caller's last reference to it would otherwise be collectable while
    /// its value is still being read from the body, and a body whose block is unreachable goes back to the pool
    /// (<see cref="ManagedArrowAllocator.Recycled"/>).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private TValue KeepingBlock<TValue>(TValue value)
    {
        GC.KeepAlive(this);
        return value;
    }

    private int Ordinal(string name)
    {
        var i = Schema.IndexOf(name);
        return i >= 0 ? i : throw new KeyNotFoundException($"The result has no column '{name}'.");
    }
}
