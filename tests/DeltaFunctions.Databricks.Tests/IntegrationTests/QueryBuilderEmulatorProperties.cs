using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Databricks.Tests.Sql;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DeltaFunctions.Databricks.Tests.IntegrationTests;

/// <summary>
/// <c>query_builder_valid_sql</c> over every builder feature on the emulator: a hostile column name, hostile values
/// under each comparison, ordering, a bound limit and time travel by version or timestamp. The statement must run,
/// return exactly the rows the same filter selects in memory, in order, and carry every value as a parameter and none
/// in its text.
/// </summary>
public sealed class QueryBuilderEmulatorProperties(LakehouseEmulator lakehouse) : IClassFixture<LakehouseEmulator>
{
    private static Gen<Case> Cases =>
        from column in BuilderGenerators.Identifier
        from stems in BuilderGenerators.Identifier.Three()
        from op in Gen.Choose(0, 5)
        from a in Gen.Choose(0, 2)
        from b in Gen.Choose(0, 2)
        from travel in Gen.Choose(0, 2)
        from limit in Gen.Choose(-1, 3)
        from desc in Gen.Elements(true, false)
        where !string.Equals(column, "k", StringComparison.OrdinalIgnoreCase)
        select new Case(column, ["HOSTILE" + stems.Item1 + "0", "HOSTILE" + stems.Item2 + "1", "HOSTILE" + stems.Item3 + "2"], op, a, b, travel, limit, desc);

    [Property(MaxTest = 12)]
    public Property query_builder_valid_sql_filters_orders_limits_and_time_travels_on_emulator() =>
        Prop.ForAll(Arb.From(Cases), c => RunAsync(c).GetAwaiter().GetResult());

    private async Task<bool> RunAsync(Case c)
    {
        var ct = TestContext.Current.CancellationToken;
        var sql = lakehouse.Client.GetSqlClient();
        var delta = lakehouse.Client.GetDeltaClient("main", "default");
        var table = delta.Table(LakehouseEmulator.NewTable("qb"));
        await sql.ExecuteAsync(SqlStatement.FromText($"CREATE TABLE {table.ToSql()} (k BIGINT, {SqlIdentifier.Quote(c.Column)} STRING) USING DELTA"), cancellationToken: ct);
        await sql.ExecuteAsync(
            new SqlStatement(
                $"INSERT INTO {table.ToSql()} VALUES (0, :v0), (1, :v1), (2, :v2)",
                [.. c.Values.Select((v, i) => new StatementParameter { Name = "v" + i, Value = v })]),
            cancellationToken: ct);
        var builder = new QueryBuilder(table).Select("k", c.Column).Where(c.Filter()).OrderBy(c.Column, c.Descending);
        if (c.Limit >= 0)
        {
            builder.Limit(c.Limit);
        }

        if (c.Travel > 0)
        {
            var inserted = (await delta.DescribeHistoryAsync(table.Table, limit: 1, ct))[0];
            await sql.ExecuteAsync(SqlStatement.FromText($"DELETE FROM {table.ToSql()}"), cancellationToken: ct);
            _ = c.Travel == 1 ? builder.AsOfVersion(inserted.Version) : builder.AsOfTimestamp(inserted.Timestamp!.Value);
        }

        var statement = builder.Build();
        var rows = await sql.QueryAsync(statement, cancellationToken: ct).Select(r => ((long)r["k"]!, (string?)r[c.Column])).ToListAsync(ct);

        Assert.True(BuilderGenerators.NoValueInText(statement.Text, c.Values), statement.Text);
        Assert.All(c.FilterValues(), v => Assert.Contains(statement.Parameters, p => p.Value == v));
        Assert.True(c.Expected().SequenceEqual(rows), $"{c.Column} [{string.Join(" | ", c.Values)}] | {statement.Text} | {string.Join(",", statement.Parameters.Select(p => p.Name + "=" + p.Value + ":" + p.Type))} | got {string.Join(",", rows)}");
        return true;
    }

    internal sealed record Case(string Column, string[] Values, int Op, int A, int B, int Travel, int Limit, bool Descending)
    {
        public SqlFilter Filter() => Op switch
        {
            0 => SqlFilter.Equal(Column, Values[A]),
            1 => SqlFilter.NotEqual(Column, Values[A]),
            2 => SqlFilter.In(Column, [Values[A], Values[B]]),
            3 => SqlFilter.GreaterThan(Column, Values[A]),
            4 => SqlFilter.LessThanOrEqual(Column, Values[A]),
            _ => SqlFilter.Between(Column, Lo, Hi),
        };

        public IEnumerable<string> FilterValues() => Op switch
        {
            2 or 5 => [Values[A], Values[B]],
            _ => [Values[A]],
        };

        public IReadOnlyList<(long, string?)> Expected()
        {
            bool Keep(string v) => Op switch
            {
                0 => v == Values[A],
                1 => v != Values[A],
                2 => v == Values[A] || v == Values[B],
                3 => string.CompareOrdinal(v, Values[A]) > 0,
                4 => string.CompareOrdinal(v, Values[A]) <= 0,
                _ => string.CompareOrdinal(v, Lo) >= 0 && string.CompareOrdinal(v, Hi) <= 0,
            };

            var kept = Values.Select((v, i) => ((long)i, (string?)v)).Where(r => Keep(r.Item2!));
            var ordered = Descending
                ? kept.OrderByDescending(r => r.Item2, StringComparer.Ordinal)
                : kept.OrderBy(r => r.Item2, StringComparer.Ordinal);
            return [.. Limit >= 0 ? ordered.Take(Limit) : ordered];
        }

        private string Lo => string.CompareOrdinal(Values[Math.Min(A, B)], Values[Math.Max(A, B)]) <= 0 ? Values[Math.Min(A, B)] : Values[Math.Max(A, B)];

        private string Hi => Lo == Values[Math.Min(A, B)] ? Values[Math.Max(A, B)] : Values[Math.Min(A, B)];
    }
}
