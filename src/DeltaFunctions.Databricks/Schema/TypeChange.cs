using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks.Schema;

/// <summary>A column whose type widens from <paramref name="From"/> to <paramref name="To"/>.</summary>
/// <param name="Column">The column name.</param>
/// <param name="From">The target's current type.</param>
/// <param name="To">The wider type.</param>
public sealed record TypeChange(string Column, SqlType From, SqlType To)
{
    /// <summary>
    /// Gets a value indicating whether only an explicit <c>ALTER TABLE … ALTER COLUMN … TYPE</c> makes this change: an
    /// integer type to DECIMAL or DOUBLE, which schema evolution never applies (<see cref="TypeWidening.CanWidenBySchemaEvolution"/>).
    /// </summary>
    public bool RequiresExplicitAlter => !TypeWidening.CanWidenBySchemaEvolution(From, To);
}
