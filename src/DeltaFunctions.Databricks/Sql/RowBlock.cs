namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// A block of decoded rows sharing one schema: an Arrow record batch or a slice of a JSON_ARRAY chunk, read column by
/// column. <see cref="SqlRow"/>s and mapped caller types are read from it in place.
/// </summary>
internal sealed class RowBlock
{
    /// <summary>
    /// What holds the block's values (the Arrow batch it reads), when that memory can be reused. Held for as long as
    /// the block is: a batch read as views (<see cref="ManagedArrowAllocator.Recycled"/>) keeps its body, which goes
    /// back to the pool once nothing references it, so the body must stay reachable while the columns read it.
    /// </summary>
    private IDisposable? _memory;

    public RowBlock(SqlResultSchema schema, ColumnValues[] columns, int length, IDisposable? memory = null)
    {
        if (columns.Length != schema.Count)
        {
            throw new InvalidDataException($"A result block has {columns.Length} columns but the manifest lists {schema.Count}.");
        }

        Schema = schema;
        Columns = columns;
        Length = length;
        _memory = memory;
    }

    public SqlResultSchema Schema { get; }

    /// <summary>The columns, by ordinal (a field: the row mappers index it once per value).</summary>
#pragma warning disable CA1051, SA1401 // Hot path: read per cell by compiled mappers.
    public readonly ColumnValues[] Columns;
#pragma warning restore CA1051, SA1401

    public int Length { get; }

    /// <summary>
    /// Gives the block's memory back for reuse (the Arrow batch's body returns to <see cref="ManagedArrowAllocator"/>'s
    /// pool). Only for a reader that nothing reads the block after: a mapped row holds copies of its values, while a
    /// <see cref="SqlRow"/> is a view of the block and keeps it (and its memory) for as long as the caller keeps the row.
    /// </summary>
    public void Release() => Interlocked.Exchange(ref _memory, null)?.Dispose();

    /// <summary>A one-row block of values decoded elsewhere.</summary>
    public static RowBlock FromValues(SqlResultSchema schema, object?[] values)
    {
        var columns = new ColumnValues[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            columns[i] = new ObjectColumn([values[i]]);
        }

        return new RowBlock(schema, columns, 1);
    }

    /// <summary>The rows of this block, each a view of one position.</summary>
    public IEnumerable<SqlRow> Rows()
    {
        for (var row = 0; row < Length; row++)
        {
            yield return new SqlRow(this, row);
        }
    }
}
