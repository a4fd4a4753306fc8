using DeltaFunctions.Databricks.Delta;
using DeltaFunctions.Databricks.Schema;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Databricks.Tests.Sql;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DeltaFunctions.Databricks.Tests.IntegrationTests;

/// <summary>
/// The emulator half of <c>query_builder_valid_sql</c> and <c>merge_builder_valid_sql</c>: statements built from
/// hostile identifiers and values run on the emulator and find exactly the rows the values name, with the rows
/// written and merged under both row encodings (one JSON parameter, and a VALUES table of typed parameters).
/// </summary>
public sealed class BuilderEmulatorProperties(LakehouseEmulator lakehouse) : IClassFixture<LakehouseEmulator>
{
    private static Gen<(string Column, string Value, long Key)> Inputs =>
        from column in BuilderGenerators.Identifier
        from value in BuilderGenerators.Identifier
        from key in Gen.Choose(1, 1_000_000)
        where !string.Equals(column, "k", StringComparison.OrdinalIgnoreCase)
        select (column, "HOSTILE" + value, (long)key);

    [Property(MaxTest = 10)]
    public Property query_builder_valid_sql_runs_on_emulator() =>
        Prop.ForAll(Arb.From(Inputs), input => BothEncodings(encoding => RunQueryAsync(input, encoding)));

    [Property(MaxTest = 10)]
    public Property merge_builder_valid_sql_runs_on_emulator() =>
        Prop.ForAll(Arb.From(Inputs), input => BothEncodings(encoding => RunMergeAsync(input, encoding)));

    private static bool BothEncodings(Func<SourceRowEncoding, Task<bool>> run) =>
        run(SourceRowEncoding.JsonParameter).GetAwaiter().GetResult() && run(SourceRowEncoding.ValuesParameters).GetAwaiter().GetResult();

    private async Task<bool> RunQueryAsync((string Column, string Value, long Key) input, SourceRowEncoding encoding)
    {
        var ct = TestContext.Current.CancellationToken;
        var (delta, table, columns) = await CreateAsync(input.Column, encoding, ct);
        await delta.WriteTableAsync(
            table,
            [Row(input.Key, input.Value, input.Column), Row(input.Key + 1, input.Value + "x", input.Column)],
            WriteMode.Append,
            new WriteTableOptions { Columns = columns },
            ct);

        var query = new QueryBuilder(delta.Table(table))
            .Select("k", input.Column)
            .Where(SqlFilter.Equal(input.Column, input.Value) & SqlFilter.In("k", [input.Key, -1L]))
            .OrderBy(input.Column)
            .Limit(5)
            .Build();
        var rows = await lakehouse.Client.GetSqlClient().QueryAsync(query, cancellationToken: ct).ToListAsync(ct);

        var row = Assert.Single(rows);
        Assert.Equal(input.Key, row["k"]);
        Assert.Equal(input.Value, row[input.Column]);
        return true;
    }

    private async Task<bool> RunMergeAsync((string Column, string Value, long Key) input, SourceRowEncoding encoding)
    {
        var ct = TestContext.Current.CancellationToken;
        var (delta, table, columns) = await CreateAsync(input.Column, encoding, ct);
        await delta.WriteTableAsync(table, [Row(input.Key, "old", input.Column)], WriteMode.Append, new WriteTableOptions { Columns = columns }, ct);

        var result = await delta.Merge(table)
            .UsingRows([Row(input.Key, input.Value, input.Column), Row(input.Key + 1, input.Value, input.Column)], columns)
            .On("k")
            .WhenMatchedUpdate([MergeAssignment.FromSource(input.Column)], SqlFilter.NotEqual(ColumnRef.Source(input.Column), "never" + input.Value))
            .WhenNotMatchedInsertAll()
            .ExecuteAsync(ct);
        var values = await lakehouse.Client.GetSqlClient().QueryAsync(
            new QueryBuilder(delta.Table(table)).Select(input.Column).Build(), cancellationToken: ct).Select(r => r[0]).ToListAsync(ct);

        Assert.Equal((1L, 1L), (result.NumUpdatedRows, result.NumInsertedRows));
        Assert.Equal([input.Value, input.Value], values);
        return true;
    }

    private async Task<(DeltaClient Delta, string Table, IReadOnlyList<SchemaColumn> Columns)> CreateAsync(string column, SourceRowEncoding encoding, CancellationToken ct)
    {
        var delta = lakehouse.Client.GetDeltaClient("main", "default", new DeltaClientOptions { RowEncoding = encoding });
        var table = LakehouseEmulator.NewTable("hostile");
        await lakehouse.Client.GetSqlClient().ExecuteAsync(
            SqlStatement.FromText($"CREATE TABLE {delta.Table(table).ToSql()} (k BIGINT, {SqlIdentifier.Quote(column)} STRING) USING DELTA"),
            cancellationToken: ct);
        return (delta, table, [SchemaColumn.Of("k", "BIGINT"), new SchemaColumn(column, SqlType.String)]);
    }

    private static Dictionary<string, object?> Row(long key, string value, string column) => new() { ["k"] = key, [column] = value };
}
