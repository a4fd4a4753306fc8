namespace DeltaFunctions.Databricks.Schema;

/// <summary>Compares schemas under Delta's evolution rules. Pure: no I/O.</summary>
public static class SchemaCompatibility
{
    /// <summary>
    /// Compares a source schema with a target table. Source-only columns are added; a column whose source type is
    /// an allowed widening of the target's is widened (<see cref="TypeWidening"/>); equal types need nothing. A
    /// source type narrower than the target's, a change Delta does not allow, or a missing NOT NULL target column is
    /// an incompatibility. Nested ARRAY/MAP/STRUCT types must match exactly.
    /// </summary>
    /// <param name="source">The schema to be written or wanted.</param>
    /// <param name="target">The table's current schema.</param>
    /// <returns>The report and plan.</returns>
    public static SchemaCompatibilityReport Check(TableSchema source, TableSchema target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var add = new List<SchemaColumn>();
        var widen = new List<TypeChange>();
        var problems = new List<SchemaIncompatibility>();
        foreach (var column in source.Columns)
        {
            var existing = target.Find(column.Name);
            if (existing is null)
            {
                add.Add(column with { Nullable = true });
                continue;
            }

            if (existing.Type.Equals(column.Type))
            {
                continue;
            }

            if (TypeWidening.CanWiden(existing.Type, column.Type))
            {
                widen.Add(new TypeChange(existing.Name, existing.Type, column.Type));
            }
            else if (TypeWidening.CanWiden(column.Type, existing.Type))
            {
                problems.Add(new SchemaIncompatibility(
                    existing.Name, IncompatibilityReason.Narrowing, column.Type, existing.Type,
                    $"Column '{existing.Name}' is {existing.Type} in the target; {column.Type} would narrow it, which Delta never does. Cast the source to {existing.Type}."));
            }
            else
            {
                problems.Add(new SchemaIncompatibility(
                    existing.Name, IncompatibilityReason.TypeChangeNotAllowed, column.Type, existing.Type,
                    $"Column '{existing.Name}' cannot change from {existing.Type} to {column.Type}: Delta allows no such type change."));
            }
        }

        foreach (var column in target.Columns)
        {
            if (!column.Nullable && source.Find(column.Name) is null)
            {
                problems.Add(new SchemaIncompatibility(
                    column.Name, IncompatibilityReason.DroppingNonNullableColumn, null, column.Type,
                    $"Column '{column.Name}' is NOT NULL in the target but missing from the source, so written rows would violate it."));
            }
        }

        return new SchemaCompatibilityReport
        {
            ColumnsToAdd = add,
            TypesToWiden = widen,
            Incompatibilities = problems,
            TypeWideningEnabled = target.TypeWideningEnabled,
        };
    }
}
