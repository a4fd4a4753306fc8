using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks.Schema;

/// <summary>
/// Delta's allowed type changes, as the Databricks "Type widening" page lists them (tables with
/// <c>delta.enableTypeWidening</c>, Databricks Runtime 15.4 LTS+; reference §6.3): BYTE ⇒ SHORT, INT, BIGINT, DECIMAL,
/// DOUBLE; SHORT ⇒ INT, BIGINT, DECIMAL, DOUBLE; INT ⇒ BIGINT, DECIMAL, DOUBLE; BIGINT ⇒ DECIMAL; FLOAT ⇒ DOUBLE;
/// DECIMAL(p,s) ⇒ DECIMAL(p2,s2) with s2 ≥ s and p2 − p ≥ s2 − s; DATE ⇒ TIMESTAMP_NTZ. Integer ⇒ DECIMAL needs at
/// least 10 integer digits (20 for BIGINT). Integer ⇒ DECIMAL or DOUBLE is only ever applied by an explicit
/// <c>ALTER TABLE … ALTER COLUMN … TYPE</c>, never by schema evolution (<see cref="CanWidenBySchemaEvolution"/>).
/// Nothing else widens, and nothing ever narrows.
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

    /// <summary>
    /// Tells whether schema evolution (<c>MERGE WITH SCHEMA EVOLUTION</c>, <c>INSERT</c> with evolution) applies the
    /// change by itself: every allowed widening except an integer type (BYTE, SHORT, INT, BIGINT) to DECIMAL or DOUBLE,
    /// which Databricks requires to be committed by hand so integer values are not promoted by accident.
    /// </summary>
    /// <param name="from">The current type.</param>
    /// <param name="to">The wanted type.</param>
    /// <returns>True when <see cref="CanWiden"/> holds and schema evolution would apply it.</returns>
    public static bool CanWidenBySchemaEvolution(SqlType from, SqlType to) =>
        CanWiden(from, to) && !(IsInteger(from) && (to.Name == SqlTypeName.Decimal || to.Name == SqlTypeName.Double));

    private static bool IsInteger(SqlType type) =>
        type.Name == SqlTypeName.Byte || type.Name == SqlTypeName.Short || type.Name == SqlTypeName.Int || type.Name == SqlTypeName.Long;

    private static bool IntegerFitsDecimal(SqlType to, int integerDigits) =>
        to.Name == SqlTypeName.Decimal && to.Precision - to.Scale >= integerDigits;
}
