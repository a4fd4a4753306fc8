using System.Globalization;
using System.Text;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// Builds a SELECT over one table: columns, filters, ordering, limit and Delta time travel. Identifiers are
/// validated and quoted with backticks; every value (filter values, the limit, a time-travel timestamp) is bound
/// as a named parameter. The one exception is a time-travel version, written as an integer literal because
/// Databricks Runtime 17.3 and earlier accept only a literal after <c>VERSION AS OF</c>; it is a
/// <see cref="long"/>, so it cannot carry SQL.
/// </summary>
/// <example>
/// <code>
/// var query = new QueryBuilder(new TableName("main", "sales", "orders"))
///     .Select("id", "amount")
///     .Where(SqlFilter.GreaterThan("amount", 10m))
///     .OrderBy("id", descending: true)
///     .Limit(100)
///     .Build();
/// </code>
/// </example>
public sealed class QueryBuilder
{
    private readonly List<string> _columns = [];
    private readonly List<SqlFilter> _filters = [];
    private readonly List<(string Column, bool Descending)> _orderBy = [];
    private int? _limit;
    private long? _version;
    private DateTimeOffset? _timestamp;

    /// <summary>Starts a query over a table.</summary>
    /// <param name="table">The table.</param>
    public QueryBuilder(TableName table)
    {
        Table = table ?? throw new ArgumentNullException(nameof(table));
    }

    /// <summary>Gets the table queried.</summary>
    public TableName Table { get; }

    /// <summary>Selects columns; without any, every column (<c>*</c>) is selected.</summary>
    /// <param name="columns">The column names.</param>
    /// <returns>This builder.</returns>
    public QueryBuilder Select(params IEnumerable<string> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        foreach (var column in columns)
        {
            SqlIdentifier.Validate(column, nameof(columns));
            _columns.Add(column);
        }

        return this;
    }

    /// <summary>Adds a filter; several filters are combined with AND.</summary>
    /// <param name="filter">The filter.</param>
    /// <returns>This builder.</returns>
    public QueryBuilder Where(SqlFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        _filters.Add(filter);
        return this;
    }

    /// <summary>Adds an ordering column.</summary>
    /// <param name="column">The column.</param>
    /// <param name="descending">Whether to sort descending.</param>
    /// <returns>This builder.</returns>
    public QueryBuilder OrderBy(string column, bool descending = false)
    {
        SqlIdentifier.Validate(column, nameof(column));
        _orderBy.Add((column, descending));
        return this;
    }

    /// <summary>Limits the number of rows.</summary>
    /// <param name="rows">The maximum number of rows, zero or more.</param>
    /// <returns>This builder.</returns>
    public QueryBuilder Limit(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        _limit = rows;
        return this;
    }

    /// <summary>Reads the table as of a Delta version (<c>VERSION AS OF</c>).</summary>
    /// <param name="version">The version, zero or more.</param>
    /// <returns>This builder.</returns>
    public QueryBuilder AsOfVersion(long version)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        _version = version;
        _timestamp = null;
        return this;
    }

    /// <summary>Reads the table as of a point in time (<c>TIMESTAMP AS OF</c>).</summary>
    /// <param name="timestamp">The instant.</param>
    /// <returns>This builder.</returns>
    public QueryBuilder AsOfTimestamp(DateTimeOffset timestamp)
    {
        _timestamp = timestamp;
        _version = null;
        return this;
    }

    /// <summary>Builds the statement.</summary>
    /// <returns>The SELECT text and its parameters.</returns>
    public SqlStatement Build()
    {
        var binder = new ParameterBinder();
        var text = Render(binder);
        return new SqlStatement(text, binder.Parameters);
    }

    /// <inheritdoc/>
    public override string ToString() => Build().Text;

    internal string Render(ParameterBinder binder)
    {
        var sql = new StringBuilder("SELECT ");
        sql.Append(_columns.Count == 0 ? "*" : string.Join(", ", _columns.Select(SqlIdentifier.Quote)));
        sql.Append(" FROM ").Append(Table.ToSql());
        if (_version is { } version)
        {
            sql.Append(" VERSION AS OF ").Append(version.ToString(CultureInfo.InvariantCulture));
        }
        else if (_timestamp is { } timestamp)
        {
            sql.Append(" TIMESTAMP AS OF ").Append(binder.Bind(timestamp));
        }

        if (_filters.Count > 0)
        {
            sql.Append(" WHERE ").Append(_filters.Count == 1 ? _filters[0].Render(binder) : SqlFilter.And([.. _filters]).Render(binder));
        }

        if (_orderBy.Count > 0)
        {
            sql.Append(" ORDER BY ").Append(string.Join(", ", _orderBy.Select(o => SqlIdentifier.Quote(o.Column) + (o.Descending ? " DESC" : " ASC"))));
        }

        if (_limit is { } limit)
        {
            sql.Append(" LIMIT ").Append(binder.Bind(limit));
        }

        return sql.ToString();
    }
}
