using DeltaFunctions.Databricks.Delta;
using DeltaFunctions.Databricks.Schema;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Databricks.Tests.IntegrationTests;

namespace DeltaFunctions.Databricks.Tests.Delta;

/// <summary>
/// Writes and merges with the DEFAULT row encoding (all rows as one JSON parameter expanded with
/// <c>inline(from_json(…))</c>) against the emulator over loopback HTTP, reading every value back exactly.
/// </summary>
public sealed class DeltaClientJsonEncodingTests(LakehouseEmulator lakehouse) : IClassFixture<LakehouseEmulator>
{
    private const string Hostile = "it's `x` ``y`` \"q\" \\ ; DROP TABLE t; -- \n\r\t\u0000\u001f\u2028 é ü 漢字 😀 ' OR '1'='1";

    private static readonly IReadOnlyList<SchemaColumn> AllTypes =
    [
        SchemaColumn.Of("id", "BIGINT"),
        SchemaColumn.Of("b", "BOOLEAN"),
        SchemaColumn.Of("ti", "TINYINT"),
        SchemaColumn.Of("si", "SMALLINT"),
        SchemaColumn.Of("i", "INT"),
        SchemaColumn.Of("l", "BIGINT"),
        SchemaColumn.Of("f", "FLOAT"),
        SchemaColumn.Of("d", "DOUBLE"),
        SchemaColumn.Of("dec", "DECIMAL(38,10)"),
        SchemaColumn.Of("s", "STRING"),
        SchemaColumn.Of("bin", "BINARY"),
        SchemaColumn.Of("dt", "DATE"),
        SchemaColumn.Of("ts", "TIMESTAMP"),
        SchemaColumn.Of("ntz", "TIMESTAMP_NTZ"),
        SchemaColumn.Of("tags", "ARRAY<STRING>"),
        SchemaColumn.Of("attrs", "MAP<STRING, STRING>"),
        SchemaColumn.Of("counts", "MAP<INT, BIGINT>"),
        // Upper-case field names in the schema while the rows below spell them in lower case: the client must send
        // the schema's spelling.
        SchemaColumn.Of("pos", "STRUCT<X: DOUBLE, LABEL: STRING, HIST: ARRAY<INT>>"),
    ];

    private static readonly IReadOnlyList<SchemaColumn> ScalarColumns =
        [SchemaColumn.Of("id", "BIGINT"), SchemaColumn.Of("amt", "DECIMAL(10,2)"), SchemaColumn.Of("note", "STRING"), SchemaColumn.Of("day", "DATE")];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DeltaClient Sut => lakehouse.Client.GetDeltaClient("main", "default");

    [Fact]
    public async Task WriteTableAsync_AppendEveryTypeWithDefaultEncoding_ReadsBackExactly()
    {
        var table = await CreateAsync(AllTypes);
        var rows = AllTypeRows();

        var written = await Sut.WriteTableAsync<IReadOnlyDictionary<string, object?>>(table, rows, WriteMode.Append, new WriteTableOptions { Columns = AllTypes }, Ct);
        var read = await ReadAsync(table);

        Assert.Equal(3, written.NumInsertedRows);
        Assert.False(written.Staged);
        AssertRowsEqual(ExpectedAllTypeRows(), read);
    }

    [Fact]
    public async Task WriteTableAsync_OverwriteWithComplexColumns_ReplacesEveryRow()
    {
        var table = await CreateAsync(AllTypes);
        await Sut.WriteTableAsync<IReadOnlyDictionary<string, object?>>(table, AllTypeRows(), WriteMode.Append, new WriteTableOptions { Columns = AllTypes }, Ct);

        await Sut.WriteTableAsync<IReadOnlyDictionary<string, object?>>(table, [AllTypeRows()[0]], WriteMode.Overwrite, new WriteTableOptions { Columns = AllTypes }, Ct);
        var read = await ReadAsync(table);

        AssertRowsEqual([ExpectedAllTypeRows()[0]], read);
    }

