using DeltaFunctions.Databricks.Sql;
using FsCheck;
using FsCheck.Fluent;

namespace DeltaFunctions.Databricks.Tests.Sql;

/// <summary>Generators of hostile identifiers and values for the builder properties.</summary>
internal static class BuilderGenerators
{
    private static readonly string[] Fragments =
    [
        "`", "``", "'", "\"", ";", "--", "/*", "*/", " ", ":p0", ":x", "DROP TABLE t", "\\", "a", "Z", "_", "1", ")", "(", "é", "Ω", "😀", "%", "$1", "?",
    ];

    public static Gen<string> Identifier =>
        Gen.Elements(Fragments).ListOf().Where(l => l.Count is > 0 and < 8).Select(l => string.Concat(l));

    /// <summary>Two values of the same kind, so a statement built from either must have identical text.</summary>
    public static Gen<(object A, object B)> ValuePair =>
        Gen.OneOf(
            Identifier.Two().Select(t => ((object)("HOSTILE" + t.Item1), (object)("HOSTILE" + t.Item2))),
            ArbMap.Default.GeneratorFor<long>().Two().Select(t => ((object)t.Item1, (object)t.Item2)),
            ArbMap.Default.GeneratorFor<int>().Two().Select(t => ((object)t.Item1, (object)t.Item2)),
            ArbMap.Default.GeneratorFor<bool>().Two().Select(t => ((object)t.Item1, (object)t.Item2)),
            Gen.Choose(-100000, 100000).Two().Select(t => ((object)(t.Item1 / 100m), (object)(t.Item2 / 100m))),
            Gen.Choose(0, 3000).Two().Select(t => ((object)DateOnly.FromDayNumber(730000 + t.Item1), (object)DateOnly.FromDayNumber(731000 + t.Item2))),
            Gen.Choose(0, 100000).Two().Select(t => ((object)DateTimeOffset.FromUnixTimeSeconds(t.Item1 * 1000L), (object)DateTimeOffset.FromUnixTimeSeconds(t.Item2 * 977L))),
            ArbMap.Default.GeneratorFor<NormalFloat>().Two().Select(t => ((object)t.Item1.Get, (object)t.Item2.Get)),
            ArbMap.Default.GeneratorFor<byte[]>().Where(b => b is not null).Two().Select(t => ((object)t.Item1, (object)t.Item2)));

    public static Gen<FilterSpec> Filter =>
        from column in Identifier
        from op in Gen.Choose(0, 8)
        from pair in ValuePair
        from pair2 in ValuePair
        select new FilterSpec(column, op, pair, pair2);

    /// <summary>A filter over one hostile column with values from side A or B.</summary>
    internal sealed record FilterSpec(string Column, int Op, (object A, object B) Value, (object A, object B) Value2)
    {
        public SqlFilter Build(bool sideA, string? qualifier = null)
        {
            var column = qualifier switch
            {
                "s" => ColumnRef.Source(Column),
                "t" => ColumnRef.Target(Column),
                _ => ColumnRef.Column(Column),
            };
            var v = sideA ? Value.A : Value.B;
            var w = sideA ? Value2.A : Value2.B;
            return Op switch
            {
                0 => SqlFilter.Equal(column, v),
                1 => SqlFilter.NotEqual(column, v),
                2 => SqlFilter.GreaterThan(column, v),
                3 => SqlFilter.LessThanOrEqual(column, v),
                4 => SqlFilter.In(column, [v, w]),
                5 => SqlFilter.Between(column, v, w),
                6 => SqlFilter.IsNull(column) | SqlFilter.Equal(column, v),
                7 => !SqlFilter.Equal(column, v),
                _ => SqlFilter.Like(column, v.ToString() ?? string.Empty),
            };
        }

        public IEnumerable<object> Values(bool sideA) => sideA ? [Value.A, Value2.A] : [Value.B, Value2.B];
    }

    /// <summary>Asserts that no hostile string value (marked HOSTILE…) appears in the statement text.</summary>
    public static bool NoValueInText(string text, IEnumerable<object> values) =>
        values.OfType<string>().All(v => !text.Contains(v, StringComparison.Ordinal)) && !text.Contains("HOSTILE", StringComparison.Ordinal);
}
