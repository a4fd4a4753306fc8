using DeltaFunctions.Databricks.Schema;
using DeltaFunctions.Databricks.Sql;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DeltaFunctions.Databricks.Tests.Schema;

public sealed class SchemaEvolutionProperties
{
    private static readonly SqlType[] Primitives =
    [
        SqlType.Byte, SqlType.Short, SqlType.Int, SqlType.Long, SqlType.Float, SqlType.Double, SqlType.String,
        SqlType.Date, SqlType.TimestampNtz, SqlType.Timestamp, SqlType.Boolean, SqlType.Binary,
    ];

    private static Gen<SqlType> TypeGen =>
        Gen.OneOf(
            Gen.Elements(Primitives),
            from p in Gen.Choose(1, 38)
            from s in Gen.Choose(0, p)
            select SqlType.Decimal(p, s));

    private static Gen<TableSchema> SchemaGen =>
        from count in Gen.Choose(1, 6)
        from names in Gen.Elements("id", "amt", "day", "note", "ts", "qty", "flag").ListOf().Select(l => l.Distinct().Take(count).ToList())
        from types in TypeGen.ListOf(names.Count)
        from nullable in Gen.Elements(true, true, false).ListOf(names.Count)
        from widening in Gen.Elements(true, false)
        where names.Count > 0
        select new TableSchema(
            [.. names.Select((n, i) => new SchemaColumn(n, types[i], nullable[i]))],
            widening ? new Dictionary<string, string> { [TableSchema.TypeWideningProperty] = "true" } : null);

    [Property(MaxTest = 300)]
    public Property EvolutionPlan_AppliedTwice_SameAsOnce() =>
        Prop.ForAll(Arb.From(SchemaGen), Arb.From(SchemaGen), (source, target) =>
        {
            var report = SchemaCompatibility.Check(source, target);
            if (!report.IsCompatible)
            {
                return true;
            }

            var once = report.Apply(target);
            var twice = report.Apply(once);
            return once.Equals(twice) && SchemaCompatibility.Check(source, once).RequiresNoChange;
        });

    [Property(MaxTest = 300)]
    public Property CompatiblePlan_Applied_CheckReportsCompatibleWithNoChange() =>
        Prop.ForAll(Arb.From(SchemaGen), Arb.From(SchemaGen), (source, target) =>
        {
            var report = SchemaCompatibility.Check(source, target);
            return !report.IsCompatible || SchemaCompatibility.Check(source, report.Apply(target)) is { IsCompatible: true, RequiresNoChange: true };
        });

    [Property(MaxTest = 1000)]
    public Property Widening_IsTransitive() =>
        Prop.ForAll(Arb.From(TypeGen), Arb.From(TypeGen), Arb.From(TypeGen), (a, b, c) =>
            !(TypeWidening.CanWiden(a, b) && TypeWidening.CanWiden(b, c)) || TypeWidening.CanWiden(a, c) || a.Equals(c));

    [Property(MaxTest = 1000)]
    public Property Widening_NeverBothWays() =>
        Prop.ForAll(Arb.From(TypeGen), Arb.From(TypeGen), (a, b) => !(TypeWidening.CanWiden(a, b) && TypeWidening.CanWiden(b, a)));
}
