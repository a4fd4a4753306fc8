using DeltaFunctions.Lakehouse.Sql.Json;

namespace DeltaFunctions.Lakehouse.Tests.Sql.Json;

public sealed class SparkDateTimeTests
{
    [Theory]
    [InlineData("2024", "2024-01-01")]
    [InlineData("2024-7", "2024-07-01")]
    [InlineData(" 2024-07-04 ", "2024-07-04")]
    [InlineData("2024-07-04 anything", "2024-07-04")]
    [InlineData("2024-07-04T10:00", "2024-07-04")]
    [InlineData("-1", "1969-12-31")]
    public void TryParseDate_SparkForms_ParsesDate(string text, string expected)
    {
        var ok = SparkDateTime.TryParseDate(text, out var date);

        Assert.True(ok);
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), date);
    }

    [Theory]
    [InlineData("2024-13-01")]
    [InlineData("2024-02-30")]
    [InlineData("24-01-01")]
    [InlineData("2024/01/01")]
    [InlineData("")]
    [InlineData("12345678901")]
    public void TryParseDate_NotADate_ReturnsFalse(string text)
    {
        var ok = SparkDateTime.TryParseDate(text, out _);

        Assert.False(ok);
    }

    [Theory]
    [InlineData("2024-06-10T08:05:03Z", "2024-06-10T08:05:03.0000000+00:00")]
    [InlineData("2024-06-10 08:05:03.5-0130", "2024-06-10T09:35:03.5000000+00:00")]
    [InlineData("2024-06-10T08:05:03 UTC+02:00", "2024-06-10T06:05:03.0000000+00:00")]
    [InlineData("2024-06-10T8:5", "2024-06-10T08:05:00.0000000+00:00")]
    [InlineData("2024-06-10T08:05:03.123456789", "2024-06-10T08:05:03.1234560+00:00")]
    public void TryParseTimestamp_ZonesAndFractions_GiveTheInstant(string text, string expected)
    {
        var ok = SparkDateTime.TryParseTimestamp(text, TimeZoneInfo.Utc, allowZone: true, out var micros);

        Assert.True(ok);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UnixEpoch.AddTicks(micros * 10));
    }

    [Theory]
    [InlineData("2024-06-10T25:00:00")]
    [InlineData("2024-06-10T08:05:03+19:00")]
    [InlineData("2024-06-10T08:05:03 Mars/Olympus")]
    [InlineData("2024-06-10Tnoon")]
    public void TryParseTimestamp_Invalid_ReturnsFalse(string text)
    {
        var ok = SparkDateTime.TryParseTimestamp(text, TimeZoneInfo.Utc, allowZone: true, out _);

        Assert.False(ok);
    }

    [Fact]
    public void TryParseTimestamp_NtzWithZone_IsRefused()
    {
        var withZone = SparkDateTime.TryParseTimestamp("2024-06-10T08:05:03+01:00", null, allowZone: false, out _);
        var wall = SparkDateTime.TryParseTimestamp("2024-06-10T08:05:03", null, allowZone: false, out var micros);

        Assert.False(withZone);
        Assert.True(wall);
        Assert.Equal(new DateTime(2024, 6, 10, 8, 5, 3, DateTimeKind.Utc), DateTime.UnixEpoch.AddTicks(micros * 10));
    }
}
