using DeltaFunctions.Databricks.Sql;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DeltaFunctions.Databricks.Tests.Sql;

public sealed class QueryBuilderProperties
{
    private static Gen<QuerySpec> Specs =>
        from table in BuilderGenerators.Identifier.Three()
        from columns in BuilderGenerators.Identifier.ListOf().Select(l => l.Take(4).ToList())
        from filters in BuilderGenerators.Filter.ListOf().Select(l => l.Take(4).ToList())
        from order in BuilderGenerators.Identifier.ListOf().Select(l => l.Take(2).ToList())
        from limit in Gen.Choose(-1, 1000)
        from travel in Gen.Choose(0, 2)
        from version in Gen.Choose(0, 50)
        select new QuerySpec(table, columns, filters, order, limit, travel, version);

    /// <summary>query_builder_valid_sql (pure half): the SQL lexes, only fixed words appear unquoted, every
    /// hostile identifier round-trips through its quoting, and the text never depends on the values.</summary>
    [Property(MaxTest = 300)]
    public Property query_builder_valid_sql() =>
        Prop.ForAll(Arb.From(Specs), spec =>
        {
            var a = spec.Build(sideA: true);
            var b = spec.Build(sideA: false);

            SqlTextScanner.AssertOnlyVocabulary(a.Text);
            SqlTextScanner.Words(a.Text, out var identifiers, out _);
            var expected = new[] { spec.Table.Item1, spec.Table.Item2, spec.Table.Item3 }
                .Concat(spec.Columns).Concat(spec.Filters.Select(f => f.Column)).Concat(spec.Order);
            Assert.Equal(a.Text, b.Text);
            foreach (var identifier in expected)
            {
                Assert.Contains(identifier, identifiers);
            }

            Assert.True(BuilderGenerators.NoValueInText(a.Text, spec.Filters.SelectMany(f => f.Values(true))), a.Text);
            return true;
        });

    internal sealed record QuerySpec(
        (string, string, string) Table,
        List<string> Columns,
        List<BuilderGenerators.FilterSpec> Filters,
        List<string> Order,
        int Limit,
        int Travel,
        int Version)
    {
        public SqlStatement Build(bool sideA)
        {
            var builder = new QueryBuilder(new TableName(Table.Item1, Table.Item2, Table.Item3)).Select(Columns);
            foreach (var filter in Filters)
            {
                builder.Where(filter.Build(sideA));
            }

            foreach (var column in Order)
            {
                builder.OrderBy(column, descending: column.Length % 2 == 0);
            }

            if (Limit >= 0)
            {
                builder.Limit(Limit);
            }

            if (Travel == 1)
            {
                builder.AsOfVersion(Version);
            }
            else if (Travel == 2)
            {
                builder.AsOfTimestamp(DateTimeOffset.FromUnixTimeSeconds(sideA ? 1_700_000_000 : 1_600_000_000));
            }

            return builder.Build();
        }
    }
}
