namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// One result row. Values are typed from the manifest: BOOLEAN → bool, TINYINT/SMALLINT/INT/BIGINT → sbyte, short,
/// int, long; FLOAT/DOUBLE → float, double; DECIMAL → decimal (or the exact text when wider than
/// <see cref="decimal"/>); STRING → string; BINARY → byte[]; DATE → <see cref="DateOnly"/>; TIMESTAMP →
/// <see cref="DateTimeOffset"/> (UTC); TIMESTAMP_NTZ → <see cref="DateTime"/> (unspecified kind); ARRAY → list;
/// MAP → dictionary; STRUCT → dictionary by field name; INTERVAL and other types → their text; NULL → null.
/// </summary>
public sealed class SqlRow
{
    private readonly object?[] _values;

    /// <summary>Creates a row.</summary>
    /// <param name="schema">The result schema.</param>
    /// <param name="values">The values, one per column.</param>
    public SqlRow(SqlResultSchema schema, object?[] values)
    {
        Schema = schema ?? throw new ArgumentNullException(nameof(schema));
        _values = values ?? throw new ArgumentNullException(nameof(values));
        if (values.Length != schema.Count)
        {
            throw new ArgumentException($"The row has {values.Length} values for {schema.Count} columns.", nameof(values));
        }
    }

    /// <summary>Gets the schema.</summary>
    public SqlResultSchema Schema { get; }

    /// <summary>Gets the number of values.</summary>
    public int FieldCount => _values.Length;

    internal object?[] Values => _values;

    /// <summary>Gets a value by ordinal.</summary>
    /// <param name="ordinal">The 0-based ordinal.</param>
    /// <returns>The value; null for SQL NULL.</returns>
    public object? this[int ordinal] => _values[ordinal];

    /// <summary>Gets a value by column name.</summary>
    /// <param name="name">The column name (case-insensitive).</param>
    /// <returns>The value; null for SQL NULL.</returns>
    /// <exception cref="KeyNotFoundException">There is no such column.</exception>
    public object? this[string name] => _values[Ordinal(name)];

    /// <summary>Gets a value converted to <typeparamref name="T"/> (numeric widening, nullable, dates).</summary>
    /// <typeparam name="T">The type wanted.</typeparam>
    /// <param name="name">The column name.</param>
    /// <returns>The value.</returns>
    public T Get<T>(string name) => SqlValueConverter.Convert<T>(_values[Ordinal(name)], name);

    /// <summary>Gets a value converted to <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The type wanted.</typeparam>
    /// <param name="ordinal">The ordinal.</param>
    /// <returns>The value.</returns>
    public T Get<T>(int ordinal) => SqlValueConverter.Convert<T>(_values[ordinal], Schema.Columns[ordinal].Name);

    private int Ordinal(string name)
    {
        var i = Schema.IndexOf(name);
        return i >= 0 ? i : throw new KeyNotFoundException($"The result has no column '{name}'.");
    }
}
