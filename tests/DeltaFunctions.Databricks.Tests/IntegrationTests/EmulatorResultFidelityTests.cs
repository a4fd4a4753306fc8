using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks.Tests.IntegrationTests;

/// <summary>
/// End to end through <see cref="SqlClient.QueryAsync(SqlStatement, SqlExecuteOptions?, CancellationToken)"/> against
/// the emulator over loopback HTTP, in both result formats: lower-case struct fields, DATE and TIMESTAMP map keys
/// a 38-digit DECIMAL and NULL array elements and map values come back exactly as written to a Delta table.
/// </summary>
public sealed class EmulatorResultFidelityTests(LakehouseEmulator lakehouse) : IClassFixture<LakehouseEmulator>
{
    private const string Wide = "12345678901234567890123456789012345.678";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Formats => ["JSON_ARRAY", "ARROW_STREAM"];

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task QueryAsync_NestedAndWideValues_ReadBackExactly(string format)
    {
        var sut = lakehouse.Client.GetSqlClient();
        var table = "main.default." + LakehouseEmulator.NewTable("fidelity");
        await sut.ExecuteAsync(
            SqlStatement.FromText(
                $"CREATE TABLE {table} (id BIGINT, person STRUCT<name: STRING, zipCode: INT>, by_day MAP<DATE, STRING>, "
                + "by_time MAP<TIMESTAMP, INT>, amount DECIMAL(38,3), days ARRAY<DATE>, counts MAP<STRING, BIGINT>) USING DELTA"),
            cancellationToken: Ct);
        await sut.ExecuteAsync(
            SqlStatement.FromText(
                $"INSERT INTO {table} VALUES (1, named_struct('name', 'Ada', 'zipCode', 12345), map(DATE'2024-02-29', 'leap'), "
                + $"map(TIMESTAMP'2024-02-29 13:45:06.789Z', 7), CAST('{Wide}' AS DECIMAL(38,3)), "
                + "array(DATE'2024-02-29', NULL), map('a', 1, 'b', NULL))"),
            cancellationToken: Ct);

        var rows = await sut.QueryAsync(
            SqlStatement.FromText($"SELECT person, by_day, by_time, amount, days, counts FROM {table}"),
            new SqlExecuteOptions { Format = new ResultFormat(format) },
            Ct).ToListAsync(Ct);

        var row = Assert.Single(rows);
        Assert.Equal("STRUCT<name: STRING, zipCode: INT>", row.Schema.Columns[0].TypeText);
        var person = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(row["person"]);
        Assert.Equal(["name", "zipCode"], person.Keys);
        Assert.Equal("Ada", person["name"]);
        Assert.Equal(12345, person["zipCode"]);
        var byDay = Assert.IsAssignableFrom<IReadOnlyDictionary<object, object?>>(row["by_day"]);
        Assert.Equal("leap", Assert.Single(byDay, e => Equals(e.Key, new DateOnly(2024, 2, 29))).Value);
        var byTime = Assert.IsAssignableFrom<IReadOnlyDictionary<object, object?>>(row["by_time"]);
        var instant = new DateTimeOffset(2024, 2, 29, 13, 45, 6, 789, TimeSpan.Zero);
        Assert.Equal(7, Assert.Single(byTime, e => Equals(e.Key, instant)).Value);
        Assert.Equal(Wide, row["amount"]);
        Assert.Equal([new DateOnly(2024, 2, 29), null], (IEnumerable<object?>)row["days"]!);
        var counts = Assert.IsAssignableFrom<IReadOnlyDictionary<object, object?>>(row["counts"]);
        Assert.Equal(1L, counts["a"]);
        Assert.Null(counts["b"]);
    }
}
