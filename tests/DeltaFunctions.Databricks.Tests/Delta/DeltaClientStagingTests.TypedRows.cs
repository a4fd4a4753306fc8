using System.Globalization;
using DeltaFunctions.Databricks.Delta;
using DeltaFunctions.Databricks.Schema;
using DeltaFunctions.Databricks.Sql;
using Parquet;

namespace DeltaFunctions.Databricks.Tests.Delta;

/// <summary>
/// In-memory rows of every CLR property type the row mapper reads, from struct and class row types, with nullable value
/// types, inferred or listed columns, zero rows and hostile values: staged as Parquet, bound as ONE JSON parameter and
/// bound as VALUES, each merged over loopback HTTP into the emulator and read back the same.
/// </summary>
public sealed partial class DeltaClientStagingTests
{
    private static readonly IReadOnlyList<SchemaColumn> ReadingColumns =
    [
        SchemaColumn.Of("id", "BIGINT"),
        SchemaColumn.Of("count", "INT"),
        SchemaColumn.Of("small", "SMALLINT"),
        SchemaColumn.Of("octet", "SMALLINT"),
        SchemaColumn.Of("u16", "INT"),
        SchemaColumn.Of("u32", "BIGINT"),
        SchemaColumn.Of("u64", "DECIMAL(20,0)"),
        SchemaColumn.Of("flag", "BOOLEAN"),
        SchemaColumn.Of("real", "FLOAT"),
        SchemaColumn.Of("dbl", "DOUBLE"),
        SchemaColumn.Of("amount", "DECIMAL(30,1)"),
        SchemaColumn.Of("day", "DATE"),
        SchemaColumn.Of("at_utc", "TIMESTAMP"),
        SchemaColumn.Of("at", "TIMESTAMP"),
        SchemaColumn.Of("tag", "STRING"),
        SchemaColumn.Of("letter", "STRING"),
        SchemaColumn.Of("shade", "STRING"),
        SchemaColumn.Of("name", "STRING"),
        SchemaColumn.Of("blob", "BINARY"),
    ];

    public enum Shade
    {
        Light,
        Dark,
    }

    [Fact]
    public async Task Merge_StructRowsOfEveryPropertyType_StagedJsonAndValuesLoadTheSameExactValues()
    {
        // The first batch of this row type is read through reflection, the large one by the compiled reader: both
        // must fill the same columns. Columns are inferred from the properties (no list given).
        var volume = await CreateVolumeAsync();
        List<Reading> few = [.. Enumerable.Range(0, 4).Select(Reading.Make)];
        List<Reading> many = [.. Enumerable.Range(0, 2_500).Select(Reading.Make)];

        foreach (var rows in new[] { few, many })
        {
            var staged = await CreateTableAsync("typed_staged", ReadingColumns);
            var json = await CreateTableAsync("typed_json", ReadingColumns);
            var values = await CreateTableAsync("typed_values", ReadingColumns);

            var stagedMerge = Client(volume).Merge(staged).UsingRows(rows).On("id").WhenMatchedUpdateAll().WhenNotMatchedInsertAll();
            var stages = stagedMerge.StagesSourceRows;
            var stagedResult = await stagedMerge.ExecuteAsync(Ct);
            await JsonClient().Merge(json).UsingRows(rows).On("id").WhenMatchedUpdateAll().WhenNotMatchedInsertAll().ExecuteAsync(Ct);
            await Client(null).Merge(values).UsingRows(rows).On("id").WhenMatchedUpdateAll().WhenNotMatchedInsertAll().ExecuteAsync(Ct);
            var stagedBack = await TextRowsAsync(staged);

            Assert.True(stages);
            Assert.Equal(rows.Count, stagedResult.NumInsertedRows);
            Assert.Equal(rows.Select(r => r.Expected()), stagedBack);
            Assert.Equal(await TextRowsAsync(json), stagedBack);
            Assert.Equal(await TextRowsAsync(values), stagedBack);
        }

        Assert.Empty(await StagedFilesAsync(volume));
    }

