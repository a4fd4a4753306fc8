using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks.Schema;

/// <summary>
/// Delta's allowed type changes (reference §6.3, Delta 4.0 table): BYTE ⇒ SHORT, INT, LONG, DECIMAL, DOUBLE;
/// SHORT ⇒ INT, LONG, DECIMAL, DOUBLE; INT ⇒ LONG, DECIMAL, DOUBLE; LONG ⇒ DECIMAL; FLOAT ⇒ DOUBLE;
/// DECIMAL(p,s) ⇒ DECIMAL(p2,s2) with s2 ≥ s and p2 − p ≥ s2 − s; DATE ⇒ TIMESTAMP_NTZ. Integer ⇒ DECIMAL needs at
/// least 10 integer digits (20 for LONG). Nothing else widens, and nothing ever narrows.
/// </summary>
public static class TypeWidening
{
    /// <summary>Tells whether a column of type <paramref name="from"/> may be changed to <paramref name="to"/>.</summary>
    /// <param name="from">The current type.</param>
    /// <param name="to">The wanted type.</param>
    /// <returns>True when the change is an allowed widening (not when the types are equal).</returns>
    public static bool CanWiden(SqlType from, SqlType to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (from.Equals(to))
        {
            return false;
        }

        return from.Name.Value switch
        {
            "BYTE" => to.Name == SqlTypeName.Short || to.Name == SqlTypeName.Int || to.Name == SqlTypeName.Long
                || to.Name == SqlTypeName.Double || IntegerFitsDecimal(to, 10),
            "SHORT" => to.Name == SqlTypeName.Int || to.Name == SqlTypeName.Long || to.Name == SqlTypeName.Double
                || IntegerFitsDecimal(to, 10),
            "INT" => to.Name == SqlTypeName.Long || to.Name == SqlTypeName.Double || IntegerFitsDecimal(to, 10),
            "LONG" => IntegerFitsDecimal(to, 20),
            "FLOAT" => to.Name == SqlTypeName.Double,
            "DECIMAL" => to.Name == SqlTypeName.Decimal && to.Scale >= from.Scale && to.Precision - from.Precision >= to.Scale - from.Scale,
            "DATE" => to.Name == SqlTypeName.TimestampNtz,
            _ => false,
        };
    }

    private static bool IntegerFitsDecimal(SqlType to, int integerDigits) =>
        to.Name == SqlTypeName.Decimal && to.Precision - to.Scale >= integerDigits;
}
