using System.Globalization;
using DeltaFunctions.Databricks.Delta;
using DeltaFunctions.Databricks.Schema;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Databricks.Tests.IntegrationTests;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DeltaFunctions.Databricks.Tests.Delta;

/// <summary>
/// Every value a user hands the Delta client arrives exactly: generated rows of every scalar type, extremes included
/// (NaN, ±Infinity, MinValue/MaxValue, decimals of 28 places, timestamps to the microsecond), written from a plain
/// record with inferred columns through the JSON parameter, the VALUES table and Parquet staging, read back equal
/// (emulator over loopback). Values a column would round are refused naming the column.
/// </summary>
public sealed class ExactValuesProperties(LakehouseEmulator lakehouse) : IClassFixture<LakehouseEmulator>
{
    private const string Ddl = "k BIGINT, flag BOOLEAN, tiny TINYINT, small SMALLINT, num INT, big BIGINT, real FLOAT, dbl DOUBLE, "
        + "money DECIMAL(38,9), fine DECIMAL(38,28), text STRING, day DATE, at TIMESTAMP, blob BINARY";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Gen<T> WithExtremes<T>(Gen<T> gen, params T[] extremes) => Gen.Frequency((3, gen), (2, Gen.Elements(extremes)));

    /// <summary>Decimals with up to 29 integer digits and 9 places (DECIMAL(38,9)).</summary>
    private static Gen<decimal> Money =>
        WithExtremes(
            from lo in ArbMap.Default.GeneratorFor<int>()
            from mid in ArbMap.Default.GeneratorFor<int>()
            from hi in ArbMap.Default.GeneratorFor<int>()
            from negative in ArbMap.Default.GeneratorFor<bool>()
            from scale in Gen.Choose(0, 9)
            select new decimal(lo, mid, hi, negative, (byte)scale),
            decimal.MaxValue,
            decimal.MinValue,
            0m,
            0.000000001m);

    /// <summary>Decimals of up to 10 integer digits and 28 places (DECIMAL(38,28)).</summary>
    private static Gen<decimal> Fine =>
        WithExtremes(
            from lo in ArbMap.Default.GeneratorFor<int>()
            from mid in ArbMap.Default.GeneratorFor<int>()
            from negative in ArbMap.Default.GeneratorFor<bool>()
            from scale in Gen.Choose(10, 28)
            select new decimal(lo, mid, 0, negative, (byte)scale),
            0.0000000000000000000000000001m,
            -0.0000000000000000000000000001m,
            0.12345678901234567890m,
            0.00000000000000000001m,
            9999999999.999999999999999999m);

    private static Gen<DateTimeOffset> Instants =>
        WithExtremes(
            from fraction in Gen.Choose(0, int.MaxValue)
            from micros in Gen.Choose(0, 999_999)
            let seconds = (long)(fraction / (double)int.MaxValue * (DateTimeOffset.MaxValue.ToUnixTimeSeconds() - DateTimeOffset.MinValue.ToUnixTimeSeconds() - 1))
            select DateTimeOffset.MinValue.AddSeconds(seconds).AddTicks(micros * 10L),
            DateTimeOffset.MinValue,
            new DateTimeOffset(DateTimeOffset.MaxValue.UtcTicks - 9, TimeSpan.Zero),
            new DateTimeOffset(2024, 6, 12, 8, 30, 0, TimeSpan.Zero).AddTicks(1234560),
            DateTimeOffset.UnixEpoch);

    private static Gen<AllTypes> Rows(long k) =>
        from flag in ArbMap.Default.GeneratorFor<bool>()
        from tiny in WithExtremes(ArbMap.Default.GeneratorFor<sbyte>(), sbyte.MinValue, sbyte.MaxValue)
        from small in WithExtremes(ArbMap.Default.GeneratorFor<short>(), short.MinValue, short.MaxValue)
        from num in WithExtremes(ArbMap.Default.GeneratorFor<int>(), int.MinValue, int.MaxValue)
        from big in WithExtremes(ArbMap.Default.GeneratorFor<long>(), long.MinValue, long.MaxValue)
        from real in WithExtremes(ArbMap.Default.GeneratorFor<float>(), float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.MaxValue, float.MinValue, float.Epsilon, -0f)
        from dbl in WithExtremes(ArbMap.Default.GeneratorFor<double>(), double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.MaxValue, double.MinValue, double.Epsilon)
        from money in Money
        from fine in Fine
        from text in WithExtremes(ArbMap.Default.GeneratorFor<string>().Where(s => s is not null && !s.Contains('\0', StringComparison.Ordinal)), string.Empty, "città \u00e9 \U0001F600", "it's \"quoted\" \\ `back`")
        from day in WithExtremes(ArbMap.Default.GeneratorFor<DateTime>().Select(DateOnly.FromDateTime), DateOnly.MinValue, DateOnly.MaxValue)
        from at in Instants
        from blob in WithExtremes(ArbMap.Default.GeneratorFor<byte[]>().Where(b => b is not null), [], [0, 255])
        select new AllTypes(k, flag, tiny, small, num, big, real, dbl, money, fine, text, day, at, blob);

    private static Gen<List<AllTypes>> Batches =>
        from rows in Rows(0).ListOf().Where(l => l.Count is > 0 and < 5)
        select rows.Select((r, i) => r with { K = i }).ToList();

