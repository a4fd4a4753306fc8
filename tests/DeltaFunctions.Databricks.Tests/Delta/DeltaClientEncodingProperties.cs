using DeltaFunctions.Databricks.Delta;
using DeltaFunctions.Databricks.Schema;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Databricks.Tests.IntegrationTests;
using DeltaFunctions.Databricks.Tests.Sql;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DeltaFunctions.Databricks.Tests.Delta;

/// <summary>
/// The two row encodings are interchangeable: rows with a hostile column name and generated values of every scalar
/// kind, written once as one JSON parameter and once as a VALUES table, read back identical to each other and to
/// the values written (on the emulator over loopback HTTP).
/// </summary>
public sealed class DeltaClientEncodingProperties(LakehouseEmulator lakehouse) : IClassFixture<LakehouseEmulator>
{
    private static Gen<(string Column, List<object?> Values)> Inputs =>
        from column in BuilderGenerators.Identifier
        where !string.Equals(column, "k", StringComparison.OrdinalIgnoreCase)
        from pairs in BuilderGenerators.ValuePair.ListOf().Where(l => l.Count is > 0 and < 5)
        let first = pairs[0].A
        select (column, pairs.Select(p => p.A.GetType() == first.GetType() ? p.A : null).Append(null).ToList());

    [Property(MaxTest = 15)]
    public Property row_encodings_store_the_same_rows() =>
        Prop.ForAll(Arb.From(Inputs), input => RunAsync(input.Column, input.Values).GetAwaiter().GetResult());

    private async Task<bool> RunAsync(string column, List<object?> values)
    {
        var ct = TestContext.Current.CancellationToken;
        var type = ColumnType(values[0]!);
        var columns = new[] { SchemaColumn.Of("k", "BIGINT"), new SchemaColumn(column, type) };
        var rows = values.Select((v, i) => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?> { ["k"] = (long)i, [column] = v }).ToList();

        var read = new List<List<object?>>();
        foreach (var encoding in (SourceRowEncoding[])[SourceRowEncoding.JsonParameter, SourceRowEncoding.ValuesParameters])
        {
            var delta = lakehouse.Client.GetDeltaClient("main", "default", new DeltaClientOptions { RowEncoding = encoding });
            var table = LakehouseEmulator.NewTable("enc");
            var sql = lakehouse.Client.GetSqlClient();
            await sql.ExecuteAsync(SqlStatement.FromText($"CREATE TABLE {delta.Table(table).ToSql()} (k BIGINT, {SqlIdentifier.Quote(column)} {type}) USING DELTA"), cancellationToken: ct);
            await delta.WriteTableAsync(table, rows, WriteMode.Append, new WriteTableOptions { Columns = columns }, ct);
            read.Add(await sql.QueryAsync(
                SqlStatement.FromText($"SELECT {SqlIdentifier.Quote(column)} FROM {delta.Table(table).ToSql()} ORDER BY k"),
                new SqlExecuteOptions { Format = ResultFormat.JsonArray },
                ct).Select(r => r[0]).ToListAsync(ct));
        }

        Assert.Equal(values.Count, read[0].Count);
        for (var i = 0; i < values.Count; i++)
        {
            Assert.True(Same(read[0][i], read[1][i]), $"row {i}: JSON {read[0][i]} vs VALUES {read[1][i]}");
            Assert.True(Same(Expected(values[i]), read[0][i]), $"row {i}: wrote {values[i]}, read {read[0][i]}");
        }

        return true;
    }

    private static SqlType ColumnType(object value) => value switch
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

    private static object? Expected(object? value) => value is DateTimeOffset t ? t.ToUniversalTime() : value;

    private static bool Same(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (byte[] x, byte[] y) => x.AsSpan().SequenceEqual(y),
        _ => Equals(a, b),
    };
}
