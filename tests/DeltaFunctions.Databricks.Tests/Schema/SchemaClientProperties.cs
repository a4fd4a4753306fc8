using DeltaFunctions.Databricks.Schema;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Databricks.Tests.IntegrationTests;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DeltaFunctions.Databricks.Tests.Schema;

/// <summary>
/// The schema-evolution properties on real tables: for a generated target table and source schema, a compatible
/// plan applied by <see cref="SchemaClient.EvolveSchemaAsync"/> leaves a table the check reports compatible with
/// nothing left to change, applying it again changes nothing, and an incompatible plan throws and alters nothing.
/// Also widening transitivity over chains that actually exist (a random triple rarely forms one).
/// </summary>
public sealed class SchemaClientProperties(LakehouseEmulator lakehouse) : IClassFixture<LakehouseEmulator>
{
    private static readonly SqlType[] Universe =
    [
        SqlType.Byte, SqlType.Short, SqlType.Int, SqlType.Long, SqlType.Float, SqlType.Double, SqlType.Date, SqlType.TimestampNtz,
        SqlType.String, SqlType.Boolean, SqlType.Decimal(5, 2), SqlType.Decimal(10, 0), SqlType.Decimal(12, 4), SqlType.Decimal(20, 0),
        SqlType.Decimal(22, 2), SqlType.Decimal(38, 10),
    ];

    private static Gen<(SqlType A, SqlType B, SqlType C)> Chains =>
        from a in Gen.Elements(Universe.Where(t => Universe.Any(b => TypeWidening.CanWiden(t, b))).ToArray())
        from b in Gen.Elements(Universe.Where(x => TypeWidening.CanWiden(a, x)).ToArray())
        from c in Gen.Elements(Universe.Where(x => TypeWidening.CanWiden(b, x)).DefaultIfEmpty(b).ToArray())
        select (a, b, c);

    private static Gen<(TableSchema Target, TableSchema Source)> Pairs =>
        from count in Gen.Choose(1, 4)
        from targetTypes in Gen.Elements(Universe).ListOf(count)
        from notNull in Gen.Elements(false, false, true).ListOf(count)
        from moves in Gen.Choose(0, 5).ListOf(count)
        from extraCount in Gen.Choose(0, 2)
        from extra in Gen.Elements(Universe).ListOf(extraCount)
        select Pair(targetTypes, notNull, moves, extra);

    [Property(MaxTest = 1000)]
    public Property Widening_ExistingChains_AreTransitive() =>
        Prop.ForAll(Arb.From(Chains), t => t.B.Equals(t.C) || TypeWidening.CanWiden(t.A, t.C));

    [Property(MaxTest = 15)]
    public Property EvolveSchemaAsync_GeneratedPlans_CompatibleAfterApplyAndIdempotentOnEmulator() =>
        Prop.ForAll(Arb.From(Pairs), p => EvolveAsync(p.Target, p.Source).GetAwaiter().GetResult());

    private async Task<bool> EvolveAsync(TableSchema target, TableSchema source)
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = lakehouse.Client.GetSchemaClient();
        var table = new TableName("main", "default", LakehouseEmulator.NewTable("prop"));
        var columns = string.Join(", ", target.Columns.Select(c => $"{SqlIdentifier.Quote(c.Name)} {c.Type}{(c.Nullable ? string.Empty : " NOT NULL")}"));
        await lakehouse.Client.GetSqlClient().ExecuteAsync(SqlStatement.FromText($"CREATE TABLE {table.ToSql()} ({columns}) USING DELTA"), cancellationToken: ct);
        var before = await sut.GetSchemaAsync(table, ct);
        var expected = sut.CheckCompatibility(source, before);

        if (!expected.IsCompatible)
        {
            var error = await Assert.ThrowsAsync<SchemaIncompatibleException>(() => sut.EvolveSchemaAsync(table, source, ct));
            Assert.Equal(expected.Incompatibilities, error.Report!.Incompatibilities);
            Assert.Equal(before, await sut.GetSchemaAsync(table, ct));
            return true;
        }

        var first = await sut.EvolveSchemaAsync(table, source, ct);
        var after = await sut.GetSchemaAsync(table, ct);
        var second = await sut.EvolveSchemaAsync(table, source, ct);

        Assert.Equal(expected.ColumnsToAdd, first.ColumnsToAdd);
        Assert.Equal(expected.TypesToWiden, first.TypesToWiden);
        Assert.True(second.RequiresNoChange, $"{target} <- {source}: second plan {second.ColumnsToAdd.Count} adds, {second.TypesToWiden.Count} widenings");
        Assert.Equal(first.Apply(before).Columns, after.Columns);
        Assert.Equal(first.TypesToWiden.Count > 0 || before.TypeWideningEnabled, after.TypeWideningEnabled);
        return true;
    }

    private static (TableSchema, TableSchema) Pair(List<SqlType> targetTypes, List<bool> notNull, List<int> moves, List<SqlType> extra)
    {
        var target = targetTypes.Select((t, i) => new SchemaColumn("c" + i, t, !notNull[i])).ToList();
        var source = new List<SchemaColumn>();
        for (var i = 0; i < target.Count; i++)
        {
            var widenings = Universe.Where(x => TypeWidening.CanWiden(target[i].Type, x)).ToList();
            switch (moves[i])
            {
                case 0 or 1:
                    source.Add(target[i] with { Nullable = true });
                    break;
                case 2 or 3 when widenings.Count > 0:
                    source.Add(new SchemaColumn(target[i].Name, widenings[(moves[i] + i) % widenings.Count]));
                    break;
                case 4:
                    // Dropped from the source: fine when nullable, an incompatibility when NOT NULL.
                    break;
                default:
                    source.Add(new SchemaColumn(target[i].Name, targetTypes[(i + 1) % targetTypes.Count]));
                    break;
            }
        }

        source.AddRange(extra.Select((t, i) => new SchemaColumn("n" + i, t)));
        return (new TableSchema(target), new TableSchema(source));
    }
}
