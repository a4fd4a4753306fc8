using System.Diagnostics.CodeAnalysis;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// One column of a decoded block of rows (an Arrow batch, or a slice of a JSON_ARRAY chunk), read in place: a
/// <see cref="SqlRow"/> is a view of one position, so rows cost no per-cell array and no boxing until a caller asks
/// for an <see cref="object"/>. Columns whose .NET type is known (integers, floating point, booleans, strings) derive
/// from <see cref="ColumnValues{T}"/> and are read typed; the rest hold or compute their boxed values.
/// </summary>
internal abstract class ColumnValues
{
    /// <summary>Whether the value at <paramref name="row"/> is SQL NULL.</summary>
    public abstract bool IsNull(int row);

    /// <summary>The value at <paramref name="row"/> as the .NET type <see cref="SqlRow"/> documents; null for SQL NULL.</summary>
    public abstract object? GetBoxed(int row);

    /// <summary>
    /// Reads a value as <typeparamref name="T"/>: straight from a typed column when the types match (no boxing),
    /// otherwise through <see cref="SqlValueConverter"/>, so conversions and errors are the same either way.
    /// </summary>
    public static T Get<T>(ColumnValues column, int row, string name) =>
        column is ColumnValues<T> typed && typed.TryGet(row, out var value)
            ? value
            : SqlValueConverter.Convert<T>(column.GetBoxed(row), name);

    /// <summary>As <see cref="Get{T}(ColumnValues, int, string)"/>, naming the column (for errors) only when converting.</summary>
    public static T Get<T>(RowBlock block, int ordinal, int row)
    {
        var column = block.Columns[ordinal];
        return column is ColumnValues<T> typed && typed.TryGet(row, out var value)
            ? value
            : SqlValueConverter.Convert<T>(column.GetBoxed(row), block.Schema.Columns[ordinal].Name);
    }
}

/// <summary>A column whose non-null values are <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The .NET type of the values.</typeparam>
internal abstract class ColumnValues<T> : ColumnValues
{
    /// <summary>The value at a row known not to be NULL.</summary>
    public abstract T Get(int row);

    /// <summary>Reads the value at <paramref name="row"/> unless it is NULL: one call where a reader would make two.</summary>
    /// <returns>False for SQL NULL.</returns>
    public virtual bool TryGet(int row, [MaybeNullWhen(false)] out T value)
    {
        if (IsNull(row))
        {
            value = default;
            return false;
        }

        value = Get(row);
        return true;
    }

    /// <inheritdoc />
    public override object? GetBoxed(int row) => IsNull(row) ? null : Get(row);
}

/// <summary>A column of already decoded values (any type), one per row.</summary>
internal sealed class ObjectColumn(object?[] values) : ColumnValues
{
    public override bool IsNull(int row) => values[row] is null;

    public override object? GetBoxed(int row) => values[row];
}

/// <summary>A column of typed values with a null flag per row, filled by a decoder.</summary>
/// <typeparam name="T">The .NET type of the values.</typeparam>
internal sealed class BufferColumn<T>(T[] values, bool[] nulls) : ColumnValues<T>
{
    public override bool IsNull(int row) => nulls[row];

    public override T Get(int row) => values[row];
}
