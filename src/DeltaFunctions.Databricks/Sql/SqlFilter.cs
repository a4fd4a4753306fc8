namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// A boolean condition over columns and values. Columns are quoted identifiers and every value is bound as a
/// named parameter when the condition is rendered, so a filter can never carry SQL from its inputs.
/// Combine with <see cref="And(SqlFilter[])"/>, <see cref="Or(SqlFilter[])"/>, <see cref="Not"/> or the
/// <c>&amp;</c>, <c>|</c> and <c>!</c> operators.
/// </summary>
public sealed class SqlFilter
{
    private readonly Func<ParameterBinder, string> _render;

    private SqlFilter(Func<ParameterBinder, string> render)
    {
        _render = render;
    }

    /// <summary>Gets whether the filter references source columns (<c>s</c>); BY SOURCE merge clauses refuse those.</summary>
    internal bool ReferencesSource { get; private init; }

    /// <summary>Gets whether the filter references target columns (<c>t</c>).</summary>
    internal bool ReferencesTarget { get; private init; }

    /// <summary><c>column = value</c>; a null value gives <c>column IS NULL</c>.</summary>
    /// <param name="column">The column.</param>
    /// <param name="value">The value.</param>
    /// <returns>The filter.</returns>
    public static SqlFilter Equal(ColumnRef column, object? value) =>
        value is null ? IsNull(column) : Compare(column, "=", value);

    /// <summary><c>column &lt;&gt; value</c>; a null value gives <c>column IS NOT NULL</c>.</summary>
    /// <param name="column">The column.</param>
    /// <param name="value">The value.</param>
    /// <returns>The filter.</returns>
    public static SqlFilter NotEqual(ColumnRef column, object? value) =>
        value is null ? IsNotNull(column) : Compare(column, "<>", value);

    /// <summary><c>column &gt; value</c>.</summary>
    /// <param name="column">The column.</param>
    /// <param name="value">The value.</param>
    /// <returns>The filter.</returns>
    public static SqlFilter GreaterThan(ColumnRef column, object value) => Compare(column, ">", value);

    /// <summary><c>column &gt;= value</c>.</summary>
    /// <param name="column">The column.</param>
    /// <param name="value">The value.</param>
    /// <returns>The filter.</returns>
    public static SqlFilter GreaterThanOrEqual(ColumnRef column, object value) => Compare(column, ">=", value);

    /// <summary><c>column &lt; value</c>.</summary>
    /// <param name="column">The column.</param>
    /// <param name="value">The value.</param>
    /// <returns>The filter.</returns>
    public static SqlFilter LessThan(ColumnRef column, object value) => Compare(column, "<", value);

    /// <summary><c>column &lt;= value</c>.</summary>
    /// <param name="column">The column.</param>
    /// <param name="value">The value.</param>
    /// <returns>The filter.</returns>
    public static SqlFilter LessThanOrEqual(ColumnRef column, object value) => Compare(column, "<=", value);

    /// <summary><c>column BETWEEN low AND high</c>.</summary>
    /// <param name="column">The column.</param>
    /// <param name="low">The inclusive lower bound.</param>
    /// <param name="high">The inclusive upper bound.</param>
    /// <returns>The filter.</returns>
    public static SqlFilter Between(ColumnRef column, object low, object high)
    {
        ArgumentNullException.ThrowIfNull(low);
        ArgumentNullException.ThrowIfNull(high);
        return Of(column, binder => $"{column.ToSql()} BETWEEN {binder.Bind(low)} AND {binder.Bind(high)}");
    }

    /// <summary><c>column IN (values…)</c>; an empty list is always false.</summary>
    /// <param name="column">The column.</param>
    /// <param name="values">The values.</param>
    /// <returns>The filter.</returns>
    public static SqlFilter In(ColumnRef column, IEnumerable<object?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var list = values.ToArray();
        return Of(column, binder => list.Length == 0
            ? "FALSE"
            : $"{column.ToSql()} IN ({string.Join(", ", list.Select(binder.Bind))})");
    }

    /// <summary><c>column LIKE pattern</c> (<c>%</c> and <c>_</c> wildcards).</summary>
    /// <param name="column">The column.</param>
    /// <param name="pattern">The pattern.</param>
    /// <returns>The filter.</returns>
    public static SqlFilter Like(ColumnRef column, string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return Of(column, binder => $"{column.ToSql()} LIKE {binder.Bind(pattern)}");
    }

    /// <summary><c>column IS NULL</c>.</summary>
    /// <param name="column">The column.</param>
    /// <returns>The filter.</returns>
    public static SqlFilter IsNull(ColumnRef column) => Of(column, _ => $"{column.ToSql()} IS NULL");

