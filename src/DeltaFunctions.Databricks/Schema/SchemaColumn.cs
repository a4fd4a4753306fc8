using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks.Schema;

/// <summary>One column of a table schema.</summary>
/// <param name="Name">The column name.</param>
/// <param name="Type">The column type.</param>
/// <param name="Nullable">Whether the column may hold NULL.</param>
public sealed record SchemaColumn(string Name, SqlType Type, bool Nullable = true)
{
    /// <summary>Creates a column from a type text such as <c>DECIMAL(10,2)</c>.</summary>
    /// <param name="name">The column name.</param>
    /// <param name="typeText">The type text.</param>
    /// <param name="nullable">Whether the column may hold NULL.</param>
    /// <returns>The column.</returns>
    public static SchemaColumn Of(string name, string typeText, bool nullable = true) => new(name, SqlType.Parse(typeText), nullable);

    /// <inheritdoc/>
    public override string ToString() => $"{Name} {Type}{(Nullable ? string.Empty : " NOT NULL")}";
}
