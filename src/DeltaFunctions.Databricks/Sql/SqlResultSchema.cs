namespace DeltaFunctions.Databricks.Sql;

/// <summary>The typed columns of a result, with name lookup (case-insensitive, as Databricks names are).</summary>
public sealed class SqlResultSchema
{
    private readonly Dictionary<string, int> _ordinals;

    /// <summary>Creates a schema from manifest columns.</summary>
    /// <param name="columns">The manifest's columns.</param>
    public SqlResultSchema(IReadOnlyList<ResultColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        Columns = [.. columns.OrderBy(c => c.Position)];
        Types = [.. Columns.Select(c => SqlType.FromColumn(c.TypeName, c.TypeText, c.TypePrecision, c.TypeScale))];
        _ordinals = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Columns.Count; i++)
        {
            _ordinals.TryAdd(Columns[i].Name, i);
        }

        Signature = string.Join('\u001f', Columns.Select((c, i) => c.Name + '\u001e' + Types[i]));
    }

    /// <summary>Gets the columns in position order.</summary>
    public IReadOnlyList<ResultColumn> Columns { get; }

    /// <summary>Gets the parsed type of each column.</summary>
    public IReadOnlyList<SqlType> Types { get; }

    /// <summary>Gets the number of columns.</summary>
    public int Count => Columns.Count;

    internal string Signature { get; }

    /// <summary>Gets the ordinal of a column.</summary>
    /// <param name="name">The column name (case-insensitive).</param>
    /// <returns>The ordinal, or -1 when there is no such column.</returns>
    public int IndexOf(string name) => _ordinals.TryGetValue(name, out var i) ? i : -1;
}
