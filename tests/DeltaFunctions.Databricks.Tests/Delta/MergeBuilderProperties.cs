using DeltaFunctions.Databricks.Delta;
using DeltaFunctions.Databricks.Schema;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Databricks.Tests.Sql;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DeltaFunctions.Databricks.Tests.Delta;

public sealed class MergeBuilderProperties
{
    private static Gen<MergeSpec> Specs =>
        from table in BuilderGenerators.Identifier.Three()
        from key in BuilderGenerators.Identifier
        from other in BuilderGenerators.Identifier.Where(o => !string.Equals(o, key, StringComparison.OrdinalIgnoreCase))
        from rows in Gen.Choose(1, 5)
        from values in BuilderGenerators.ValuePair.ListOf(rows)
        from keys in Gen.Choose(0, 1_000_000).ListOf(rows)
        from condition in BuilderGenerators.Filter
        from clauses in Gen.Choose(1, 63)
        from evolve in ArbMap.Default.GeneratorFor<bool>()
        select new MergeSpec(table, key, other, keys, values, condition, clauses, evolve);

    /// <summary>merge_builder_valid_sql (pure half): for hostile identifiers and values the MERGE lexes with only
    /// fixed words unquoted, identical text whatever the values, and every value only inside parameters, under both
    /// row encodings (one JSON parameter, and a VALUES table of typed parameters).</summary>
    [Property(MaxTest = 300)]
    public Property merge_builder_valid_sql() =>
        Prop.ForAll(Arb.From(Specs), spec =>
        {
            foreach (var encoding in (SourceRowEncoding[])[SourceRowEncoding.JsonParameter, SourceRowEncoding.ValuesParameters])
            {
                var a = spec.Build(sideA: true, encoding);
                var b = spec.Build(sideA: false, encoding);

                SqlTextScanner.AssertOnlyVocabulary(a.Text);
                SqlTextScanner.Words(a.Text, out var identifiers, out _);
                Assert.Equal(a.Text, b.Text);
                Assert.Contains(spec.Key, identifiers);
                Assert.Contains(spec.Other, identifiers);
                Assert.True(BuilderGenerators.NoValueInText(a.Text, spec.Values.Select(v => v.A).Concat(spec.Condition.Values(true))), a.Text);
                var strings = spec.Values.Select(v => v.A).Where(v => v.GetType() == spec.Values[0].A.GetType()).OfType<string>();
                if (encoding == SourceRowEncoding.JsonParameter)
                {
                    var json = a.Parameters[0].Value!;
                    Assert.All(strings, text => Assert.Contains(System.Text.Json.JsonEncodedText.Encode(text).Value, json, StringComparison.Ordinal));
                }
                else
                {
                    Assert.All(strings, text => Assert.Contains(a.Parameters, p => p.Value == text));
                }
            }

            return true;
        });

    internal sealed record MergeSpec(
        (string, string, string) Table,
        string Key,
        string Other,
        List<int> Keys,
        List<(object A, object B)> Values,
        BuilderGenerators.FilterSpec Condition,
        int Clauses,
        bool Evolve)
    {
        public SqlStatement Build(bool sideA, SourceRowEncoding encoding)
        {
            var first = Values[0].A;
            var otherType = ClrType(first);
            var rows = Keys.Select((k, i) => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
            {
                [Key] = (long)k,
                [Other] = SameKind(sideA ? Values[i].A : Values[i].B, first),
            }).ToList();
            var builder = new MergeBuilder(new TableName(Table.Item1, Table.Item2, Table.Item3))
                .UsingRows(rows, [new SchemaColumn(Key, SqlType.Long), new SchemaColumn(Other, otherType)])
                .On(Key)
                .WithSchemaEvolution(Evolve)
                .WithRowEncoding(encoding);
            var value = sideA ? Condition.Value.A : Condition.Value.B;
            if ((Clauses & 1) != 0)
            {
                builder.WhenMatchedDelete(Condition.Build(sideA, "s"));
            }

            if ((Clauses & 2) != 0)
            {
                builder.WhenMatchedUpdate([MergeAssignment.FromSource(Other), MergeAssignment.Value(string.Equals(Condition.Column, Other, StringComparison.OrdinalIgnoreCase) ? Other + "_" : Condition.Column, value)]);
            }

            if ((Clauses & 4) != 0)
            {
                builder.WhenNotMatchedInsert([MergeAssignment.FromSource(Key), MergeAssignment.Value(Other, value)], Condition.Build(sideA, "s"));
            }

            if ((Clauses & 8) != 0)
            {
                builder.WhenNotMatchedInsertAll();
            }

            if ((Clauses & 16) != 0)
            {
                builder.WhenNotMatchedBySourceUpdate([MergeAssignment.Value(Other, value)], Condition.Build(sideA, "t"));
            }

            if ((Clauses & 32) != 0)
            {
                builder.WhenNotMatchedBySourceDelete();
            }

            if ((Clauses & 3) == 0 && (Clauses & 12) == 0 && (Clauses & 48) == 0)
            {
                builder.WhenMatchedUpdateAll();
            }

            return builder.ToSql();
        }

        private static object? SameKind(object value, object first) => value.GetType() == first.GetType() ? value : null;

        private static SqlType ClrType(object value) => value switch
        {
            string => SqlType.String,
            long => SqlType.Long,
            int => SqlType.Int,
            bool => SqlType.Boolean,
            decimal => SqlType.Decimal(10, 2),
            DateOnly => SqlType.Date,
            DateTimeOffset => SqlType.Timestamp,
            double => SqlType.Double,
            _ => SqlType.Binary,
        };
    }
}