    [Fact]
    public async Task Merge_StagedTypedProperties_WriteTypedParquetColumnsAndTextOnlyWhereAValueDoesNotConvertExactly()
    {
        var volume = await CreateVolumeAsync();
        IReadOnlyList<SchemaColumn> columns =
        [
            SchemaColumn.Of("id", "BIGINT"),
            SchemaColumn.Of("count", "BIGINT"),
            SchemaColumn.Of("real", "DOUBLE"),
            SchemaColumn.Of("amount", "DECIMAL(30,1)"),
            SchemaColumn.Of("day", "DATE"),
            SchemaColumn.Of("at_utc", "TIMESTAMP"),
            SchemaColumn.Of("at", "TIMESTAMP"),
            SchemaColumn.Of("u64", "DECIMAL(20,0)"),
            SchemaColumn.Of("small", "INT"),
        ];
        var table = await CreateTableAsync("typed_fields", columns);
        // Nulls in real, amount, at_utc and small; ulong.MaxValue in u64 (row 0).
        List<Reading> rows = [.. new[] { 0, 1, 3, 7 }.Select(Reading.Make)];
        byte[]? uploaded = null;
        var recorder = new RecordingHandler(request =>
        {
            if (request.Method == HttpMethod.Put)
            {
                uploaded = request.Content!.ReadAsByteArrayAsync().GetAwaiter().GetResult();
            }
        });
        using var client = RecordingClient(recorder);

        // Listed in another order than the properties, some left out: the columns are picked, not copied.
        await client.GetDeltaClient("main", "default", StagingOptions(volume)).Merge(table).UsingRows(rows, columns)
            .On("id").WhenMatchedUpdateAll().WhenNotMatchedInsertAll().ExecuteAsync(Ct);
        var reader = await ParquetReader.CreateAsync(new MemoryStream(uploaded!), cancellationToken: Ct);
        await using (reader)
        {
            // int widened to BIGINT, float? to DOUBLE, decimal?, DateOnly, a UTC DateTime? and short? widened to INT go
            // typed (OPTIONAL where a row is null); the wall-clock DateTime (read in the session time zone) and a ulong
            // beyond a long go as text.
            Assert.Equal(
                [typeof(long), typeof(long), typeof(double), typeof(decimal), typeof(DateTime), typeof(DateTime), typeof(ReadOnlyMemory<char>), typeof(ReadOnlyMemory<char>), typeof(int)],
                reader.Schema.DataFields.Select(f => f.ClrType));
            Assert.Equal([false, false, true, true, false, true, true, true, true], reader.Schema.DataFields.Select(f => f.IsNullable));
        }

        var back = await lakehouse.Client.GetSqlClient()
            .QueryAsync(SqlStatement.FromText($"SELECT id, count, real, amount, u64, small FROM {new TableName("main", "default", table).ToSql()} ORDER BY id"), cancellationToken: Ct)
            .Select(r => string.Join('|', Enumerable.Range(0, r.FieldCount).Select(i => Text(r[i]))))
            .ToListAsync(Ct);
        Assert.Equal(
            rows.Select(r => string.Join('|', Text(r.Id), Text((long)r.Count), Text(r.Real is { } f ? (double)f : null), Text(r.Amount), Text((decimal)r.U64), Text(r.Small is { } s ? (int)s : null))),
            back);
        Assert.Empty(await StagedFilesAsync(volume));
    }