    [Fact]
    public async Task WriteTableAsync_ReplaceWhereWithComplexColumns_ReplacesOnlyMatchingRows()
    {
        var table = await CreateAsync(AllTypes);
        await Sut.WriteTableAsync<IReadOnlyDictionary<string, object?>>(table, AllTypeRows(), WriteMode.Append, new WriteTableOptions { Columns = AllTypes }, Ct);
        var replacement = new Dictionary<string, object?>(AllTypeRows()[1]) { ["s"] = Hostile + " replaced", ["tags"] = new List<string?> { "new" } };

        await Sut.WriteTableAsync<IReadOnlyDictionary<string, object?>>(
            table, [replacement], WriteMode.ReplaceWhere, new WriteTableOptions { Columns = AllTypes, ReplaceWhere = SqlFilter.Equal("id", 2L) }, Ct);
        var read = await ReadAsync(table);

        var expected = ExpectedAllTypeRows();
        expected[1]["s"] = Hostile + " replaced";
        expected[1]["tags"] = new List<object?> { "new" };
        AssertRowsEqual(expected, read);
    }

    [Fact]
    public async Task WriteTableAsync_NoRows_AppendsNothing()
    {
        var table = await CreateAsync(AllTypes);

        var written = await Sut.WriteTableAsync<IReadOnlyDictionary<string, object?>>(table, [], WriteMode.Append, new WriteTableOptions { Columns = AllTypes }, Ct);
        var read = await ReadAsync(table);

        Assert.Equal(0, written.NumInsertedRows);
        Assert.Empty(read);
    }

    [Fact]
    public async Task Merge_UpdateInsertDeleteWithComplexColumns_AppliesEveryClause()
    {
        var columns = AllTypes.Take(1).Concat(AllTypes.Where(c => c.Name is "s" or "tags" or "attrs" or "counts" or "pos" or "dec" or "ts")).ToList();
        var table = await CreateAsync(columns);
        await Sut.WriteTableAsync<IReadOnlyDictionary<string, object?>>(
            table, [.. AllTypeRows().Select(r => Project(r, columns))], WriteMode.Append, new WriteTableOptions { Columns = columns }, Ct);
        var source = new List<IReadOnlyDictionary<string, object?>>
        {
            new Dictionary<string, object?>(Project(AllTypeRows()[0], columns)) { ["s"] = "updated " + Hostile, ["tags"] = new[] { "u1", "u2" }, ["counts"] = new Dictionary<int, long> { [7] = 70 } },
            new Dictionary<string, object?>(Project(AllTypeRows()[1], columns)) { ["s"] = "D" },
            new Dictionary<string, object?>(Project(AllTypeRows()[0], columns)) { ["id"] = 4L, ["s"] = "inserted", ["pos"] = null },
        };

        var result = await Sut.Merge(table)
            .UsingRows(source, columns)
            .On("id")
            .WhenMatchedDelete(SqlFilter.Equal(ColumnRef.Source("s"), "D"))
            .WhenMatchedUpdate([MergeAssignment.FromSource("s"), MergeAssignment.FromSource("tags"), MergeAssignment.FromSource("counts")])
            .WhenNotMatchedInsertAll()
            .ExecuteAsync(Ct);
        var read = await ReadAsync(table);

        Assert.Equal((1L, 1L, 1L), (result.NumUpdatedRows, result.NumDeletedRows, result.NumInsertedRows));
        var expected = ExpectedAllTypeRows().Select(r => Project(r, columns)).ToList();
        expected[0]["s"] = "updated " + Hostile;
        expected[0]["tags"] = new List<object?> { "u1", "u2" };
        expected[0]["counts"] = new Dictionary<object, object?> { [7] = 70L };
        var inserted = new Dictionary<string, object?>(expected[0]) { ["id"] = 4L, ["s"] = "inserted", ["pos"] = null, ["tags"] = ExpectedAllTypeRows()[0]["tags"], ["counts"] = ExpectedAllTypeRows()[0]["counts"] };
        AssertRowsEqual([expected[0], expected[2], inserted], read);
    }