    [Property(MaxTest = 12)]
    public Property every_type_round_trips_exactly_through_every_row_path() =>
        Prop.ForAll(Arb.From(Batches), rows => RunAsync(rows).GetAwaiter().GetResult());

    [Theory]
    [InlineData(SourceRowEncoding.JsonParameter)]
    [InlineData(SourceRowEncoding.ValuesParameters)]
    public async Task WriteTableAsync_IssueDecimals_StoredWithEveryDigit(SourceRowEncoding encoding)
    {
        var table = await CreateAsync("k BIGINT, amount DECIMAL(38,20)");
        var sut = lakehouse.Client.GetDeltaClient("main", "default", new DeltaClientOptions { RowEncoding = encoding });

        await sut.WriteTableAsync(table, [new Amount(1, 0.12345678901234567890m)], cancellationToken: Ct);
        await sut.Merge(table).UsingRows([new Amount(2, 0.00000000000000000001m)]).On("k").WhenNotMatchedInsertAll().ExecuteAsync(Ct);
        var stored = await lakehouse.Client.GetSqlClient().ReadAsync<string>(
            SqlStatement.FromText($"SELECT CAST(amount AS STRING) FROM main.default.{table} ORDER BY k"), cancellationToken: Ct).ToListAsync(Ct);

        Assert.Equal(["0.12345678901234567890", "0.00000000000000000001"], stored);
    }

    [Fact]
    public async Task WriteTableAsync_ListedColumnTooNarrow_RefusesNamingTheColumn()
    {
        var table = await CreateAsync("k BIGINT, amount DECIMAL(38,10)");
        var sut = lakehouse.Client.GetDeltaClient("main", "default");
        var columns = new[] { SchemaColumn.Of("k", "BIGINT"), SchemaColumn.Of("amount", "DECIMAL(38,10)") };

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => sut.WriteTableAsync(table, [new Amount(1, 0.12345678901234567890m)], options: new WriteTableOptions { Columns = columns }, cancellationToken: Ct));

        Assert.Contains("Column 'amount' is DECIMAL(38,10)", error.Message, StringComparison.Ordinal);
        Assert.Contains("it would be rounded", error.Message, StringComparison.Ordinal);
    }

    private async Task<bool> RunAsync(List<AllTypes> rows)
    {
        var volume = "stage_" + Guid.NewGuid().ToString("N")[..8];
        await lakehouse.Client.GetSqlClient().ExecuteAsync(SqlStatement.FromText($"CREATE VOLUME main.default.{volume}"), cancellationToken: Ct);
        var paths = new (string Name, DeltaClientOptions Options)[]
        {
            ("JSON parameter", new DeltaClientOptions { RowEncoding = SourceRowEncoding.JsonParameter }),
            ("VALUES", new DeltaClientOptions { RowEncoding = SourceRowEncoding.ValuesParameters }),
            ("Parquet staging", new DeltaClientOptions { StagingVolumePath = $"/Volumes/main/default/{volume}", StagingThresholdBytes = 1 }),
        };
        foreach (var (name, options) in paths)
        {
            var table = await CreateAsync(Ddl);
            var sut = lakehouse.Client.GetDeltaClient("main", "default", options);

            await sut.WriteTableAsync(table, rows, cancellationToken: Ct);
            var back = await sut.ReadTableAsync<AllTypes>(table, cancellationToken: Ct).ToListAsync(Ct);

            Assert.Equal(rows.Count, back.Count);
            foreach (var (written, read) in rows.Zip(back.OrderBy(r => r.K)))
            {
                Assert.True(written.Same(read), $"{name}: wrote {written.Describe()}\nread  {read.Describe()}");
            }
        }

        return true;
    }

    private async Task<string> CreateAsync(string columns)
    {
        var table = LakehouseEmulator.NewTable("exact");
        await lakehouse.Client.GetSqlClient().ExecuteAsync(SqlStatement.FromText($"CREATE TABLE main.default.{table} ({columns})"), cancellationToken: Ct);
        return table;
    }

    private sealed record Amount(long K, decimal Value)
    {
        [System.Text.Json.Serialization.JsonPropertyName("amount")]
        public decimal Value { get; init; } = Value;
    }

    public sealed record AllTypes(
        long K, bool Flag, sbyte Tiny, short Small, int Num, long Big, float Real, double Dbl, decimal Money, decimal Fine,
        string Text, DateOnly Day, DateTimeOffset At, byte[] Blob)
    {
        public bool Same(AllTypes other) =>
            K == other.K && Flag == other.Flag && Tiny == other.Tiny && Small == other.Small && Num == other.Num && Big == other.Big
            && Real.Equals(other.Real) && Dbl.Equals(other.Dbl) && Money == other.Money && Fine == other.Fine
            && Text == other.Text && Day == other.Day && At.UtcTicks == other.At.UtcTicks && Blob.AsSpan().SequenceEqual(other.Blob);

        public string Describe() => string.Create(
            CultureInfo.InvariantCulture,
            $"k={K} flag={Flag} tiny={Tiny} small={Small} num={Num} big={Big} real={Real:R} dbl={Dbl:R} money={Money} fine={Fine} text=[{Text}] day={Day:O} at={At:O} blob={Convert.ToHexString(Blob)}");
    }
}
