namespace DeltaFunctions.Lakehouse;

/// <summary>
/// The outcome of one statement: its columns and rows. Commands without a result set (for example CREATE
/// TABLE) return no columns; DML returns the Databricks metrics row (<c>num_affected_rows</c>, …).
/// </summary>
/// <remarks>
/// Cell values are CLR values: <see cref="bool"/>, <see cref="sbyte"/>, <see cref="short"/>, <see cref="int"/>,
/// <see cref="long"/>, <see cref="float"/>, <see cref="double"/>, <see cref="decimal"/> (or <see cref="string"/>
/// for decimals wider than 28 digits), <see cref="string"/>, <see cref="byte"/>[], <see cref="DateOnly"/>,
/// <see cref="DateTime"/> (UTC kind for TIMESTAMP, unspecified kind for TIMESTAMP_NTZ),
/// <see cref="IReadOnlyList{T}"/> of object for arrays, <see cref="IReadOnlyDictionary{TKey, TValue}"/> of
/// object to object for maps and of string to object for structs (fields in declared order), and
/// <see langword="null"/> for SQL NULL.
/// </remarks>
public sealed class LakehouseResult
{
    /// <summary>Initializes a new instance of the <see cref="LakehouseResult"/> class.</summary>
    /// <param name="columns">The result columns.</param>
    /// <param name="rows">The result rows; each row has one cell per column.</param>
    public LakehouseResult(IReadOnlyList<LakehouseColumn> columns, IReadOnlyList<object?[]> rows)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        Columns = columns;
        Rows = rows;
    }

    /// <summary>Creates a result whose rows are a single-pass stream (see <see cref="LakehouseEngine.ExecuteStreamingAsync{T}"/>).</summary>
    /// <param name="columns">The result columns.</param>
    /// <param name="rows">The rows, read as they are enumerated.</param>
    /// <returns>The result; <see cref="Rows"/> is empty and <see cref="RowStream"/> holds the rows.</returns>
    internal static LakehouseResult Streamed(IReadOnlyList<LakehouseColumn> columns, IEnumerable<object?[]> rows) =>
        new(columns, []) { RowStream = rows };

    /// <summary>
    /// Gets a query's rows as a single-pass stream when the result was produced streaming (see
    /// <see cref="LakehouseEngine.ExecuteStreamingAsync{T}"/>); null for every other result, whose rows are in <see cref="Rows"/>.
    /// </summary>
    public IEnumerable<object?[]>? RowStream { get; private init; }

    /// <summary>Gets a result with no columns and no rows.</summary>
    public static LakehouseResult Empty { get; } = new([], []);

    /// <summary>Gets the result columns.</summary>
    public IReadOnlyList<LakehouseColumn> Columns { get; }

    /// <summary>Gets the result rows.</summary>
    public IReadOnlyList<object?[]> Rows { get; }
}