    [Fact]
    public async Task WriteTableAsync_DecimalOverflowingColumn_RefusedNamingTheColumnInsteadOfWritingNull()
    {
        var table = await CreateAsync(ScalarColumns);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Sut.WriteTableAsync(
            table, [new Dated(1, 123456789.5m, "too big", new DateOnly(2024, 1, 1))], WriteMode.Append, new WriteTableOptions { Columns = ScalarColumns }, Ct));
        var read = await ReadAsync(table);

        Assert.Contains("Column 'amt'", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not fit", error.Message, StringComparison.Ordinal);
        Assert.Empty(read);
    }

    [Theory]
    [InlineData("not a number")]
    [InlineData("1.5")]
    public async Task WriteTableAsync_StringForBigintColumn_ThrowsBeforeSending(string value)
    {
        var table = await CreateAsync(ScalarColumns);
        var row = new Dictionary<string, object?> { ["id"] = value, ["amt"] = 1m, ["note"] = null, ["day"] = null };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Sut.WriteTableAsync<IReadOnlyDictionary<string, object?>>(
            table, [row], WriteMode.Append, new WriteTableOptions { Columns = ScalarColumns }, Ct));

        Assert.Contains("'id'", error.Message, StringComparison.Ordinal);
        Assert.Empty(await ReadAsync(table));
    }

    [Fact]
    public async Task WriteTableAsync_NumericAndBooleanStrings_AreWrittenAsTheirValues()
    {
        var columns = new[] { SchemaColumn.Of("id", "BIGINT"), SchemaColumn.Of("ok", "BOOLEAN"), SchemaColumn.Of("x", "DOUBLE") };
        var table = await CreateAsync(columns);

        await Sut.WriteTableAsync<IReadOnlyDictionary<string, object?>>(
            table, [new Dictionary<string, object?> { ["id"] = "42", ["ok"] = "true", ["x"] = "-1.5e3" }], WriteMode.Append, new WriteTableOptions { Columns = columns }, Ct);
        var read = await ReadAsync(table);

        var row = read.Single();
        Assert.Equal([42L, true, -1500.0], new[] { row["id"], row["ok"], row["x"] });
    }

    [Fact]
    public async Task WriteTableAsync_Decimal38GivenAsText_KeepsEveryDigit()
    {
        var columns = new[] { SchemaColumn.Of("id", "BIGINT"), SchemaColumn.Of("big", "DECIMAL(38,18)") };
        var table = await CreateAsync(columns);
        const string Digits = "-12345678901234567890.123456789012345678";

        await Sut.WriteTableAsync<IReadOnlyDictionary<string, object?>>(
            table, [new Dictionary<string, object?> { ["id"] = 1L, ["big"] = Digits }, new Dictionary<string, object?> { ["id"] = 2L, ["big"] = 0.5m }], WriteMode.Append, new WriteTableOptions { Columns = columns }, Ct);
        // JSON_ARRAY: the emulator's ARROW_STREAM writer holds decimals as System.Decimal (28 digits).
        var read = await ReadAsync(table, ResultFormat.JsonArray);

        Assert.Equal(Digits, read[0]["big"]);
        Assert.Equal(0.5m, read[1]["big"]);
    }

    [Fact]
    public async Task WriteTableAsync_TinyintOutOfRange_ThrowsInsteadOfWrapping()
    {
        var columns = new[] { SchemaColumn.Of("id", "BIGINT"), SchemaColumn.Of("ti", "TINYINT") };
        var table = await CreateAsync(columns);

        await Assert.ThrowsAsync<ArgumentException>(() => Sut.WriteTableAsync<IReadOnlyDictionary<string, object?>>(
            table, [new Dictionary<string, object?> { ["id"] = 1L, ["ti"] = 200 }], WriteMode.Append, new WriteTableOptions { Columns = columns }, Ct));

        Assert.Empty(await ReadAsync(table));
    }

    [Fact]
    public async Task WriteTableAsync_MapsWithBooleanAndDecimalKeys_RoundTripKeys()
    {
        var columns = new[] { SchemaColumn.Of("id", "BIGINT"), SchemaColumn.Of("byAmount", "MAP<DECIMAL(10,2), STRING>"), SchemaColumn.Of("flags", "ARRAY<MAP<BOOLEAN, INT>>") };
        var table = await CreateAsync(columns);
        var row = new Dictionary<string, object?>
        {
            ["id"] = 1L,
            ["byAmount"] = new Dictionary<decimal, string> { [1.5m] = "one and a half", [-1000m] = Hostile },
            ["flags"] = new[] { new Dictionary<bool, int> { [true] = 1, [false] = 0 } },
        };

        await Sut.WriteTableAsync<IReadOnlyDictionary<string, object?>>(table, [row], WriteMode.Append, new WriteTableOptions { Columns = columns }, Ct);
        var read = (await ReadAsync(table)).Single();

        Assert.True(DeepEquals(new Dictionary<object, object?> { [1.50m] = "one and a half", [-1000.00m] = Hostile }, read["byAmount"]), Show(read["byAmount"]));
        Assert.True(DeepEquals(new List<object?> { new Dictionary<object, object?> { [true] = 1, [false] = 0 } }, read["flags"]), Show(read["flags"]));
    }

    [Theory]
    [InlineData(SourceRowEncoding.JsonParameter)]
    [InlineData(SourceRowEncoding.ValuesParameters)]
    public async Task WriteTableAsync_EveryWriteModeUnderEitherEncoding_StoresTheSameRows(SourceRowEncoding encoding)
    {
        var sut = lakehouse.Client.GetDeltaClient("main", "default", new DeltaClientOptions { RowEncoding = encoding });
        var options = new WriteTableOptions { Columns = ScalarColumns };
        var table = await CreateAsync(ScalarColumns);
        var day = new DateOnly(2024, 6, 10);

        await sut.WriteTableAsync(table, [new Dated(1, 1.01m, Hostile, day), new Dated(2, -2m, null, null)], WriteMode.Append, options, Ct);
        await sut.WriteTableAsync(table, [new Dated(3, 3m, "three", day)], WriteMode.Append, options, Ct);
        await sut.WriteTableAsync(table, [new Dated(2, 20.25m, "replaced", day)], WriteMode.ReplaceWhere, options with { ReplaceWhere = SqlFilter.Equal("id", 2L) }, Ct);
        var afterReplace = await sut.ReadTableAsync<Dated>(table, cancellationToken: Ct).ToListAsync(Ct);
        await sut.WriteTableAsync(table, [new Dated(9, 9.99m, "\u00e9\n", null)], WriteMode.Overwrite, options, Ct);
        var afterOverwrite = await sut.ReadTableAsync<Dated>(table, cancellationToken: Ct).ToListAsync(Ct);

        Assert.Equal([new Dated(1, 1.01m, Hostile, day), new Dated(2, 20.25m, "replaced", day), new Dated(3, 3m, "three", day)], afterReplace.OrderBy(r => r.Id));
        Assert.Equal([new Dated(9, 9.99m, "\u00e9\n", null)], afterOverwrite);
    }

    private static List<IReadOnlyDictionary<string, object?>> AllTypeRows() =>
    [
        new Dictionary<string, object?>
        {
            ["id"] = 1L,
            ["b"] = true,
            ["ti"] = (sbyte)-128,
            ["si"] = short.MaxValue,
            ["i"] = int.MinValue,
            ["l"] = long.MaxValue,
            ["f"] = 1.5f,
            ["d"] = 0.1,
            ["dec"] = 1234567890123456.1234567891m,
            ["s"] = Hostile,
            ["bin"] = new byte[] { 0, 1, 0x7F, 0x80, 0xFF },
            ["dt"] = new DateOnly(2024, 2, 29),
            ["ts"] = new DateTimeOffset(2024, 6, 10, 10, 5, 3, TimeSpan.FromHours(2)).AddTicks(1234560),
            ["ntz"] = new DateTime(2024, 6, 10, 8, 5, 3, DateTimeKind.Unspecified).AddTicks(6543210),
            ["tags"] = new List<string?> { "a", null, Hostile },
            ["attrs"] = new Dictionary<string, string?> { ["k"] = "v", ["Hostile ' key"] = Hostile, ["none"] = null },
            ["counts"] = new Dictionary<int, long> { [1] = 10, [-2] = long.MinValue },
            ["pos"] = new Dictionary<string, object?> { ["x"] = 1.25, ["label"] = "p", ["hist"] = new[] { 1, 2 } },
        },
        new Dictionary<string, object?> { ["id"] = 2L },
        new Dictionary<string, object?>
        {
            ["id"] = 3L,
            ["b"] = false,
            ["ti"] = (sbyte)127,
            ["si"] = short.MinValue,
            ["i"] = 0,
            ["l"] = long.MinValue,
            ["f"] = float.NaN,
            ["d"] = double.NegativeInfinity,
            ["dec"] = -0.0000000001m,
            ["s"] = string.Empty,
            ["bin"] = Array.Empty<byte>(),
            ["dt"] = new DateOnly(1, 1, 1),
            ["ts"] = DateTimeOffset.UnixEpoch,
            ["ntz"] = new DateTime(9999, 12, 31, 23, 59, 59, DateTimeKind.Unspecified),
            ["tags"] = new List<string?>(),
            ["attrs"] = new Dictionary<string, string?>(),
            ["counts"] = new Dictionary<int, long>(),
            ["pos"] = new Dictionary<string, object?> { ["x"] = null, ["label"] = null, ["hist"] = null },
        },
    ];

    private static List<Dictionary<string, object?>> ExpectedAllTypeRows() =>
    [
        new()
        {
            ["id"] = 1L,
            ["b"] = true,
            ["ti"] = (sbyte)-128,
            ["si"] = short.MaxValue,
            ["i"] = int.MinValue,
            ["l"] = long.MaxValue,
            ["f"] = 1.5f,
            ["d"] = 0.1,
            ["dec"] = 1234567890123456.1234567891m,
            ["s"] = Hostile,
            ["bin"] = new byte[] { 0, 1, 0x7F, 0x80, 0xFF },
            ["dt"] = new DateOnly(2024, 2, 29),
            ["ts"] = new DateTimeOffset(2024, 6, 10, 8, 5, 3, TimeSpan.Zero).AddTicks(1234560),
            ["ntz"] = new DateTime(2024, 6, 10, 8, 5, 3, DateTimeKind.Unspecified).AddTicks(6543210),
            ["tags"] = new List<object?> { "a", null, Hostile },
            ["attrs"] = new Dictionary<object, object?> { ["k"] = "v", ["Hostile ' key"] = Hostile, ["none"] = null },
            ["counts"] = new Dictionary<object, object?> { [1] = 10L, [-2] = long.MinValue },
            ["pos"] = new Dictionary<string, object?> { ["X"] = 1.25, ["LABEL"] = "p", ["HIST"] = new List<object?> { 1, 2 } },
        },
        new()
        {
            ["id"] = 2L, ["b"] = null, ["ti"] = null, ["si"] = null, ["i"] = null, ["l"] = null, ["f"] = null, ["d"] = null, ["dec"] = null, ["s"] = null,
            ["bin"] = null, ["dt"] = null, ["ts"] = null, ["ntz"] = null, ["tags"] = null, ["attrs"] = null, ["counts"] = null, ["pos"] = null,
        },
        new()
        {
            ["id"] = 3L,
            ["b"] = false,
            ["ti"] = (sbyte)127,
            ["si"] = short.MinValue,
            ["i"] = 0,
            ["l"] = long.MinValue,
            ["f"] = float.NaN,
            ["d"] = double.NegativeInfinity,
            ["dec"] = -0.0000000001m,
            ["s"] = string.Empty,
            ["bin"] = Array.Empty<byte>(),
            ["dt"] = new DateOnly(1, 1, 1),
            ["ts"] = DateTimeOffset.UnixEpoch,
            ["ntz"] = new DateTime(9999, 12, 31, 23, 59, 59, DateTimeKind.Unspecified),
            ["tags"] = new List<object?>(),
            ["attrs"] = new Dictionary<object, object?>(),
            ["counts"] = new Dictionary<object, object?>(),
            ["pos"] = new Dictionary<string, object?> { ["X"] = null, ["LABEL"] = null, ["HIST"] = null },
        },
    ];

    private static Dictionary<string, object?> Project(IReadOnlyDictionary<string, object?> row, IReadOnlyList<SchemaColumn> columns) =>
        columns.ToDictionary(c => c.Name, c => row.TryGetValue(c.Name, out var v) ? v : null);

    private static void AssertRowsEqual(IReadOnlyList<Dictionary<string, object?>> expected, IReadOnlyList<SqlRow> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var r = 0; r < expected.Count; r++)
        {
            foreach (var (column, value) in expected[r])
            {
                var got = actual[r][column];
                Assert.True(DeepEquals(value, got), $"row {r} column {column}: expected {Show(value)}, got {Show(got)}");
            }
        }
    }

    private static bool DeepEquals(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        (byte[] x, byte[] y) => x.AsSpan().SequenceEqual(y),
        (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
        (System.Collections.IDictionary x, System.Collections.IDictionary y) =>
            x.Count == y.Count && x.Keys.Cast<object>().All(k => y.Contains(k) && DeepEquals(x[k], y[k])),
        (System.Collections.IEnumerable x, System.Collections.IEnumerable y) =>
            x.Cast<object?>().Count() == y.Cast<object?>().Count() && x.Cast<object?>().Zip(y.Cast<object?>()).All(p => DeepEquals(p.First, p.Second)),
        _ => a.Equals(b),
    };

    private static string Show(object? value) => value switch
    {
        null => "null",
        byte[] bytes => "0x" + Convert.ToHexString(bytes),
        string s => "\"" + s + "\"",
        System.Collections.IDictionary d => "{" + string.Join(", ", d.Keys.Cast<object>().Select(k => $"{Show(k)}: {Show(d[k])}")) + "}",
        System.Collections.IEnumerable e => "[" + string.Join(", ", e.Cast<object?>().Select(Show)) + "]",
        _ => $"{value} ({value.GetType().Name})",
    };

    private async Task<string> CreateAsync(IReadOnlyList<SchemaColumn> columns)
    {
        var table = LakehouseEmulator.NewTable("json");
        await lakehouse.Client.GetSqlClient().ExecuteAsync(
            SqlStatement.FromText($"CREATE TABLE {Sut.Table(table).ToSql()} ({string.Join(", ", columns.Select(c => SqlIdentifier.Quote(c.Name) + " " + c.Type))}) USING DELTA"),
            cancellationToken: Ct);
        return table;
    }

    private async Task<List<SqlRow>> ReadAsync(string table, ResultFormat? format = null) =>
        await lakehouse.Client.GetSqlClient().QueryAsync(
            SqlStatement.FromText($"SELECT * FROM {Sut.Table(table).ToSql()} ORDER BY `id`"), new SqlExecuteOptions { Format = format }, Ct).ToListAsync(Ct);

    private sealed record Dated(long Id, decimal Amt, string? Note, DateOnly? Day);
}
