using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks.Delta;

/// <summary>
/// One <c>column = expression</c> of a MERGE UPDATE SET or INSERT VALUES clause: a source column, a bound value or
/// the column's DEFAULT. Values are always bound as parameters.
/// </summary>
public sealed class MergeAssignment
{
    private readonly Func<ParameterBinder, string> _render;

    private MergeAssignment(string column, bool usesSource, Func<ParameterBinder, string> render)
    {
        SqlIdentifier.Validate(column, nameof(column));
        Column = column;
        UsesSource = usesSource;
        _render = render;
    }

    /// <summary>Gets the target column assigned.</summary>
    public string Column { get; }

    internal bool UsesSource { get; }

    /// <summary>Assigns the source column of the same name: <c>column = s.column</c>.</summary>
    /// <param name="column">The column.</param>
    /// <returns>The assignment.</returns>
    public static MergeAssignment FromSource(string column) => FromSource(column, column);

    /// <summary>Assigns a source column: <c>column = s.sourceColumn</c>.</summary>
    /// <param name="column">The target column.</param>
    /// <param name="sourceColumn">The source column.</param>
    /// <returns>The assignment.</returns>
    public static MergeAssignment FromSource(string column, string sourceColumn)
    {
        SqlIdentifier.Validate(sourceColumn, nameof(sourceColumn));
        return new MergeAssignment(column, usesSource: true, _ => ColumnRef.Source(sourceColumn).ToSql());
    }

    /// <summary>Assigns a value, bound as a parameter: <c>column = :p</c>.</summary>
    /// <param name="column">The target column.</param>
    /// <param name="value">The value; null assigns NULL.</param>
    /// <returns>The assignment.</returns>
    public static MergeAssignment Value(string column, object? value) =>
        new(column, usesSource: false, binder => value is null ? "NULL" : binder.Bind(value));

    /// <summary>Assigns the column's default: <c>column = DEFAULT</c>.</summary>
    /// <param name="column">The target column.</param>
    /// <returns>The assignment.</returns>
    public static MergeAssignment Default(string column) => new(column, usesSource: false, _ => "DEFAULT");

    internal string RenderValue(ParameterBinder binder) => _render(binder);
}