    [Fact]
    public async Task Merge_StagedWallClocksOfEveryKind_LoadAsTheyRead()
    {
        // Unspecified first (written as they are), then UTC and local ones (their kind dropped): each wall clock as it reads.
        var volume = await CreateVolumeAsync();
        IReadOnlyList<SchemaColumn> columns = [SchemaColumn.Of("id", "BIGINT"), SchemaColumn.Of("at", "TIMESTAMP_NTZ")];
        var staged = await CreateTableAsync("typed_wall", columns);
        var json = await CreateTableAsync("typed_wall_json", columns);
        var wall = new DateTime(2024, 2, 29, 23, 59, 59).AddTicks(1234560);
        List<Clock> rows =
        [
            new(1, DateTime.SpecifyKind(wall, DateTimeKind.Unspecified)),
            new(2, null),
            new(3, DateTime.SpecifyKind(wall.AddDays(1), DateTimeKind.Unspecified)),
            new(4, DateTime.SpecifyKind(wall.AddDays(2), DateTimeKind.Utc)),
            new(5, DateTime.SpecifyKind(wall.AddDays(3), DateTimeKind.Local)),
            new(6, DateTime.SpecifyKind(wall.AddDays(4), DateTimeKind.Unspecified)),
        ];

        await Client(volume).Merge(staged).UsingRows(rows, columns).On("id").WhenNotMatchedInsertAll().ExecuteAsync(Ct);
        await JsonClient().Merge(json).UsingRows(rows, columns).On("id").WhenNotMatchedInsertAll().ExecuteAsync(Ct);
        var back = await TextRowsAsync(staged);

        Assert.Equal(rows.Select(r => $"{r.Id}|{Text(r.At)}"), back);
        Assert.Equal(await TextRowsAsync(json), back);
        Assert.Empty(await StagedFilesAsync(volume));
    }

    [Theory]
    [InlineData(SourceRowEncoding.JsonParameter)]
    [InlineData(SourceRowEncoding.ValuesParameters)]
    public async Task Merge_ZeroRows_ChangesNothingAndStagesNothing(SourceRowEncoding encoding)
    {
        var volume = await CreateVolumeAsync();
        var table = await CreateTableAsync("typed_empty", ReadingColumns);
        await JsonClient().WriteTableAsync(table, [Reading.Make(1)], WriteMode.Append, cancellationToken: Ct);
        var sut = lakehouse.Client.GetDeltaClient("main", "default", new DeltaClientOptions { RowEncoding = encoding, StagingVolumePath = volume, StagingThresholdBytes = 0 });

        var merge = sut.Merge(table).UsingRows(new List<Reading>()).On("id").WhenMatchedUpdateAll().WhenNotMatchedInsertAll();
        var stages = merge.StagesSourceRows;
        var result = await merge.ExecuteAsync(Ct);

        Assert.False(stages);
        Assert.Equal((0L, 0L, 0L), (result.NumInsertedRows, result.NumUpdatedRows, result.NumDeletedRows));
        Assert.Equal([Reading.Make(1).Expected()], await TextRowsAsync(table));
        Assert.Empty(await StagedFilesAsync(volume));
    }

