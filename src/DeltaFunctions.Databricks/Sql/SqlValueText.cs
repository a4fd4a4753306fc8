using System.Globalization;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>Formats CLR values as parameter text with the SQL type the service casts them to.</summary>
internal static class SqlValueText
{
    public static (string? Text, string? Type, bool IsBinary) ToParameter(object? value) => value switch
    {
        null or DBNull => (null, null, false),
        string s => (s, "STRING", false),
        bool b => (b ? "true" : "false", "BOOLEAN", false),
        sbyte v => (v.ToString(CultureInfo.InvariantCulture), "TINYINT", false),
        byte v => (v.ToString(CultureInfo.InvariantCulture), "SMALLINT", false),
        short v => (v.ToString(CultureInfo.InvariantCulture), "SMALLINT", false),
        ushort v => (v.ToString(CultureInfo.InvariantCulture), "INT", false),
        int v => (v.ToString(CultureInfo.InvariantCulture), "INT", false),
        uint v => (v.ToString(CultureInfo.InvariantCulture), "BIGINT", false),
        long v => (v.ToString(CultureInfo.InvariantCulture), "BIGINT", false),
        ulong v => (v.ToString(CultureInfo.InvariantCulture), "DECIMAL(20,0)", false),
        float v => (FormatFloat(v), "FLOAT", false),
        double v => (FormatDouble(v), "DOUBLE", false),
        decimal v => (v.ToString(CultureInfo.InvariantCulture), DecimalType(v).ToString(), false),
        DateOnly d => (d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "DATE", false),
        DateTimeOffset t => (FormatTimestamp(t), "TIMESTAMP", false),
        DateTime t when t.Kind == DateTimeKind.Utc => (FormatTimestamp(new DateTimeOffset(t)), "TIMESTAMP", false),
        DateTime t => (t.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture), "TIMESTAMP_NTZ", false),
        Guid g => (g.ToString("D"), "STRING", false),
        char c => (c.ToString(), "STRING", false),
        byte[] bytes => (Convert.ToHexString(bytes), "STRING", true),
        ReadOnlyMemory<byte> bytes => (Convert.ToHexString(bytes.Span), "STRING", true),
        Enum e => (e.ToString(), "STRING", false),
        _ => throw new ArgumentException(
            $"Values of type {value.GetType().Name} cannot be bound as a SQL parameter; pass a string, number, bool, date, timestamp, Guid or byte[].",
            nameof(value)),
    };

    public static SqlType DecimalType(decimal value)
    {
        var scale = value.Scale;
        var digits = IntegerDigits(value);
        var precision = Math.Clamp(Math.Max(digits + scale, 1), 1, 38);
        return SqlType.Decimal(precision, Math.Min(scale, precision));
    }

    /// <summary>
    /// 10^<paramref name="integerDigits"/>, the bound a value with at most that many integer digits stays below (so a
    /// magnitude check needs no digit count); <see cref="decimal.MaxValue"/> from 29 digits, which no decimal exceeds.
    /// </summary>
    public static decimal IntegerDigitsLimit(int integerDigits)
    {
        if (integerDigits >= 29)
        {
            return decimal.MaxValue;
        }

        var limit = 1m;
        for (var i = 0; i < integerDigits; i++)
        {
            limit *= 10m;
        }

        return limit;
    }

    /// <summary>The number of digits before the decimal point (0 for values below 1).</summary>
    public static int IntegerDigits(decimal value)
    {
        var digits = 0;
        var integral = decimal.Truncate(Math.Abs(value));
        while (integral >= 1m)
        {
            integral = decimal.Truncate(integral / 10m);
            digits++;
        }

        return digits;
    }

    public static string FormatTimestamp(DateTimeOffset t) =>
        t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static string FormatFloat(float v) => float.IsNaN(v) ? "NaN"
        : float.IsPositiveInfinity(v) ? "Infinity"
        : float.IsNegativeInfinity(v) ? "-Infinity"
        : v.ToString("R", CultureInfo.InvariantCulture);

    public static string FormatDouble(double v) => double.IsNaN(v) ? "NaN"
        : double.IsPositiveInfinity(v) ? "Infinity"
        : double.IsNegativeInfinity(v) ? "-Infinity"
        : v.ToString("R", CultureInfo.InvariantCulture);
}
