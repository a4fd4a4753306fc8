namespace DeltaFunctions.Databricks.Sql;

/// <summary>The columns of a result.</summary>
public sealed record ResultSchema
{
    /// <summary>Gets the number of columns.</summary>
    public int ColumnCount { get; init; }

    /// <summary>Gets the columns in position order.</summary>
    public IReadOnlyList<ResultColumn> Columns { get; init; } = [];
}