    [Fact]
    public async Task Merge_StagedTypedKeysRepeated_RefusedWithTheKeysBeforeAnythingIsStaged()
    {
        var volume = await CreateVolumeAsync();
        var table = await CreateTableAsync("typed_keys", [SchemaColumn.Of("id", "BIGINT"), SchemaColumn.Of("amt", "DECIMAL(10,2)"), SchemaColumn.Of("day", "DATE")]);
        var sut = Client(volume);

        // 1.5 and 1.50 are one key, as in SQL; two null keys are a repeat as the MERGE would see them; dates by value.
        List<Keyed> decimals = [new(1, 1.5m, new DateOnly(2024, 1, 1)), new(2, 1.50m, new DateOnly(2024, 1, 2)), new(3, 2m, new DateOnly(2024, 1, 3))];
        List<Keyed> nulls = [new(1, null, new DateOnly(2024, 1, 1)), new(2, 3m, new DateOnly(2024, 1, 2)), new(3, null, new DateOnly(2024, 1, 3))];
        List<Keyed> dates = [new(1, 1m, new DateOnly(2024, 2, 29)), new(2, 2m, new DateOnly(2024, 2, 29))];

        var byAmount = await Assert.ThrowsAsync<DuplicateSourceKeysException>(() => sut.Merge(table).UsingRows(decimals).On("amt").WhenMatchedUpdateAll().ExecuteAsync(Ct));
        var byNull = await Assert.ThrowsAsync<DuplicateSourceKeysException>(() => sut.Merge(table).UsingRows(nulls).On("amt").WhenMatchedUpdateAll().ExecuteAsync(Ct));
        var byDay = await Assert.ThrowsAsync<DuplicateSourceKeysException>(() => sut.Merge(table).UsingRows(dates).On("day").WhenMatchedUpdateAll().ExecuteAsync(Ct));
        var distinct = await sut.Merge(table).UsingRows(decimals).On("id").WhenMatchedUpdateAll().WhenNotMatchedInsertAll().ExecuteAsync(Ct);

        Assert.Equal((1.5m, 2L), (Assert.Single(byAmount.Keys).Key["amt"], Assert.Single(byAmount.Keys).Count));
        Assert.Equal((null, 2L), (Assert.Single(byNull.Keys).Key["amt"], Assert.Single(byNull.Keys).Count));
        Assert.Equal((new DateOnly(2024, 2, 29), 2L), (Assert.Single(byDay.Keys).Key["day"], Assert.Single(byDay.Keys).Count));
        Assert.Equal(3, distinct.NumInsertedRows);
        Assert.Empty(await StagedFilesAsync(volume));
    }

    [Fact]
    public async Task Merge_StagedLongOutOfRangeOfAnIntColumn_FailsTheStatementAndDeletesTheFile()
    {
        var volume = await CreateVolumeAsync();
        IReadOnlyList<SchemaColumn> columns = [SchemaColumn.Of("id", "BIGINT"), SchemaColumn.Of("amt", "INT")];
        var table = await CreateTableAsync("typed_range", columns);
        List<Wide> wide = [.. Enumerable.Range(0, 50).Select(i => new Wide(i, i == 40 ? 3_000_000_000L : i))];

        // A long beyond INT cannot go typed: the column goes as text and the load's CAST refuses it, as a bound
        // parameter's would; nothing of the batch lands.
        await Assert.ThrowsAnyAsync<DatabricksException>(() => Client(volume).Merge(table).UsingRows(wide, columns).On("id").WhenNotMatchedInsertAll().ExecuteAsync(Ct));
        var inRange = await Client(volume).Merge(table).UsingRows(wide.Where(w => w.Amt <= int.MaxValue), columns).On("id").WhenNotMatchedInsertAll().ExecuteAsync(Ct);

        Assert.Equal(49, inRange.NumInsertedRows);
        Assert.Equal(wide.Where(w => w.Id != 40).Select(w => $"{w.Id}|{w.Amt}"), await TextRowsAsync(table));
        Assert.Empty(await StagedFilesAsync(volume));
    }

    [Fact]
    public async Task Merge_StagedDecimalsOfEveryScale_LoseNoDigitOrAreRefusedNamingTheRow()
    {
        var volume = await CreateVolumeAsync();
        IReadOnlyList<SchemaColumn> columns = [SchemaColumn.Of("id", "BIGINT"), SchemaColumn.Of("amt", "DECIMAL(38,10)"), SchemaColumn.Of("day", "DATE")];
        var table = await CreateTableAsync("typed_decimals", columns);
        decimal[] amounts = [0m, -0.0000000001m, 1234567890123456789.0123456789m, -999999999999999999.9999999999m, 7.10m, 1e-10m];
        List<Keyed> rows = [.. amounts.Select((a, i) => new Keyed(i, a, null))];
        List<Keyed> rounded = [.. rows, new Keyed(99, 0.00000000001m, null)];

        await Client(volume).Merge(table).UsingRows(rows, columns).On("id").WhenNotMatchedInsertAll().ExecuteAsync(Ct);
        var error = Assert.Throws<ArgumentException>(() => Client(volume).Merge(table).UsingRows(rounded, columns));
        var back = await TextRowsAsync(table);

        Assert.Equal(rows.Select(r => $"{r.Id}|{Text(r.Amt)}|∅"), back);
        Assert.Contains("row 6 holds 0.00000000001", error.Message, StringComparison.Ordinal);
        Assert.Empty(await StagedFilesAsync(volume));
    }