    /// <summary><c>column IS NOT NULL</c>.</summary>
    /// <param name="column">The column.</param>
    /// <returns>The filter.</returns>
    public static SqlFilter IsNotNull(ColumnRef column) => Of(column, _ => $"{column.ToSql()} IS NOT NULL");

    /// <summary><c>left = right</c> between two columns (for example a MERGE key <c>t.id = s.id</c>).</summary>
    /// <param name="left">The left column.</param>
    /// <param name="right">The right column.</param>
    /// <returns>The filter.</returns>
    public static SqlFilter ColumnsEqual(ColumnRef left, ColumnRef right) => new(_ => $"{left.ToSql()} = {right.ToSql()}")
    {
        ReferencesSource = left.Qualifier == "s" || right.Qualifier == "s",
        ReferencesTarget = left.Qualifier == "t" || right.Qualifier == "t",
    };

    /// <summary>All of the filters (<c>AND</c>).</summary>
    /// <param name="filters">The filters; none means TRUE.</param>
    /// <returns>The filter.</returns>
    public static SqlFilter And(params SqlFilter[] filters) => Combine("AND", "TRUE", filters);

    /// <summary>Any of the filters (<c>OR</c>).</summary>
    /// <param name="filters">The filters; none means FALSE.</param>
    /// <returns>The filter.</returns>
    public static SqlFilter Or(params SqlFilter[] filters) => Combine("OR", "FALSE", filters);

    /// <summary>The negation of a filter (<c>NOT</c>).</summary>
    /// <param name="filter">The filter.</param>
    /// <returns>The filter.</returns>
    public static SqlFilter Not(SqlFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return new SqlFilter(binder => $"NOT ({filter._render(binder)})")
        {
            ReferencesSource = filter.ReferencesSource,
            ReferencesTarget = filter.ReferencesTarget,
        };
    }

    /// <summary>Combines two filters with <c>AND</c>.</summary>
    /// <param name="left">The left filter.</param>
    /// <param name="right">The right filter.</param>
    /// <returns>The filter.</returns>
    public static SqlFilter operator &(SqlFilter left, SqlFilter right) => And(left, right);

    /// <summary>Combines two filters with <c>OR</c>.</summary>
    /// <param name="left">The left filter.</param>
    /// <param name="right">The right filter.</param>
    /// <returns>The filter.</returns>
    public static SqlFilter operator |(SqlFilter left, SqlFilter right) => Or(left, right);

    /// <summary>Negates a filter.</summary>
    /// <param name="filter">The filter.</param>
    /// <returns>The filter.</returns>
    public static SqlFilter operator !(SqlFilter filter) => Not(filter);

    /// <summary>Combines two filters with <c>AND</c> (named alternative of <c>&amp;</c>).</summary>
    /// <param name="left">The left filter.</param>
    /// <param name="right">The right filter.</param>
    /// <returns>The filter.</returns>
    public static SqlFilter BitwiseAnd(SqlFilter left, SqlFilter right) => And(left, right);

    /// <summary>Combines two filters with <c>OR</c> (named alternative of <c>|</c>).</summary>
    /// <param name="left">The left filter.</param>
    /// <param name="right">The right filter.</param>
    /// <returns>The filter.</returns>
    public static SqlFilter BitwiseOr(SqlFilter left, SqlFilter right) => Or(left, right);

    /// <summary>Negates a filter (named alternative of <c>!</c>).</summary>
    /// <param name="filter">The filter.</param>
    /// <returns>The filter.</returns>
    public static SqlFilter LogicalNot(SqlFilter filter) => Not(filter);

    /// <summary>Renders the filter as a statement of its own, for inspection.</summary>
    /// <returns>The condition text and its parameters.</returns>
    public SqlStatement ToSql()
    {
        var binder = new ParameterBinder();
        var text = _render(binder);
        return new SqlStatement(text, binder.Parameters);
    }

    internal string Render(ParameterBinder binder) => _render(binder);

    private static SqlFilter Compare(ColumnRef column, string op, object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Of(column, binder => $"{column.ToSql()} {op} {binder.Bind(value)}");
    }

    private static SqlFilter Of(ColumnRef column, Func<ParameterBinder, string> render) => new(render)
    {
        ReferencesSource = column.Qualifier == "s",
        ReferencesTarget = column.Qualifier == "t",
    };

    private static SqlFilter Combine(string op, string empty, SqlFilter[] filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        var parts = filters.ToArray();
        foreach (var part in parts)
        {
            ArgumentNullException.ThrowIfNull(part, nameof(filters));
        }

        return new SqlFilter(binder => parts.Length == 0
            ? empty
            : string.Join($" {op} ", parts.Select(p => "(" + p._render(binder) + ")")))
        {
            ReferencesSource = parts.Any(p => p.ReferencesSource),
            ReferencesTarget = parts.Any(p => p.ReferencesTarget),
        };
    }
}
