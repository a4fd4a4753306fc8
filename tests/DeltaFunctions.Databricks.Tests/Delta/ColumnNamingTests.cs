using System.ComponentModel.DataAnnotations.Schema;
using System.Text.Json.Serialization;
using DeltaFunctions.Databricks.Delta;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Databricks.Tests.IntegrationTests;

namespace DeltaFunctions.Databricks.Tests.Delta;

/// <summary>
/// Reads and writes follow one naming rule against the emulator: <c>OrderId</c> is the column <c>order_id</c> both
/// ways, and <c>[JsonPropertyName]</c> or <c>[Column]</c> on a property overrides it both ways.
/// </summary>
public sealed class ColumnNamingTests(LakehouseEmulator lakehouse) : IClassFixture<LakehouseEmulator>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<SourceRowEncoding> Encodings => [SourceRowEncoding.JsonParameter, SourceRowEncoding.ValuesParameters];

    private DeltaClient Sut(SourceRowEncoding encoding) =>
        lakehouse.Client.GetDeltaClient("main", "default", new DeltaClientOptions { RowEncoding = encoding });

    private async Task<string> CreateAsync(string columns)
    {
        var table = LakehouseEmulator.NewTable("naming");
        await lakehouse.Client.GetSqlClient().ExecuteAsync(SqlStatement.FromText($"CREATE TABLE main.default.{table} ({columns})"), cancellationToken: Ct);
        return table;
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task WriteTableAsync_PascalCaseRecord_WritesSnakeCaseColumnsAndReadsBack(SourceRowEncoding encoding)
    {
        var table = await CreateAsync("order_id BIGINT, customer_name STRING");
        var sut = Sut(encoding);

        await sut.WriteTableAsync(table, [new Order(7, "Ada")], cancellationToken: Ct);
        var rows = await sut.ReadTableAsync<Order>(table, cancellationToken: Ct).ToListAsync(Ct);

        Assert.Equal([new Order(7, "Ada")], rows);
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task MergeBuilder_PascalCaseRecord_MatchesOnSnakeCaseKey(SourceRowEncoding encoding)
    {
        var table = await CreateAsync("order_id BIGINT, customer_name STRING");
        var sut = Sut(encoding);
        await sut.WriteTableAsync(table, [new Order(1, "old")], cancellationToken: Ct);

        var result = await sut.Merge(table).UsingRows([new Order(1, "new"), new Order(2, "Bob")]).On("order_id")
            .WhenMatchedUpdateAll().WhenNotMatchedInsertAll().ExecuteAsync(Ct);
        var rows = await sut.ReadTableAsync<Order>(table, cancellationToken: Ct).ToListAsync(Ct);

        Assert.Equal((1L, 1L), (result.NumUpdatedRows, result.NumInsertedRows));
        Assert.Equal([new Order(1, "new"), new Order(2, "Bob")], rows.OrderBy(r => r.OrderId));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task WriteTableAsync_AttributesOverrideTheRule_BothWays(SourceRowEncoding encoding)
    {
        var table = await CreateAsync("id BIGINT, amount_eur STRING, OrderedOn STRING");
        var sut = Sut(encoding);

        await sut.WriteTableAsync(table, [new Renamed(3, "9.50", "2024-06-12")], cancellationToken: Ct);
        var rows = await sut.ReadTableAsync<Renamed>(table, cancellationToken: Ct).ToListAsync(Ct);
        var raw = await lakehouse.Client.GetSqlClient().QueryAsync(SqlStatement.FromText($"SELECT amount_eur, OrderedOn FROM main.default.{table}"), cancellationToken: Ct).ToListAsync(Ct);

        Assert.Equal([new Renamed(3, "9.50", "2024-06-12")], rows);
        Assert.Equal(["9.50", "2024-06-12"], new[] { raw.Single()[0], raw.Single()[1] });
    }

    [Fact]
    public async Task WriteTableAsync_PropertyWithoutColumn_FailsNamingTheColumn()
    {
        var table = await CreateAsync("order_id BIGINT");
        var sut = Sut(SourceRowEncoding.ValuesParameters);

        var error = await Assert.ThrowsAsync<SqlStatementException>(() => sut.WriteTableAsync(table, [new Order(1, "x")], cancellationToken: Ct));

        Assert.Contains("customer_name", error.Message, StringComparison.Ordinal);
    }

    private sealed record Order(long OrderId, string CustomerName);

    private sealed record Renamed(
        [property: JsonPropertyName("id")] long Number,
        [property: Column("amount_eur")] string Amount,
        [property: JsonPropertyName("OrderedOn")] string Day);
}