    private static string Text(object? value) => value switch
    {
        null => "∅",
        decimal d => d.ToString(ExactDecimal, CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        byte[] b => Convert.ToHexString(b),
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };

    private DeltaClient JsonClient() =>
        lakehouse.Client.GetDeltaClient("main", "default", new DeltaClientOptions { RowEncoding = SourceRowEncoding.JsonParameter });

    private async Task<List<string>> TextRowsAsync(string table) =>
        await lakehouse.Client.GetSqlClient()
            .QueryAsync(SqlStatement.FromText($"SELECT * FROM {new TableName("main", "default", table).ToSql()} ORDER BY id"), cancellationToken: Ct)
            .Select(r => string.Join('|', Enumerable.Range(0, r.FieldCount).Select(i => Text(r[i]))))
            .ToListAsync(Ct);

    /// <summary>A row type that is a struct, with a property of every type the row mapper reads typed or as objects.</summary>
    public readonly record struct Reading(
        long Id, int Count, short? Small, byte Octet, ushort U16, uint U32, ulong U64, bool? Flag, float? Real, double Dbl,
        decimal? Amount, DateOnly Day, DateTime? AtUtc, DateTime At, Guid Tag, char Letter, Shade Shade, string? Name, byte[]? Blob)
    {
        private const string Hostile = "it's `x` \"q\" \\ ; DROP TABLE t; -- \n\t\u2028 é 漢字 😀 ' OR '1'='1";

        public static Reading Make(int i) => new(
            i,
            i % 2 == 0 ? int.MinValue + i : int.MaxValue - i,
            i % 3 == 0 ? null : (short)(short.MinValue + i),
            (byte)(255 - (i % 256)),
            ushort.MaxValue,
            uint.MaxValue - (uint)i,
            i % 2 == 0 ? ulong.MaxValue : (ulong)i,
            i % 4 == 0 ? null : i % 2 == 1,
            i % 5 == 0 ? null : i % 5 == 1 ? float.MaxValue : i % 5 == 2 ? float.NaN : i * -0.25f,
            i % 2 == 0 ? double.Epsilon : 0.1 + i,
            i % 7 == 0 ? null : i % 2 == 0 ? decimal.MaxValue : -0.5m - i,
            new DateOnly(1, 1, 1).AddDays(i * 1_000 % 3_652_058),
            i % 3 == 1 ? null : new DateTime(2024, 2, 29, 23, 59, 59, DateTimeKind.Utc).AddTicks(i * 10),
            new DateTime(1999, 12, 31, 23, 59, 59, DateTimeKind.Unspecified).AddTicks(i * 10),
            new Guid(i, 1, 2, [3, 4, 5, 6, 7, 8, 9, 10]),
            (char)('a' + (i % 26)),
            i % 2 == 0 ? Shade.Dark : Shade.Light,
            i % 6 == 0 ? null : Hostile + i.ToString(CultureInfo.InvariantCulture),
            i % 5 == 0 ? null : [(byte)i, 0, 255]);

        /// <summary>The row as <see cref="TextRowsAsync"/> reads it back: every value exact.</summary>
        public string Expected() => string.Join('|', new object?[]
        {
            Id, Count, Small, (short)Octet, (int)U16, (long)U32, (decimal)U64, Flag, Real, Dbl, Amount, Day, AtUtc, At,
            Tag.ToString(), Letter.ToString(), Shade.ToString(), Name, Blob,
        }.Select(Text));
    }

    public sealed record Keyed(long Id, decimal? Amt, DateOnly? Day);

    public sealed record Wide(long Id, long Amt);

    public sealed record Clock(long Id, DateTime? At);
}
