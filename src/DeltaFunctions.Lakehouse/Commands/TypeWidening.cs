using DeltaFunctions.Lakehouse.Log;

namespace DeltaFunctions.Lakehouse.Commands;

/// <summary>
/// The type changes Delta type widening allows (reference §6.3): byte ⇒ short ⇒ int ⇒ long, integers ⇒ double,
/// integers ⇒ decimal wide enough (10 integer digits for byte/short/int, 20 for long), float ⇒ double, decimal ⇒
/// a decimal whose precision grows at least as much as its scale, date ⇒ timestamp_ntz.
/// </summary>
internal static class TypeWidening
{
    /// <summary>Returns whether <paramref name="from"/> may be widened to <paramref name="to"/>.</summary>
    /// <param name="from">The current type.</param>
    /// <param name="to">The requested type.</param>
    /// <returns><see langword="true"/> when Delta allows the change.</returns>
    public static bool IsAllowed(DeltaType from, DeltaType to)
    {
        var rank = IntegerRank(from);
        if (rank > 0)
        {
            var toRank = IntegerRank(to);
            if (toRank > rank)
            {
                return true;
            }

            if (to is PrimitiveType { Name: "double" })
            {
                return rank < 4;
            }

            if (to is DecimalType d)
            {
                return d.Precision - d.Scale >= (rank == 4 ? 20 : 10);
            }

            return false;
        }

        return (from, to) switch
        {
            (PrimitiveType { Name: "float" }, PrimitiveType { Name: "double" }) => true,
            (PrimitiveType { Name: "date" }, PrimitiveType { Name: "timestamp_ntz" }) => true,
            (DecimalType a, DecimalType b) => b.Scale >= a.Scale && b.Precision - a.Precision >= b.Scale - a.Scale && b.Precision >= a.Precision,
            _ => false,
        };
    }

    private static int IntegerRank(DeltaType type) => type is PrimitiveType p
        ? p.Name switch
        {
            "byte" => 1,
            "short" => 2,
            "integer" => 3,
            "long" => 4,
            _ => 0,
        }
        : 0;
}
